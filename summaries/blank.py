"""The paper form: every question of the bank as a printable PDF that a patient fills in by hand.

The same sections as the app, in order, with the questions numbered 1, 2, 3 ... across the whole form.
Each answer gets something to write on: a line, ruled lines, boxes, or tick boxes drawn as real squares
(not font glyphs). Each `show_if` is spelled out ("Answer only if you answered "Yes" to question 12"), and
the validated instruments print as grids with their published options as column headers.

Dates are written year, month, day (YYYY / MM / DD): one order that reads the same in every country.

Reuses the summary renderer's font, escaping, page sizes and "Page X of Y" canvas (summaries/pdf.py).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from questions import Bank, Condition, Question, tr
from questions.clinic import Clinic
from questions.kinds.lists import ListOfRows
from questions.kinds.number import Number
from questions.kinds.scale import Scale
from questions.schema import DEFAULT_LANGUAGE, Kind
from summaries import pdf as _pdf
from summaries.pdf import (
    CREATOR,
    FONT,
    FONT_BOLD,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_SIZES,
    QUIET,
    RULE,
    SHADE,
    PageSize,
    clean,
    escape,
)
from summaries.pdf_kit import Paragraph  # draws right-to-left lines in reading order (a translated bank)
from summaries.summary import DISCLAIMER

__all__ = ["DATE_FORMAT", "question_numbers", "render_blank", "show_if_text"]

DATE_FORMAT = "YYYY / MM / DD"
"""How the form asks for dates: year, month, day."""

NOT_A_DIAGNOSIS = DISCLAIMER.split(".")[0] + "."  # the summary's own words: "Not a diagnosis, not a ..."

GUTTER = 0.38 * inch  # the question numbers' column
BOX = 9.0  # a tick box's side
CELL = 14.0  # one character box of a date
WRITE_HEIGHT = 18.0  # a box to write a number in
LINE_GAP = 22.0  # between ruled lines: room for handwriting
LONG_TEXT_LINES = 4
LIST_ROWS = 8  # empty rows for a long list (medications); a short list gets its max_rows, at most 4
LIST_ROW_HEIGHT = 24.0
SHORT_GRID = 10  # a grid of up to this many rows stays on one page; a longer one repeats its header row
ZEBRA = colors.HexColor("#F2F2F2")  # every other grid row: keeps the eye on the row, invisible in a photocopy
GUIDE = colors.HexColor("#A8A8A8")  # faint Y / M / D letters inside date boxes


# --- words -------------------------------------------------------------------------------------------------


def question_numbers(bank: Bank) -> dict[str, int]:
    """Each question's number on the form: 1, 2, 3 ... in the order the patient meets them."""
    return {q.id: number for number, q in enumerate(bank.questions(), start=1)}


def _quoted(label: str) -> str:
    return f"\u201c{' '.join(label.split())}\u201d"


