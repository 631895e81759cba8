"""One question of the paper form: its condition, number, label and hint, and what to write on.

What to write on is looked up by the question's kind in `RENDERERS` (kind -> function); a kind with no entry
is an error that names it, never drawn as something else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from questions import Bank, Question, tr
from questions.kinds.blood_pressure import BloodPressure
from questions.kinds.lists import ListOfRows
from questions.kinds.number import Number
from questions.kinds.scale import Scale
from questions.words import say
from summaries.blank_marks import (
    Choices,
    Gap,
    Inset,
    Part,
    RuledLines,
    ScaleBoxes,
    WriteIn,
    date_write_in,
    lines_of,
    number_write_in,
)
from summaries.blank_styles import GUTTER, LIST_ROW_HEIGHT, LIST_ROWS, LONG_TEXT_LINES, QUESTION_GAP, form_styles
from summaries.blank_words import either, question_numbers, quoted, show_if_text
from summaries.doc_kit import FONT, INK, RULE, SHADE
from summaries.pdf_kit import Paragraph, escape


class Form:
    """What every block needs: the bank, the numbers, the language, the styles and the column width."""

    def __init__(self, bank: Bank, language: str, width: float) -> None:
        self.bank, self.language, self.width = bank, language, width
        self.numbers = question_numbers(bank)
        self.styles = form_styles()

    def t(self, text: dict[str, str] | None) -> str:
        return tr(text, self.language)

    def condition(self, question: Question, asks: str = "") -> str:
        if not question.show_if:
            return ""
        return show_if_text(self.bank, question.show_if, self.numbers, self.language, asks=asks)

    def label(self, question: Question, style: str = "question") -> Paragraph:
        words = escape(self.t(question.label)) + (" *" if question.required else "")
        if style == "question":
            return Paragraph(words, self.styles[style], bulletText=str(self.numbers[question.id]))
        return Paragraph(words, self.styles[style])

    def choices(self, question: Question) -> Choices:
        return Choices([self.t(o.label) for o in question.choices()], self.styles["option"])

    def tick_all_note(self, question: Question) -> Paragraph:
        alone = [quoted(self.t(o.label)) for o in question.choices() if o.exclusive]
        tick_all = say(self.language, "paper.tick_all")
        if alone:
            words = say(
                self.language, "paper.tick_all_or_only", tick_all=tick_all, answers=either(alone, self.language)
            )
        else:
            words = say(self.language, "paper.tick_all_note", tick_all=tick_all)
        return Paragraph(escape(words), self.styles["note"])


@dataclass(frozen=True)
class Head:
    """What every question starts with: the space and its condition above it, its numbered label, its hint."""

    lead: list[Flowable]
    label: Paragraph
    hint: list[Flowable]


Renderer = Callable[[Form, Any, Head], list[Flowable]]
"""Draws one question of a kind (the kind's own model, questions/kinds/): its head, then what to write on."""


def kind_key(kind: object) -> str:
    """A kind as the string the bank spells it ("short_text"), whether it is an enum member or a string."""
    return str(getattr(kind, "value", kind))


def renderer(question: Question) -> Renderer:
    """How a question of this kind is drawn; a ValueError naming the kind when the form has no way to."""
    key = kind_key(question.kind)
    try:
        return RENDERERS[key]
    except KeyError:
        raise ValueError(
            f"The paper form cannot draw question {question.id!r}: it has no renderer for the kind {key!r}."
        ) from None


def question_block(form: Form, question: Question) -> list[Flowable]:
    """One question: its condition, number and label, hint, and what to write on, kept on one page."""
    render = renderer(question)
    styles = form.styles
    lead: list[Flowable] = [Gap(QUESTION_GAP)]
    condition = form.condition(question)
    if condition:
        lead.append(Paragraph(escape(condition), styles["condition"]))
    label = form.label(question)
    hint: list[Flowable] = [Paragraph(escape(form.t(question.help)), styles["help"])] if question.help else []
    return render(form, question, Head(lead, label, hint))


def _placed(
    form: Form,
    head: Head,
    answer: Flowable,
    beside: float,
    *,
    boxes: bool = False,
    below: Flowable | None = None,
    note: Sequence[Flowable] = (),
    gap: float = 5.0,
) -> list[Flowable]:
    """`answer` beside the question when it is `beside` points wide (0: never) and leaves the question room
    (at least 45% of the column, and one line for a label beside anything but tick boxes); otherwise
    `below` (by default the same answer) under the question, after `note`, clear of the number."""
    width = form.width
    if beside:
        left = width - beside
        if left >= 0.45 * width and (boxes or lines_of(head.label, left - 14) == 1):
            row = Table([[[head.label, *head.hint], answer]], colWidths=[left, beside], hAlign="LEFT")
            row.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (0, 0), 14),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (1, 0), (1, 0), 0 if isinstance(answer, Choices) else -3),
                    ]
                )
            )
            return [KeepTogether([*head.lead, row])]
    shown = below if below is not None else answer
    body: list[Flowable] = [head.label, *head.hint, *note, Spacer(0, gap), Inset(shown, GUTTER)]
    return [KeepTogether([*head.lead, *body])]


