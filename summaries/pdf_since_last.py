"""Page 1 of a follow-up: "Since the last summary (date)", right after who it is (the safety banner stays first).

1. Each instrument's total then and now, the change (and since the first summary), and the published
   definitions printed as definitions with their citations, never applied as a verdict.
2. The chart of every charted instrument's totals across all visits (summaries/pdf_chart.py).
3. The side effects reported in the check-in, with how long they lasted.
4. The answers that changed since the last summary, old and new.

Every string goes through `escape`; every fixed word comes from the words catalogue.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, HRFlowable, Table, TableStyle

from questions.words import format_date, say
from summaries.doc_kit import FONT, INK, RULE, SHADE
from summaries.pdf_chart import MARKERS, trend_drawing
from summaries.pdf_kit import Paragraph, escape
from summaries.pdf_layout import Layout, kept
from summaries.since_last import SinceLast

CHART_HEIGHT = 1.75 * inch
KEEP = 0.8 * inch

_GRID: list[tuple[Any, ...]] = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONT", (0, 0), (-1, -1), FONT, 9.5),
    ("LEFTPADDING", (0, 0), (-1, -1), 5),
    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


def _heading(text: str, layout: Layout) -> list[Flowable]:
    return [
        Paragraph(escape(text), layout.styles["glance_head"]),
        HRFlowable(width="100%", thickness=1, color=INK, spaceBefore=1, spaceAfter=3),
    ]


def _sub(text: str, layout: Layout) -> Paragraph:
    return Paragraph(f"<b>{escape(text)}</b>", layout.styles["glance_text"])


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    grid = Table(rows, colWidths=widths, repeatRows=1, splitByRow=1)
    grid.setStyle(
        TableStyle(
            [
                *_GRID,
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ]
        )
    )
    return grid


def _totals(since: SinceLast, layout: Layout, language: str) -> list[Flowable]:
    s = layout.styles
    if not since.changes:
        return [Paragraph(escape(say(language, "visits.pdf.no_totals")), s["answer"])]
    then = say(language, "visits.pdf.then", date=format_date(since.last_date, language))
    head = [
        Paragraph(escape(h), s["cell_head"])
        for h in (
            say(language, "visits.pdf.questionnaire"),
            then,
            say(language, "visits.pdf.now"),
            say(language, "visits.pdf.change"),
        )
    ]
    rows: list[list[Any]] = [head]
    for change in since.changes:
        moved = escape(change.change) + (
            f'<br/><font size="8" color="#555555">{escape(change.first)}</font>' if change.first else ""
        )
        rows.append(
            [
                Paragraph(escape(change.name), s["cell_strong"]),
                Paragraph(escape(change.then), s["cell"]),
                Paragraph(escape(change.now), s["cell_strong"]),
                Paragraph(moved, s["cell"]),
            ]
        )
    widths = [1.2 * inch, 1.35 * inch, 0.9 * inch]
    out: list[Flowable] = [_table(rows, [*widths, layout.width - sum(widths)])]
    definitions = [d for c in since.changes for d in c.definitions]
    if definitions:
        out.append(Paragraph(escape(say(language, "visits.pdf.definitions")), s["caption"]))
        out += [Paragraph(escape(d), s["caption_top"], bulletText="\u2022") for d in definitions]
    if since.sources:
        out.append(
            Paragraph(escape(say(language, "visits.pdf.sources", sources=" ".join(since.sources))), s["caption_top"])
        )
    return out


def _charts(since: SinceLast, layout: Layout, language: str) -> list[Flowable]:
    if not since.trends:
        return []
    gap = 0.2 * inch
    width = (layout.width - gap) / 2
    drawings = [
        trend_drawing(t, width, CHART_HEIGHT, MARKERS[i % len(MARKERS)], language) for i, t in enumerate(since.trends)
    ]
    rows = [drawings[i : i + 2] + ([""] if i + 1 == len(drawings) else []) for i in range(0, len(drawings), 2)]
    grid = Table(rows, colWidths=[width + gap, width], splitByRow=1)
    grid.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [grid, Paragraph(escape(say(language, "visits.pdf.chart_note")), layout.styles["caption_top"])]


def _side_effects(since: SinceLast, layout: Layout, language: str) -> list[Flowable]:
    s = layout.styles
    lead = [_sub(say(language, "visits.pdf.side_effects"), layout)]
    if not since.side_effects:
        return [*lead, Paragraph(escape(say(language, "visits.pdf.no_side_effects")), s["glance_text"])]
    lines = []
    for effect in since.side_effects:
        text = f"{escape(effect.question)} <b>{escape(effect.answer)}</b>"
        if effect.how_long:
            text += escape(say(language, "visits.pdf.how_long", how_long=effect.how_long))
        lines.append(Paragraph(text, s["glance_text"], bulletText="\u2022"))
    return kept(lead, lines, layout, KEEP)


def _changed(since: SinceLast, layout: Layout, language: str) -> list[Flowable]:
    s = layout.styles
    lead = [_sub(say(language, "visits.pdf.changed"), layout)]
    if not since.changed:
        return [*lead, Paragraph(escape(say(language, "visits.pdf.none_changed")), s["glance_text"])]
    head = [
        Paragraph(escape(say(language, key)), s["cell_head"])
        for key in ("visits.pdf.question", "visits.pdf.old", "visits.pdf.new")
    ]
    rows: list[list[Any]] = [head]
    for item in since.changed:
        where = f'<font size="7.5" color="#555555">{escape(item.section)}</font><br/>'
        rows.append(
            [
                Paragraph(where + escape(item.question), s["cell"]),
                Paragraph(escape(item.old), s["cell"]),
                Paragraph(escape(item.new), s["cell_strong"]),
            ]
        )
    third = (layout.width - 2.6 * inch) / 2
    return kept(lead, [_table(rows, [2.6 * inch, third, third])], layout, KEEP)


def since_last_flowables(since: SinceLast | None, layout: Layout, language: str = "en") -> list[Flowable]:
    """What page 1 of a follow-up adds after who it is; nothing for a first visit."""
    if since is None:
        return []
    title = say(language, "visits.pdf.heading", date=format_date(since.last_date, language))
    meta = say(
        language,
        "visits.pdf.meta",
        number=since.visits,
        first=format_date(since.first_date, language),
    )
    lead = [*_heading(title, layout), Paragraph(escape(meta), layout.styles["caption_top"])]
    return [
        *kept(lead, _totals(since, layout, language), layout, KEEP),
        *_side_effects(since, layout, language),
        *_changed(since, layout, language),
        *_charts(since, layout, language),  # last: what the patient reported reads before the picture of it
    ]