def _or(words: Sequence[str]) -> str:
    """'A', 'A or B', 'A, B or C'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _answers_words(question: Question, values: Sequence[str], language: str) -> str:
    """The answers that make a condition hold, as the patient reads them; 'anything other than ...' when shorter."""
    chosen = set(values)
    choices = question.choices()
    labels = [_quoted(tr(o.label, language)) for o in choices if o.value in chosen]
    labels += [_quoted(v) for v in values if question.option(v) is None]  # a value no option has: as written
    rest = [_quoted(tr(o.label, language)) for o in choices if o.value not in chosen]
    if len(values) >= 3 and rest and len(rest) < len(values):
        return f"anything other than {_or(rest)}"
    return _or(labels)


def _numbers_words(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    if len(numbers) == 2:
        return f"question {numbers[0]} or {numbers[1]}"
    if list(numbers) == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"any of questions {numbers[0]} to {numbers[-1]}"
    return f"any of questions {_or([str(n) for n in numbers])}"


def show_if_text(
    bank: Bank, conditions: Sequence[Condition], numbers: dict[str, int], language: str = "en", *, asks: str = ""
) -> str:
    """A question's `show_if` in words: 'Answer only if you answered "Yes" to question 12.'

    Conditions on several questions with the same answers read as one ('... to any of questions 13 to 21').
    `asks` names the questions the sentence is about, for a grid: 'questions 23 to 42'.
    """
    groups: list[tuple[str, str, list[int]]] = []  # (verb, answers, question numbers)
    for condition in conditions:  # the loader checked that each names an earlier question and its options
        asked = bank.question(condition.question)
        answers = _answers_words(asked, condition.any_of, language)
        verb = "ticked" if asked.kind is Kind.MULTIPLE_CHOICE else "answered"
        number = numbers[asked.id]
        if groups and groups[-1][:2] == (verb, answers):
            groups[-1][2].append(number)
        else:
            groups.append((verb, answers, [number]))
    parts = []
    for verb, answers, group in groups:
        where = "in" if verb == "ticked" else "to"
        parts.append(f"{verb} {answers} {where} {_numbers_words(group)}")
    subject = f"Answer {asks} only if" if asks else "Answer only if"
    return f"{subject} you {' or '.join(parts)}."


# --- styles ------------------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13, textColor=INK, allowWidows=0)
    return {
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, textColor=QUIET, spaceAfter=8),
        "clinic": ParagraphStyle("clinic", base, fontSize=9, leading=12, spaceAfter=1),
        "box": ParagraphStyle(
            "box",
            base,
            fontSize=9.5,
            leading=13,
            backColor=SHADE,
            borderColor=INK,
            borderWidth=0.75,
            borderPadding=(6, 7, 6, 7),
            spaceBefore=6,
            spaceAfter=14,
        ),
        "crisis": ParagraphStyle(
            "crisis",
            base,
            fontSize=9,
            leading=12.5,
            borderColor=INK,
            borderWidth=1.2,
            borderPadding=(6, 7, 6, 7),
            spaceBefore=10,
            spaceAfter=8,
        ),
        "heading": ParagraphStyle("heading", base, fontName=FONT_BOLD, fontSize=11, leading=14, spaceAfter=3),
        "bullet": ParagraphStyle(
            "bullet", base, fontSize=9.5, leading=12.5, leftIndent=12, bulletIndent=2, bulletFontName=FONT
        ),
        "privacy": ParagraphStyle("privacy", base, fontSize=9, leading=12, textColor=QUIET, spaceBefore=6),
        "section": ParagraphStyle(
            "section", base, fontName=FONT_BOLD, fontSize=14, leading=18, spaceBefore=16, spaceAfter=0
        ),
        "intro": ParagraphStyle("intro", base, fontSize=9, leading=12, textColor=QUIET, spaceBefore=3, spaceAfter=2),
        "question": ParagraphStyle(
            "question", base, leftIndent=GUTTER, bulletIndent=0, bulletFontName=FONT_BOLD, bulletFontSize=10
        ),
        "condition": ParagraphStyle(
            "condition", base, fontName=FONT_BOLD, fontSize=8.5, leading=11, leftIndent=GUTTER, spaceAfter=1.5
        ),
        "help": ParagraphStyle("help", base, fontSize=8.5, leading=11, textColor=QUIET, leftIndent=GUTTER),
        "note": ParagraphStyle(
            "note", base, fontSize=8.5, leading=11, textColor=QUIET, leftIndent=GUTTER, spaceBefore=2
        ),
        "option": ParagraphStyle("option", base, fontSize=9.5, leading=12),
        "grid_head": ParagraphStyle(
            "grid_head", base, fontName=FONT_BOLD, fontSize=8, leading=9.5, alignment=TA_CENTER
        ),
        "grid_name": ParagraphStyle("grid_name", base, fontName=FONT_BOLD, fontSize=9, leading=11),
        "grid_number": ParagraphStyle("grid_number", base, fontName=FONT_BOLD, fontSize=9.5, leading=12),
        "grid_item": ParagraphStyle("grid_item", base, fontSize=9, leading=11.5),
        "grid_help": ParagraphStyle("grid_help", base, fontSize=7.5, leading=9.5, textColor=QUIET, spaceBefore=1),
        "grid_condition": ParagraphStyle(
            "grid_condition", base, fontName=FONT_BOLD, fontSize=7.5, leading=9.5, spaceBefore=1.5
        ),
        "grid_option": ParagraphStyle("grid_option", base, fontSize=8.5, leading=10.5),
        "grid_lead": ParagraphStyle("grid_lead", base, fontName=FONT_BOLD, fontSize=8.5, leading=11, spaceAfter=3),
        "stem": ParagraphStyle("stem", base, fontName=FONT_BOLD, fontSize=10, leading=13, spaceAfter=3),
        "list_head": ParagraphStyle("list_head", base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11, textColor=QUIET),
    }


# --- things to write on ------------------------------------------------------------------------------------


def _tick_box(canvas: Canvas, x: float, y: float) -> None:
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    canvas.rect(x, y, BOX, BOX, stroke=1, fill=0)


class _TickBox(Flowable):
    """One empty tick box (a grid cell)."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return BOX, BOX

    def draw(self) -> None:
        _tick_box(self.canv, 0, 0)


