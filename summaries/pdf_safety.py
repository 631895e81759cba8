"""Page 1's safety area and suicide risk screening (the ASQ), for the provider.

The banner (heavy black box, legible in black and white) lists each safety answer with the answer given,
then each self-harm question left unanswered or declined (its own line, naming the question), then the
crisis contacts the patient was shown. With no safety answer but a question left or declined, the box says
so. The ASQ block prints the result in the published terms, what the patient answered, that the patient
answered it on their own, and the citation; no advice. Every fixed text comes from the words catalogue.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, HRFlowable, Table, TableStyle

from questions.contacts import as_pdf
from questions.safety_net import outcome_lines
from questions.words import say
from summaries.doc_kit import FONT, INK, RULE
from summaries.pdf_kit import Paragraph, escape
from summaries.pdf_layout import Layout, kept
from summaries.summary import Summary

_GRID: list[tuple[Any, ...]] = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONT", (0, 0), (-1, -1), FONT, 9.5),
    ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ("TOPPADDING", (0, 0), (-1, -1), 3.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
]


def _head(summary: Summary) -> str:
    language = summary.language
    if not summary.safety:
        return say(language, "safety.banner_head_gaps")
    return say(language, "glance.safety_one" if len(summary.safety) == 1 else "glance.safety_many")


def banner(summary: Summary, layout: Layout) -> list[Flowable]:
    """The safety box: safety answers, self-harm questions left or declined, the crisis contacts shown."""
    if not summary.safety and not summary.gaps:
        return []
    s = layout.styles
    language = summary.language
    rows: list[list[Any]] = [
        [Paragraph(escape(_head(summary)), s["banner_head"]), ""],
        [
            Paragraph(escape(say(language, "glance.question")), s["banner_label"]),
            Paragraph(escape(say(language, "glance.answer_given")), s["banner_label"]),
        ],
    ]
    for line in summary.safety:
        context = f'<font color="#444444">{escape(line.context)}</font><br/>' if line.context else ""
        rows.append(
            [
                Paragraph(f"{context}{escape(line.question)}", s["banner"]),
                Paragraph(escape(line.answer), s["banner_answer"]),
            ]
        )
    flagged = {line.question_id for line in summary.safety}
    for gap in [g for g in summary.gaps if g.question_id not in flagged]:  # a safety line already names it
        answer = gap.declined if gap.declined is not None else say(language, "safety.not_answered")
        rows.append([Paragraph(escape(gap.text), s["banner"]), Paragraph(escape(answer), s["banner_answer"])])
    last = len(rows) - 1
    rows.append([Paragraph(escape(say(language, "glance.contacts_shown")), s["banner"]), ""])
    rows += [[Paragraph(as_pdf(c), s["banner_bullet"], bulletText="\u2022"), ""] for c in summary.crisis_lines]
    left = layout.width * 0.66
    grid = Table(rows, colWidths=[left, layout.width - left], repeatRows=1, splitByRow=1, spaceAfter=12)
    style = [
        *_GRID,
        ("BOX", (0, 0), (-1, -1), 2.5, INK),
        ("BACKGROUND", (0, 0), (-1, 0), INK),
        ("SPAN", (0, 0), (-1, 0)),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
        ("LINEBELOW", (0, 1), (-1, last - 1), 0.5, RULE),
        ("LINEBELOW", (0, last), (-1, last), 1.2, INK),
        ("TOPPADDING", (0, last + 1), (-1, last + 1), 5),
        ("TOPPADDING", (0, last + 2), (-1, -1), 0.5),
        ("BOTTOMPADDING", (0, last + 1), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
    ]
    style += [("SPAN", (0, r), (-1, r)) for r in range(last + 1, len(rows))]
    grid.setStyle(TableStyle(style))
    return [grid]


KEEP_ASQ = 0.55 * inch
"""The ASQ's heading stays on a page with at least this much of its sentences."""


def screens_block(summary: Summary, layout: Layout) -> list[Flowable]:
    """The ASQ's heading and sentences on page 1 (nothing when no screen was answered)."""
    lines = outcome_lines(summary.screens, summary.language)
    if not lines:
        return []
    s = layout.styles
    head = [
        Paragraph(escape(say(summary.language, "safety.asq_head")), s["glance_head"]),
        HRFlowable(width="100%", thickness=1, color=INK, spaceBefore=1, spaceAfter=3),
    ]
    notes = [
        f"<b>{escape(summary.translation_notes[o.screen_id])}</b>"
        for o in summary.screens
        if o.screen_id in summary.translation_notes
    ]
    body = [Paragraph(escape(line), s["glance_text"]) for line in lines]
    return kept(head, [*body, *[Paragraph(n, s["glance_text"]) for n in notes]], layout, KEEP_ASQ)
