"""The summary PDF's layout: its paragraph styles, the text frame, and keep-with-next for questions.

Shared by page 1 (summaries/pdf_glance.py), the sections (summaries/pdf_sections.py) and the document
(summaries/pdf.py); the paper form has its own styles (summaries/blank_styles.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable

from summaries.doc_kit import FONT, FONT_BOLD, QUIET, base_style, title_and_box

__all__ = ["KEEP_ANSWER", "LONG_ROW_SHARE", "SHORT_ANSWER", "Layout", "block_height", "kept", "summary_styles"]

KEEP_ANSWER = 1.0 * inch
"""A question starts on a new page unless this much of its answer (or all of a shorter one) fits below it."""

SHORT_ANSWER = 90
"""Answers up to this many characters (one line, one choice) sit in a row beside their question."""

LONG_ROW_SHARE = 0.45
"""A list whose tallest row would take more than this share of a page is printed as paragraphs instead,
because a table row cannot split across pages."""

# --- styles ------------------------------------------------------------------------------------------------


def summary_styles() -> dict[str, ParagraphStyle]:
    """The summary's paragraph styles by name."""
    base = base_style(10.5, 14)
    return {
        **title_and_box(base, "disclaimer", title_size=17, title_leading=21, title_after=5, box_before=4, box_after=11),
        "who": ParagraphStyle("who", base, fontName=FONT_BOLD, fontSize=13, leading=17, spaceAfter=2),
        "meta": ParagraphStyle("meta", base, fontSize=9, leading=12.5, textColor=QUIET, spaceAfter=1),
        "section": ParagraphStyle(
            "section",
            base,
            fontName=FONT_BOLD,
            fontSize=13.5,
            leading=17,
            spaceBefore=14,
            spaceAfter=0,
        ),
        "question": ParagraphStyle(
            "question",
            base,
            fontSize=8.5,
            leading=11,
            textColor=QUIET,
            spaceBefore=7,
            spaceAfter=1.5,
        ),
        "question_cell": ParagraphStyle("question_cell", base, fontSize=8.5, leading=11, textColor=QUIET),
        "answer": ParagraphStyle("answer", base, fontSize=10.5, leading=14, spaceAfter=1),
        "answer_more": ParagraphStyle("answer_more", base, fontSize=10.5, leading=14, spaceBefore=5, spaceAfter=1),
        "answer_cont": ParagraphStyle("answer_cont", base, fontSize=10.5, leading=14, spaceBefore=0, spaceAfter=1),
        "bullet": ParagraphStyle(
            "bullet",
            base,
            fontSize=10.5,
            leading=14,
            leftIndent=14,
            bulletIndent=3,
            bulletFontName=FONT,
            spaceAfter=0.5,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=9.5, leading=12),
        "cell_head": ParagraphStyle("cell_head", base, fontName=FONT_BOLD, fontSize=9, leading=11.5),
        "row_head": ParagraphStyle(
            "row_head",
            base,
            fontName=FONT_BOLD,
            fontSize=9.5,
            leading=12.5,
            spaceBefore=5,
        ),
        "unanswered": ParagraphStyle(
            "unanswered",
            base,
            fontSize=8.5,
            leading=11.5,
            textColor=QUIET,
            spaceBefore=9,
        ),
        "end": ParagraphStyle("end", base, fontSize=8.5, leading=11.5, textColor=QUIET, spaceBefore=18),
        # page 1, at a glance
        "banner_head": ParagraphStyle(
            "banner_head", base, fontName=FONT_BOLD, fontSize=11.5, leading=14.5, textColor=colors.white
        ),
        "banner_label": ParagraphStyle("banner_label", base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "banner": ParagraphStyle("banner", base, fontSize=9.5, leading=12.5),
        "banner_answer": ParagraphStyle("banner_answer", base, fontName=FONT_BOLD, fontSize=10.5, leading=13.5),
        "banner_bullet": ParagraphStyle(
            "banner_bullet", base, fontSize=9, leading=12, leftIndent=14, bulletIndent=3, bulletFontName=FONT
        ),
        "clinic_name": ParagraphStyle("clinic_name", base, fontName=FONT_BOLD, fontSize=12.5, leading=16),
        "clinic_meta": ParagraphStyle("clinic_meta", base, fontSize=9, leading=12),
        "glance_head": ParagraphStyle(
            "glance_head", base, fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=12, spaceAfter=0
        ),
        "glance_text": ParagraphStyle("glance_text", base, fontSize=10, leading=13.5, spaceBefore=2, spaceAfter=1),
        "glance_label": ParagraphStyle(
            "glance_label", base, fontSize=8.5, leading=11, textColor=QUIET, spaceBefore=5, spaceAfter=1, keepWithNext=1
        ),
        "own_words": ParagraphStyle("own_words", base, fontSize=10, leading=13.5, leftIndent=8),
        "caption": ParagraphStyle("caption", base, fontSize=8.5, leading=11, textColor=QUIET, spaceBefore=3),
        "caption_top": ParagraphStyle("caption_top", base, fontSize=8.5, leading=11, textColor=QUIET, spaceAfter=2),
        "cell_strong": ParagraphStyle("cell_strong", base, fontName=FONT_BOLD, fontSize=9.5, leading=12),
        "cell_quiet": ParagraphStyle("cell_quiet", base, fontSize=8.5, leading=12, textColor=QUIET),
        # the end: notes for the provider
        "notes_head": ParagraphStyle("notes_head", base, fontName=FONT_BOLD, fontSize=13.5, leading=17, spaceBefore=14),
        "notes_meta": ParagraphStyle("notes_meta", base, fontSize=8.5, leading=11, textColor=QUIET, spaceAfter=4),
    }


# --- flowables ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """What the summary's blocks are laid out with: its styles and the text frame's size."""

    styles: dict[str, ParagraphStyle]
    width: float  # of the text frame
    height: float


def block_height(flowable: Flowable, layout: Layout) -> float:
    return float(flowable.wrap(layout.width, layout.height)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def kept(lead: list[Flowable], body: list[Flowable], layout: Layout, keep: float = KEEP_ANSWER) -> list[Flowable]:
    """`lead` (a heading, a question) stays on the page with all of `body` or at least `keep` points of it.

    A conditional page break rather than KeepTogether: KeepTogether moves a long answer whole to the next
    page, leaving most of a page blank.
    """
    need = sum(block_height(f, layout) for f in lead)
    room = 0.0
    for flowable in body:
        room += block_height(flowable, layout)
        if room >= keep:
            room = keep
            break
    return [CondPageBreak(min(need + room, layout.height * 0.8)), *lead, *body]