class _Choices(Flowable):
    """Options, each with a tick box: in one row when they fit, else in 3, 2 or 1 columns (read down)."""

    def __init__(self, labels: Sequence[str], style: ParagraphStyle) -> None:
        super().__init__()
        self.labels = list(labels)
        self.style = style
        self._rows: list[list[tuple[float, Paragraph]]] = []
        self._heights: list[float] = []

    def _natural(self) -> list[float]:
        s = self.style
        return [BOX + 5 + pdfmetrics.stringWidth(clean(t), s.fontName, s.fontSize) for t in self.labels]

    def natural_width(self) -> float:
        """The width of all options in one row."""
        return sum(self._natural()) + 16 * (len(self.labels) - 1)

    def _columns(self, widths: list[float], aw: float) -> int:
        """3 or 2 columns when every label fits on one line; 2 for a long list whose labels take 2 lines."""
        count = len(widths)
        for k in (3, 2):
            if k < count and max(widths) <= aw / k - 12:
                return k
        if count >= 6:
            room = aw / 2 - BOX - 5 - 12
            if all(_lines_of(Paragraph(escape(t), self.style), room) <= 2 for t in self.labels):
                return 2
        return 1

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        widths = self._natural()
        count = len(self.labels)
        if self.natural_width() <= aw:
            xs, x = [], 0.0
            for w in widths:
                xs.append(x)
                x += w + 16
            layout = [list(zip(xs, self.labels, strict=True))]
            cell_rooms = [[w - BOX - 5 + 1 for w in widths]]
        else:
            columns = self._columns(widths, aw)
            per_column = -(-count // columns)
            column = aw / columns
            layout = [
                [(c * column, self.labels[c * per_column + r]) for c in range(columns) if c * per_column + r < count]
                for r in range(per_column)
            ]
            gap = 12 if columns > 1 else 0
            cell_rooms = [[column - BOX - 5 - gap] * len(row) for row in layout]
        self._rows, self._heights = [], []
        for row, rooms in zip(layout, cell_rooms, strict=True):
            cells = []
            for (x, label), room_for_label in zip(row, rooms, strict=True):
                para = Paragraph(escape(label), self.style)
                para.wrap(room_for_label, ah)
                cells.append((x, para))
            self._rows.append(cells)
            self._heights.append(max(p.height for _, p in cells) + 4)
        self.width, self.height = aw, sum(self._heights) - 4
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        size = self.style.fontSize
        for cells, height in zip(self._rows, self._heights, strict=True):
            for x, para in cells:
                baseline = top - size
                _tick_box(self.canv, x, baseline - 1.5)
                para.drawOn(self.canv, x + BOX + 5, top - para.height)
            top -= height


def _draw_cells(canvas: Canvas, x: float, y: float, count: int, size: float, guide: str = "") -> float:
    """`count` joined character boxes from (x, y), each with a faint guide letter; returns their width."""
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.7)
    for i in range(count):
        canvas.rect(x + i * size, y, size, size, stroke=1, fill=0)
    if guide:
        canvas.setFillColor(GUIDE)
        canvas.setFont(FONT, size * 0.45)
        for i in range(count):
            canvas.drawCentredString(x + (i + 0.5) * size, y + size * 0.32, guide)
        canvas.setFillColor(INK)
    return count * size


Part = tuple[str, Any, str]  # ("box", width, caption) | ("cells", count, guide letter) | ("text", words, "")


class _WriteIn(Flowable):
    """Boxes to write a number or a date in, with the words between them ('cm  or  inches')."""

    def __init__(self, parts: Sequence[Part], captions: Sequence[tuple[int, str]] = ()) -> None:
        super().__init__()
        self.parts = list(parts)
        self.captions = dict(captions)  # part index -> caption printed under it

    def _part_width(self, part: Part) -> float:
        kind, value, _ = part
        if kind == "box":
            return float(value)
        if kind == "cells":
            return float(value) * CELL
        return float(pdfmetrics.stringWidth(value, FONT, 9.5))

    def natural_width(self) -> float:
        """How wide the boxes and words are."""
        return sum(self._part_width(p) for p in self.parts) + 5 * (len(self.parts) - 1)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = self.natural_width()
        self.height = WRITE_HEIGHT + (10 if self.captions else 0)
        return self.width, self.height

    def draw(self) -> None:
        canvas, x = self.canv, 0.0
        bottom = 10.0 if self.captions else 0.0
        for index, part in enumerate(self.parts):
            kind, value, guide = part
            width = self._part_width(part)
            if kind == "box":
                canvas.setStrokeColor(INK)
                canvas.setLineWidth(0.8)
                canvas.rect(x, bottom, width, WRITE_HEIGHT, stroke=1, fill=0)
            elif kind == "cells":
                _draw_cells(canvas, x, bottom + (WRITE_HEIGHT - CELL) / 2, int(value), CELL, guide)
            else:
                canvas.setFillColor(INK)
                canvas.setFont(FONT, 9.5)
                canvas.drawString(x, bottom + 5, value)
            if index in self.captions:
                canvas.setFillColor(QUIET)
                canvas.setFont(FONT, 6.5)
                canvas.drawCentredString(x + width / 2, 1.5, self.captions[index])
            x += width + 5