# --- one renderer per kind ---------------------------------------------------------------------------------


def _short_text(form: Form, question: Question, head: Head) -> list[Flowable]:
    """A line beside the question, or a full-width line under it."""
    return _placed(form, head, RuledLines(1, gap=14), 0.42 * form.width, below=RuledLines(1))


def _long_text(form: Form, question: Question, head: Head) -> list[Flowable]:
    """Room for a few sentences; a follow-up ("tell us more") gets a line less."""
    lines = RuledLines(LONG_TEXT_LINES - (1 if question.show_if else 0))
    return _placed(form, head, lines, 0, gap=0)


def _number(form: Form, question: Number, head: Head) -> list[Flowable]:
    """A box per unit ("kg  or  lb"), beside the question when it fits."""
    write_in = number_write_in(question, form.language)
    return _placed(form, head, write_in, write_in.natural_width() + 2)


def _date(form: Form, question: Question, head: Head) -> list[Flowable]:
    """Year, month and day boxes, beside the question when it fits."""
    write_in = date_write_in(form.language)
    return _placed(form, head, write_in, write_in.natural_width() + 2)


def _one_choice(form: Form, question: Question, head: Head) -> list[Flowable]:
    """A tick box per option; up to four options may sit beside the question."""
    boxes = form.choices(question)
    beside = boxes.natural_width() + 2 if len(question.choices()) <= 4 else 0
    return _placed(form, head, boxes, beside, boxes=True)


def _multiple_choice(form: Form, question: Question, head: Head) -> list[Flowable]:
    """A tick box per option under the question, after "Tick all that apply"."""
    return _placed(form, head, form.choices(question), 0, note=[form.tick_all_note(question)])


def _scale(form: Form, question: Scale, head: Head) -> list[Flowable]:
    """A tick box for each point, with its anchors."""
    anchors = {int(k): form.t(v) for k, v in question.anchors.items()}
    return _placed(form, head, ScaleBoxes(int(question.min or 0), int(question.max or 10), anchors), 0)


def _list(form: Form, question: ListOfRows, head: Head) -> list[Flowable]:
    """A table to write rows in, and where to go when it is full."""
    table = _list_table(form, question)
    more = say(form.language, "paper.more_rows", number=form.numbers[question.id])
    lead = [*head.lead, head.label, *head.hint, Spacer(0, 5)]
    return [*keep_start([*lead, table], form), Paragraph(escape(more), form.styles["note"])]


def _blood_pressure(form: Form, question: BloodPressure, head: Head) -> list[Flowable]:
    """Two boxes for the top and bottom numbers ("___ / ___ mmHg") and the day of the reading."""
    day = date_write_in(form.language)
    unit = ("text", say(form.language, "kinds.blood_pressure.paper_unit"), "")
    taken = ("text", say(form.language, "kinds.blood_pressure.paper_day"), "")
    parts: list[Part] = [("box", 42, ""), ("text", "/", ""), ("box", 42, ""), unit, taken, *day.parts]
    captions = {0: say(form.language, "kinds.blood_pressure.paper_top")}
    captions[2] = say(form.language, "kinds.blood_pressure.paper_bottom")
    captions.update({index + 5: caption for index, caption in day.captions.items()})
    write_in = WriteIn(parts, captions=list(captions.items()))
    return _placed(form, head, write_in, write_in.natural_width() + 2)


RENDERERS: dict[str, Renderer] = {
    "short_text": _short_text,
    "long_text": _long_text,
    "number": _number,
    "date": _date,
    "single_choice": _one_choice,
    "multiple_choice": _multiple_choice,
    "yes_no": _one_choice,
    "scale": _scale,
    "list": _list,
    "blood_pressure": _blood_pressure,
}
"""The paper form's drawing of each question kind, keyed by the kind's name in the bank."""


def _list_table(form: Form, question: ListOfRows) -> Table:
    """A list as a table: its fields as the header row (repeated on a new page) and empty rows to write in."""
    rows = min(question.max_rows, LIST_ROWS if question.max_rows >= 20 else 4)
    headers: list[Any] = [Paragraph(escape(form.t(f.label)), form.styles["list_head"]) for f in question.fields]
    headers = headers or [""]
    weights = [1.6 if i == 0 else 1.0 for i in range(len(headers))]
    room = form.width - GUTTER
    widths = [room * w / sum(weights) for w in weights]
    data: list[list[Any]] = [headers, *[[""] * len(headers) for _ in range(rows)]]
    table = Table(data, colWidths=widths, rowHeights=[None, *[LIST_ROW_HEIGHT] * rows], repeatRows=1, hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BOX", (0, 0), (-1, -1), 0.8, INK),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def block_height(flowable: Flowable, width: float) -> float:
    return float(flowable.wrapOn(None, width, 10_000)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def keep_start(flowables: list[Flowable], form: Form, at_least: float = 1.6 * inch) -> list[Flowable]:
    """Start on a new page unless the lead and `at_least` of what follows fit (a grid's stem with its rows)."""
    need = sum(block_height(f, form.width) for f in flowables[:-1])
    last = min(block_height(flowables[-1], form.width), at_least)
    return [CondPageBreak(need + last), *flowables]
