"""A validated instrument on the paper form: its items that share their options as a grid, the published
options as column headers and a tick box under each; items with options of their own as rows of choices."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from questions import Question
from questions.kinds.scale import Scale
from questions.schema import Kind
from summaries.blank_marks import Choices, Gap, TickBox
from summaries.blank_questions import Form, keep_start, question_block
from summaries.blank_styles import GUTTER, QUESTION_GAP, SHORT_GRID, ZEBRA
from summaries.blank_words import questions_span
from summaries.doc_kit import FONT, INK, RULE, SHADE
from summaries.pdf_kit import Paragraph, escape


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


def _row_head(form: Form, question: Question, *, shared_help: bool, shared_condition: bool) -> list[Flowable]:
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


def _grid(form: Form, name: str, run: list[Question]) -> list[Flowable]:
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
        data.append([number, head, *[TickBox() for _ in heads]])
    grid = Table(data, colWidths=[GUTTER, label_width, *[column] * len(heads)], repeatRows=1, hAlign="LEFT")
    grid.setStyle(TableStyle(_grid_style(header=True)))
    lead: list[Flowable] = [Gap(QUESTION_GAP + 2)]
    if shared_condition:
        numbers = [form.numbers[q.id] for q in run]
        asks = questions_span(numbers[0], numbers[-1], form.language)
        lead.append(Paragraph(escape(form.condition(first, asks=asks)), styles["grid_lead"]))
    if shared_help:
        lead.append(Paragraph(escape(form.t(first.help)), styles["stem"]))
    if len(run) <= SHORT_GRID:
        return [KeepTogether([*lead, grid])]
    return keep_start([*lead, grid], form)


def _option_grid(form: Form, name: str, run: list[Question]) -> list[Flowable]:
    """Items with options of their own (AUDIT-C): one row each, its options with tick boxes across."""
    styles, width = form.styles, form.width
    count = max(len(q.choices()) for q in run)
    label_width = 0.27 * width
    column = (width - GUTTER - label_width) / count
    data: list[list[Any]] = []
    for question in run:
        number = Paragraph(str(form.numbers[question.id]), styles["grid_number"])
        head = _row_head(form, question, shared_help=False, shared_condition=False)
        cells: list[Any] = [Choices([form.t(o.label)], styles["grid_option"]) for o in question.choices()]
        data.append([number, head, *cells, *[""] * (count - len(cells))])
    grid = Table(data, colWidths=[GUTTER, label_width, *[column] * count], hAlign="LEFT")
    style = _grid_style(header=False)
    style += [("VALIGN", (2, 0), (-1, -1), "TOP"), ("ALIGN", (2, 0), (-1, -1), "LEFT")]
    grid.setStyle(TableStyle(style))
    return [Gap(QUESTION_GAP + 2), Paragraph(escape(name), styles["grid_name"]), Spacer(0, 3), grid]


def instrument_blocks(form: Form, name: str, questions: list[Question]) -> list[Flowable]:
    """An instrument's questions: grids for the items that share options, plain questions for the rest."""
    out: list[Flowable] = []
    singles: list[Question] = []

    def flush() -> None:
        if len(singles) > 1:
            out.append(KeepTogether(_option_grid(form, name, singles)))
        else:
            for question in singles:
                out.extend(question_block(form, question))
        singles.clear()

    for run in _grid_runs(questions):
        if len(run) > 1 and run[0].kind in (Kind.SINGLE_CHOICE, Kind.SCALE):
            flush()
            out.extend(_grid(form, name, run))
        else:
            singles.extend(run)
    flush()
    return out