def _date_write_in() -> _WriteIn:
    parts: list[Part] = [("cells", 4, "Y"), ("text", "/", ""), ("cells", 2, "M"), ("text", "/", ""), ("cells", 2, "D")]
    return _WriteIn(parts, captions=[(0, "year"), (2, "month"), (4, "day")])


def _number_write_in(question: Number, language: str) -> _WriteIn:
    parts: list[Part] = []
    if question.units:
        for index, unit in enumerate(question.units):
            if index:
                parts.append(("text", "or", ""))
            parts += [("box", 58, ""), ("text", clean(tr(unit.label, language)), "")]
    else:
        parts.append(("box", 58, ""))
        if question.unit:
            parts.append(("text", clean(tr(question.unit, language)), ""))
    return _WriteIn(parts)


class _RuledLines(Flowable):
    """Lines to write on, the width of the column."""

    def __init__(self, count: int, gap: float = LINE_GAP) -> None:
        super().__init__()
        self.count, self.gap = count, gap

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, self.count * self.gap
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            self.canv.line(0, i * self.gap, self.width, i * self.gap)


class _ScaleBoxes(Flowable):
    """A tick box for each point of a scale, its number above and the anchors below."""

    def __init__(self, low: int, high: int, anchors: dict[int, str]) -> None:
        super().__init__()
        self.low, self.high, self.anchors = low, high, anchors

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.slot = min(30.0, aw / (self.high - self.low + 1))
        self.width, self.height = aw, 12 + BOX + 13
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        for i, point in enumerate(range(self.low, self.high + 1)):
            centre = (i + 0.5) * self.slot
            canvas.setFillColor(INK)
            canvas.setFont(FONT, 8.5)
            canvas.drawCentredString(centre, 13 + BOX + 3, str(point))
            _tick_box(canvas, centre - BOX / 2, 13)
            if point in self.anchors:
                canvas.setFillColor(QUIET)
                canvas.setFont(FONT, 7.5)
                text = clean(self.anchors[point])
                if point == self.low:
                    canvas.drawString(centre - BOX / 2, 2, text)
                elif point == self.high:
                    canvas.drawRightString(centre + BOX / 2, 2, text)
                else:
                    canvas.drawCentredString(centre, 2, text)


class _Inset(Flowable):
    """A flowable moved right by `left` points (under its question's text, clear of the number)."""

    def __init__(self, inner: Flowable, left: float) -> None:
        super().__init__()
        self.inner, self.left = inner, left

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, self.height = self.inner.wrap(aw - self.left, ah)
        self.width = aw
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self.left, 0)


class _Gap(Flowable):
    """Space before a block that is dropped at the top of a page."""

    def __init__(self, points: float) -> None:
        super().__init__()
        self.spaceBefore = points

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return


# --- questions ---------------------------------------------------------------------------------------------

QUESTION_GAP = 10.0


class _Form:
    """What every block needs: the bank, the numbers, the language, the styles and the column width."""

    def __init__(self, bank: Bank, language: str, width: float) -> None:
        self.bank, self.language, self.width = bank, language, width
        self.numbers = question_numbers(bank)
        self.styles = _styles()

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

    def choices(self, question: Question) -> _Choices:
        return _Choices([self.t(o.label) for o in question.choices()], self.styles["option"])

    def tick_all_note(self, question: Question) -> Paragraph:
        alone = [_quoted(self.t(o.label)) for o in question.choices() if o.exclusive]
        words = "Tick all that apply" + (f", or only {_or(alone)}" if alone else "") + "."
        return Paragraph(escape(words), self.styles["note"])


def _lines_of(paragraph: Paragraph, width: float) -> int:
    paragraph.wrap(width, 10_000)
    return len(paragraph.blPara.lines)


