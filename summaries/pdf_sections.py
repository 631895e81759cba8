"""The full answers, section by section: short answers beside their question, choices as a short list,
lists as tables with their header row repeated on each page, long answers as flowing paragraphs, and the
questions left unanswered listed compactly at the end of each section."""

from __future__ import annotations

from itertools import takewhile
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, HRFlowable, Table, TableStyle

from questions.words import say
from summaries.doc_kit import FONT, INK, RULE, SHADE
from summaries.pdf_kit import Paragraph, clean, escape, one_line, text_paragraphs
from summaries.pdf_layout import LONG_ROW_SHARE, SHORT_ANSWER, Layout, kept
from summaries.summary import Item, SectionSummary
from summaries.summary import Table as SummaryTable


def _column_widths(headers: list[str], rows: list[list[str]], layout: Layout) -> list[float]:
    """Widths that never break a word when the page allows, then share the rest by how much each column holds."""
    cell, head = layout.styles["cell"], layout.styles["cell_head"]
    avail, pad = layout.width, 12.0

    def width(text: str, style: ParagraphStyle) -> float:
        return float(pdfmetrics.stringWidth(text, style.fontName, style.fontSize))

    floors: list[float] = []
    wants: list[float] = []
    for i, header in enumerate(headers):
        values = [one_line(r[i])[:60] for r in rows]
        words = [w[:30] for v in values for w in v.split()]
        longest_word = max([width(w, cell) for w in words] + [width(w, head) for w in header.split()[:12]] + [0.0])
        longest = max([width(v, cell) for v in values] + [0.0])
        floors.append(max(longest_word, 0.45 * inch) + pad)
        wants.append(max(longest, min(width(one_line(header), head), 1.3 * inch), 0.45 * inch) + pad)
    if sum(floors) >= avail:
        return [avail * f / sum(floors) for f in floors]
    wants = [max(w, f) for w, f in zip(wants, floors, strict=True)]
    if sum(wants) <= avail:
        return [w * avail / sum(wants) for w in wants]
    spare = avail - sum(floors)
    extra = [w - f for w, f in zip(wants, floors, strict=True)]
    return [f + spare * e / (sum(extra) or 1.0) for f, e in zip(floors, extra, strict=True)]


def _list_flowables(table: SummaryTable, layout: Layout, language: str) -> list[Flowable]:
    """A list as a Table (header row repeated on each page), or as paragraphs when a row is too tall."""
    styles = layout.styles
    headers = list(table.headers) or [""]
    width = len(headers)
    rows = [[*r[:width], *[""] * (width - len(r))] for r in table.rows]
    widths = _column_widths(headers, rows, layout)
    body = [[Paragraph(escape(v), styles["cell"]) for v in r] for r in rows]
    tallest = 0.0
    for r in body:
        tallest = max(tallest, *(p.wrap(w - 12, layout.height)[1] for p, w in zip(r, widths, strict=True)))
    if tallest > LONG_ROW_SHARE * layout.height:
        return _rows_as_paragraphs(headers, rows, layout, language)
    data: list[list[Any]] = [[Paragraph(escape(h), styles["cell_head"]) for h in headers], *body]
    grid = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitByRow=1, spaceBefore=3, spaceAfter=2)
    grid.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.9, INK),
                ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), FONT, 9.5),  # ReportLab sets a cell font even for Paragraph cells
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
            ]
        )
    )
    return [grid]


def _rows_as_paragraphs(headers: list[str], rows: list[list[str]], layout: Layout, language: str) -> list[Flowable]:
    styles = layout.styles
    out: list[Flowable] = []
    for number, row in enumerate(rows, start=1):
        body: list[Flowable] = []
        for header, value in zip(headers, row, strict=True):
            if clean(value).strip():
                body += [Paragraph(escape(header), styles["question"]), *text_paragraphs(value, layout)]
        row_head = Paragraph(escape(say(language, "sections.row", number=number)), styles["row_head"])
        out += kept([row_head], body, layout)
    return out


def _answer_flowables(item: Item, layout: Layout, language: str) -> list[Flowable]:
    if item.table is not None and item.table.rows:
        return _list_flowables(item.table, layout, language)
    if item.choices:
        return [Paragraph(escape(c), layout.styles["bullet"], bulletText="\u2022") for c in item.choices]
    return text_paragraphs(item.text, layout)


def _is_short(item: Item) -> bool:
    """A one-line answer (a choice, a date, a number, a few words) that can sit beside its question."""
    if item.table is not None or item.choices:
        return False
    text = clean(item.text)
    return len(text) <= SHORT_ANSWER and "\n" not in text


def _short_answers(items: list[Item], layout: Layout) -> Table:
    """Short answers as two columns, question (quiet) beside answer (strong): half the pages of a full intake.

    Only short, one-line answers go into cells, so no row can outgrow a page.
    """
    styles = layout.styles
    rows = [
        [Paragraph(escape(i.question), styles["question_cell"]), Paragraph(escape(i.text), styles["answer"])]
        for i in items
    ]
    left = layout.width * 0.58
    grid = Table(rows, colWidths=[left, layout.width - left], hAlign="LEFT", splitByRow=1, spaceBefore=4)
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), FONT, 9.5),  # ReportLab sets a cell font even for Paragraph cells
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("LEFTPADDING", (1, 0), (1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (0, -1), 5),  # the smaller question sits on the answer's baseline
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return grid


def section_flowables(section: SectionSummary, layout: Layout, language: str) -> list[Flowable]:
    if not section.items and not section.unanswered:
        return []
    styles = layout.styles
    lead: list[Flowable] = [
        Paragraph(escape(section.title), styles["section"]),
        HRFlowable(width="100%", thickness=1, color=INK, spaceBefore=2, spaceAfter=1),
        *[Paragraph(f"<b>{escape(note)}</b>", styles["question"]) for note in section.notes],  # not validated
    ]
    out: list[Flowable] = []
    items = list(section.items)
    while items:
        run = list(takewhile(_is_short, items))
        if run:
            out += kept(lead, [_short_answers(run, layout)], layout)
            items = items[len(run) :]
        else:
            item = items.pop(0)
            lead.append(Paragraph(escape(item.question), styles["question"]))
            out += kept(lead, _answer_flowables(item, layout, language), layout)
        lead = []
    if section.unanswered:
        labels = " ".join(f"{escape(label)}\u00a0\u00b7" for label in section.unanswered).removesuffix("\u00a0\u00b7")
        head = escape(say(language, "sections.not_answered"))
        out += kept(lead, [Paragraph(f"<b>{head}</b> {labels}", styles["unanswered"])], layout)
    return out