def _question(form: _Form, question: Question) -> list[Flowable]:
    """One question: its condition, number and label, hint, and what to write on, kept on one page."""
    styles, width = form.styles, form.width
    head: list[Flowable] = [_Gap(QUESTION_GAP)]
    condition = form.condition(question)
    if condition:
        head.append(Paragraph(escape(condition), styles["condition"]))
    label = form.label(question)
    hint = [Paragraph(escape(form.t(question.help)), styles["help"])] if question.help else []
    if question.kind is Kind.LIST:
        table = _list_table(form, question)
        more = f"Need more rows? Use the back of the page, with \u201cquestion {form.numbers[question.id]}\u201d."
        lead = [*head, label, *hint, Spacer(0, 5)]
        return [*_keep_start([*lead, table], form), Paragraph(escape(more), styles["note"])]
    answer, beside = _answer(form, question)
    if beside:
        left = width - beside
        boxes = question.kind in (Kind.YES_NO, Kind.SINGLE_CHOICE)
        if left >= 0.45 * width and (boxes or _lines_of(label, left - 14) == 1):
            row = Table([[[label, *hint], answer]], colWidths=[left, beside], hAlign="LEFT")
            row.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (0, 0), 14),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (1, 0), (1, 0), 0 if isinstance(answer, _Choices) else -3),
                    ]
                )
            )
            return [KeepTogether([*head, row])]
    body: list[Flowable] = [label, *hint]
    if question.kind is Kind.MULTIPLE_CHOICE:
        body.append(form.tick_all_note(question))
    if question.kind is Kind.SHORT_TEXT:
        answer = _RuledLines(1)
    body += [Spacer(0, 5 if question.kind is not Kind.LONG_TEXT else 0), _Inset(answer, GUTTER)]
    return [KeepTogether([*head, *body])]


def _answer(form: _Form, question: Question) -> tuple[Flowable, float]:
    """What to write on, and its width when it may sit beside the question (0: it goes below)."""
    kind = question.kind
    if kind in (Kind.YES_NO, Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
        boxes = form.choices(question)
        fits = kind is not Kind.MULTIPLE_CHOICE and len(question.choices()) <= 4
        return boxes, (boxes.natural_width() + 2 if fits else 0)
    if isinstance(question, Number):
        write_in = _number_write_in(question, form.language)
        return write_in, write_in.natural_width() + 2
    if kind is Kind.DATE:
        write_in = _date_write_in()
        return write_in, write_in.natural_width() + 2
    if kind is Kind.SHORT_TEXT:
        return _RuledLines(1, gap=14), 0.42 * form.width
    if isinstance(question, Scale):
        anchors = {int(k): form.t(v) for k, v in question.anchors.items()}
        return _ScaleBoxes(int(question.min or 0), int(question.max or 10), anchors), 0
    # long text: room for a few sentences; a follow-up ("tell us more") gets a line less
    return _RuledLines(LONG_TEXT_LINES - (1 if question.show_if else 0)), 0


def _list_table(form: _Form, question: ListOfRows) -> Table:
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


# --- instruments as grids ----------------------------------------------------------------------------------


def _same_options(a: Question, b: Question) -> bool:
    if isinstance(a, Scale) or isinstance(b, Scale):
        return isinstance(a, Scale) and isinstance(b, Scale) and (a.min, a.max) == (b.min, b.max)
    return [(o.value, o.label) for o in a.choices()] == [(o.value, o.label) for o in b.choices()]


def _grid_runs(questions: list[Question]) -> list[list[Question]]:
    """An instrument's questions split into runs that share their options (one grid each)."""
    runs: list[list[Question]] = []
    for question in questions:
        if runs and _same_options(runs[-1][0], question):
            runs[-1].append(question)
        else:
            runs.append([question])
    return runs


def _row_head(form: _Form, question: Question, *, shared_help: bool, shared_condition: bool) -> list[Flowable]:
    styles = form.styles
    cell: list[Flowable] = [form.label(question, "grid_item")]
    if question.help and not shared_help:
        cell.append(Paragraph(escape(form.t(question.help)), styles["grid_help"]))
    if question.kind is Kind.SCALE and question.anchors:
        anchors = "; ".join(f"{k} = {form.t(v)}" for k, v in sorted(question.anchors.items()))
        cell.append(Paragraph(escape(anchors), styles["grid_help"]))
    if question.show_if and not shared_condition:
        cell.append(Paragraph(escape(form.condition(question)), styles["grid_condition"]))
    return cell


def _grid_style(header: bool) -> list[tuple[Any, ...]]:
    first = 1 if header else 0
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (1, -1), "TOP"),
        ("VALIGN", (2, first), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, first), (-1, -1), "CENTER"),
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("ROWBACKGROUNDS", (0, first), (-1, -1), [colors.white, ZEBRA]),
        ("LINEBELOW", (0, first), (-1, -1), 0.4, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.9, INK),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEABOVE", (0, 0), (-1, 0), 0.9, INK),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("SPAN", (0, 0), (1, 0)),
        ]
    else:
        style.append(("LINEABOVE", (0, 0), (-1, 0), 0.9, INK))
    return style


def _grid(form: _Form, name: str, run: list[Question]) -> list[Flowable]:
    """Items that share their options: one row each, a tick box under each published option."""
    styles, width = form.styles, form.width
    first = run[0]
    helps = {form.t(q.help) for q in run}
    shared_help = len(helps) == 1 and bool(first.help)
    conditions = {repr([c.model_dump() for c in q.show_if or ()]) for q in run}
    shared_condition = len(conditions) == 1 and bool(first.show_if)
    if first.kind is Kind.SCALE:
        heads = [str(p) for p in range(int(first.min or 0), int(first.max or 10) + 1)]
        column = 24.0
    else:
        heads = [form.t(o.label) for o in first.choices()]
        head_style = styles["grid_head"]
        longest_word = max(
            pdfmetrics.stringWidth(w, head_style.fontName, head_style.fontSize) for w in " ".join(heads).split()
        )
        column = max(longest_word + 8, min(64.0, 0.5 * width / len(heads)))
    label_width = width - GUTTER - column * len(heads)
    data: list[list[Any]] = [
        [Paragraph(escape(name), styles["grid_name"]), "", *[Paragraph(escape(h), styles["grid_head"]) for h in heads]]
    ]
    for question in run:
        number = Paragraph(str(form.numbers[question.id]), styles["grid_number"])
        head = _row_head(form, question, shared_help=shared_help, shared_condition=shared_condition)
        data.append([number, head, *[_TickBox() for _ in heads]])
    grid = Table(data, colWidths=[GUTTER, label_width, *[column] * len(heads)], repeatRows=1, hAlign="LEFT")
    grid.setStyle(TableStyle(_grid_style(header=True)))
    lead: list[Flowable] = [_Gap(QUESTION_GAP + 2)]
    if shared_condition:
        numbers = [form.numbers[q.id] for q in run]
        asks = f"questions {numbers[0]} to {numbers[-1]}"
        lead.append(Paragraph(escape(form.condition(first, asks=asks)), styles["grid_lead"]))
    if shared_help:
        lead.append(Paragraph(escape(form.t(first.help)), styles["stem"]))
    if len(run) <= SHORT_GRID:
        return [KeepTogether([*lead, grid])]
    return _keep_start([*lead, grid], form)


def _option_grid(form: _Form, name: str, run: list[Question]) -> list[Flowable]:
    """Items with options of their own (AUDIT-C): one row each, its options with tick boxes across."""
    styles, width = form.styles, form.width
    count = max(len(q.choices()) for q in run)
    label_width = 0.27 * width
    column = (width - GUTTER - label_width) / count
    data: list[list[Any]] = []
    for question in run:
        number = Paragraph(str(form.numbers[question.id]), styles["grid_number"])
        head = _row_head(form, question, shared_help=False, shared_condition=False)
        cells: list[Any] = [_Choices([form.t(o.label)], styles["grid_option"]) for o in question.choices()]
        data.append([number, head, *cells, *[""] * (count - len(cells))])
    grid = Table(data, colWidths=[GUTTER, label_width, *[column] * count], hAlign="LEFT")
    style = _grid_style(header=False)
    style += [("VALIGN", (2, 0), (-1, -1), "TOP"), ("ALIGN", (2, 0), (-1, -1), "LEFT")]
    grid.setStyle(TableStyle(style))
    return [_Gap(QUESTION_GAP + 2), Paragraph(escape(name), styles["grid_name"]), Spacer(0, 3), grid]


def _instrument(form: _Form, name: str, questions: list[Question]) -> list[Flowable]:
    """An instrument's questions: grids for the items that share options, plain questions for the rest."""
    out: list[Flowable] = []
    singles: list[Question] = []

    def flush() -> None:
        if len(singles) > 1:
            out.append(KeepTogether(_option_grid(form, name, singles)))
        else:
            for question in singles:
                out.extend(_question(form, question))
        singles.clear()

    for run in _grid_runs(questions):
        if len(run) > 1 and run[0].kind in (Kind.SINGLE_CHOICE, Kind.SCALE):
            flush()
            out.extend(_grid(form, name, run))
        else:
            singles.extend(run)
    flush()
    return out


def _height(flowable: Flowable, width: float) -> float:
    return float(flowable.wrapOn(None, width, 10_000)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def _keep_start(flowables: list[Flowable], form: _Form, at_least: float = 1.6 * inch) -> list[Flowable]:
    """Start on a new page unless the lead and `at_least` of what follows fit (a grid's stem with its rows)."""
    need = sum(_height(f, form.width) for f in flowables[:-1])
    last = min(_height(flowables[-1], form.width), at_least)
    return [CondPageBreak(need + last), *flowables]


def _instrument_names(bank: Bank) -> dict[str, str]:
    names = {}
    for instrument in bank.instruments:
        for question_id in [*instrument.items, *instrument.unscored_items]:
            names[question_id] = instrument.name
    return names


def _section_body(form: _Form, questions: list[Question], names: dict[str, str]) -> list[list[Flowable]]:
    """The section's questions as blocks: an instrument's consecutive choice / scale items go together."""
    blocks: list[list[Flowable]] = []
    index = 0
    while index < len(questions):
        question = questions[index]
        name = names.get(question.id)
        if name and question.kind in (Kind.SINGLE_CHOICE, Kind.SCALE):
            end = index
            while end < len(questions) and names.get(questions[end].id) == name:
                end += 1
            blocks.append(_instrument(form, name, questions[index:end]))
            index = end
        else:
            blocks.append(_question(form, question))
            index += 1
    return blocks


def _sections(form: _Form) -> list[Flowable]:
    styles = form.styles
    names = _instrument_names(form.bank)
    out: list[Flowable] = []
    for section in form.bank.sections:
        lead: list[Flowable] = [
            Paragraph(escape(form.t(section.title)), styles["section"]),
            HRFlowable(width="100%", thickness=1, color=INK, spaceBefore=2, spaceAfter=1),
        ]
        if section.intro:
            lead.append(Paragraph(escape(form.t(section.intro)), styles["intro"]))
        blocks = _section_body(form, section.questions, names)
        if not blocks:
            out += lead
            continue
        first = sum(_height(f, form.width) for f in blocks[0] if not isinstance(f, CondPageBreak))
        need = sum(_height(f, form.width) for f in lead) + min(first, 1.9 * inch)
        out += [CondPageBreak(need), *lead]
        for block in blocks:
            out += block
    return out


# --- first page, last words, page furniture ----------------------------------------------------------------


def _front_matter(form: _Form, clinic: Clinic | None, crisis_lines: Sequence[str]) -> list[Flowable]:
    styles = form.styles
    out: list[Flowable] = []
    if clinic is not None and clinic.logo is not None and clinic.logo.is_file():
        logo = Image(str(clinic.logo), width=1.8 * inch, height=0.55 * inch, kind="proportional", hAlign="LEFT")
        out += [logo, Spacer(0, 6)]
    out += [
        Paragraph(escape(form.t(form.bank.title)), styles["title"]),
        Paragraph("Paper form, to fill in by hand before your first visit", styles["subtitle"]),
    ]
    if clinic is not None and clinic.name:
        out.append(Paragraph(f"<b>For patients of {escape(clinic.name)}</b>", styles["clinic"]))
        details = [d for d in (clinic.address, clinic.phone and f"Phone: {clinic.phone}") if d]
        if details:
            out.append(Paragraph(escape("  \u00b7  ".join(details)), styles["clinic"]))
    out.append(
        Paragraph(
            f"<b>{escape(NOT_A_DIAGNOSIS)}</b> "
            + escape(
                "This form collects your own answers for your provider to read before your visit. It does not "
                "decide whether any treatment is right for you, and it gives no advice about your medicines: "
                "please keep taking them as your prescriber told you."
            ),
            styles["box"],
        )
    )
    out.append(Paragraph("How to fill this in", styles["heading"]))
    tips = [
        "Use a pen. Write your name and date of birth at the top of every page.",
        "Tick one box for each question, unless it says <b>Tick all that apply</b>.",
        f"Write dates as year, month, day ({DATE_FORMAT}): for example 1985 / 03 / 31 for 31 March 1985.",
        "For a number, write it in the box beside the unit you use, for example your weight in kg <b>or</b> lb.",
        "Some questions start with <b>Answer only if\u2026</b>: skip them when that does not fit your earlier answers.",
        "Please answer the questions marked with a star (*). You can skip any other question and talk about it "
        "at your visit instead.",
        "Not enough room? Write on the back of the page, with the question number.",
    ]
    out += [Paragraph(tip, styles["bullet"], bulletText="\u2022") for tip in tips]
    out.append(
        Paragraph(
            "<b>Your privacy.</b> "
            + escape(
                "Once you fill it in, this paper is the only copy of your answers. Keep it somewhere private, "
                "and give it only to your clinic or your provider."
            ),
            styles["privacy"],
        )
    )
    crisis = " ".join(escape(line) for line in crisis_lines)
    out.append(
        Paragraph(
            "<b>If you are in danger or thinking about ending your life, do not wait for your visit.</b> " + crisis,
            styles["crisis"],
        )
    )
    return out


def _closing(form: _Form) -> list[Flowable]:
    styles = form.styles
    signature = Table(
        [["Signature", _RuledLines(1, gap=1), "Date", _date_write_in()]],
        colWidths=[0.8 * inch, form.width - 0.8 * inch - 0.6 * inch - 2.2 * inch, 0.6 * inch, 2.2 * inch],
        hAlign="LEFT",
    )
    signature.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9.5),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (2, 0), 14),
                ("LEFTPADDING", (2, 0), (2, 0), 14),
            ]
        )
    )
    return [
        KeepTogether(
            [
                Paragraph("Before you hand this in", styles["section"]),
                HRFlowable(width="100%", thickness=1, color=INK, spaceBefore=2, spaceAfter=6),
                Paragraph(
                    escape(
                        "Look back over the form for any question you meant to answer. Skipped questions are fine: "
                        "your provider can ask you about them at your visit."
                    ),
                    styles["intro"],
                ),
                Spacer(0, 8),
                Paragraph("<b>The answers on this form are my own.</b>", styles["option"]),
                Spacer(0, 10),
                signature,
                Spacer(0, 14),
                Paragraph(
                    escape("Thank you. Bring this form to your first visit, or give it to your clinic before then."),
                    styles["small"],
                ),
            ]
        )
    ]


def _furniture(title: str) -> Any:
    """Name and date of birth to fill in at the top of every page; what this is at the foot."""
    footer = f"{title}: paper form. {NOT_A_DIAGNOSIS}"

    def draw(canvas: Canvas, doc: Any) -> None:
        width, height = doc.pagesize
        top = height - 0.55 * inch
        canvas.saveState()
        cell = 11.0
        dates = 8 * cell + 2 * 9
        right = width - MARGIN_X
        start = right - dates
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(MARGIN_X, top, "Name")
        label = "Date of birth"
        label_x = start - 6 - pdfmetrics.stringWidth(label, FONT_BOLD, 9)
        canvas.drawString(label_x, top, label)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X + 32, top - 2, label_x - 18, top - 2)
        x = start
        for count, guide in ((4, "Y"), (2, "M"), (2, "D")):
            x += _draw_cells(canvas, x, top - 2.5, count, cell, guide)
            if guide != "D":
                canvas.setFont(FONT, 9)
                canvas.setFillColor(INK)
                canvas.drawCentredString(x + 4.5, top, "/")
                x += 9
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 9, right, top - 9)
        bottom = 0.5 * inch
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, bottom + 11, right, bottom + 11)
        canvas.setFillColor(QUIET)
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN_X, bottom, _pdf._fit(clean(footer), FONT, 7.5, width - 2 * MARGIN_X - 80))
        canvas.restoreState()

    return draw


def _creation_stamp() -> str:
    """SOURCE_DATE_EPOCH as a PDF date when set; otherwise ReportLab's fixed invariant date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return ""
    import datetime as dt

    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def render_blank(
    bank: Bank, page_size: PageSize | str = "letter", clinic: Clinic | None = None, *, language: str | None = None
) -> bytes:
    """The paper form of `bank` as PDF bytes (US Letter or "a4"); the same bank gives the same bytes.

    With `clinic`, page 1 names the clinic and its crisis contacts; without it the form is neutral.
    """
    key = str(page_size).lower()
    if key not in PAGE_SIZES:
        raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    language = language or (clinic.default_language if clinic else None) or DEFAULT_LANGUAGE
    crisis_lines = (clinic or Clinic()).crisis_lines
    _pdf._register_fonts()
    title = " ".join(clean(tr(bank.title, language)).split())
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZES[key],
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{title}: paper form",
        subject=f"{NOT_A_DIAGNOSIS} {title}, version {bank.version}.",
        author=" ".join(clean(clinic.name).split()) if clinic and clinic.name else "",
        creator=CREATOR,
        lang=language,
        displayDocTitle=True,
        invariant=1,
        initialFontName=FONT,
        initialFontSize=10,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_furniture(title))])
    stamp = _creation_stamp()

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        return _pdf._NumberedCanvas(*args, creation_stamp=stamp, **kwargs)

    with _pdf._render_lock:
        form = _Form(bank, language, doc.width)
        story = [*_front_matter(form, clinic, crisis_lines), *_sections(form), *_closing(form)]
        doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()
