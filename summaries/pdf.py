"""The Summary as a PDF for the provider: ReportLab Platypus, built in memory, byte-for-byte reproducible.

Page 1 is "at a glance" (summaries/pdf_glance.py): a safety banner when a self-harm answer was positive,
the clinic's header, who it is, the screening scores, what brings the patient and the answers to review.
Then every answer, section by section (summaries/pdf_sections.py), and ruled "Notes for the provider".
A running header (name, date of birth, summary date) and footer ("Page X of Y") are on every page.

Every string that came from the patient, the bank or the clinic reaches ReportLab's markup parser through
`escape` (summaries/pdf_kit.py), and nowhere else.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable
from reportlab.platypus.doctemplate import FrameBreak

from questions import Intake
from questions.limits import ATTACHMENT_NAME
from questions.words import DEFAULT_LANGUAGE, format_date, raw, say
from summaries.doc_kit import (
    CREATOR,
    FONT,
    FONT_BOLD,
    FOOTER_Y,
    INK,
    MARGIN_X,
    QUIET,
    RULE,
    PageSize,
    build,
    creation_stamp,
    document,
    fit,
    page_dimensions,
)
from summaries.pdf_glance import glance_flowables
from summaries.pdf_kit import Paragraph, escape, one_line, shape, visual_line
from summaries.pdf_layout import Layout, summary_styles
from summaries.pdf_sections import section_flowables
from summaries.summary import Summary

__all__ = ["AUTHOR", "answers_file", "render_pdf"]

AUTHOR = raw(DEFAULT_LANGUAGE, "pdf.author")
"""The PDF's author in English (each PDF says it in the summary's language)."""

NOTES_MIN = 0.5
"""The ruled notes area takes the rest of the last page, at least this share of a page (else a page of its own)."""
NOTES_PITCH = 0.36 * inch

# --- page furniture ----------------------------------------------------------------------------------------


def _page_furniture(summary: Summary) -> Callable[[Canvas, Any], None]:
    """Running header (name, date of birth, summary date) and footer (what this is) on every page."""
    name = shape(one_line(summary.patient_name))  # joined, typing order; reading order as it is drawn
    language = summary.language
    made = format_date(summary.created, language, short=True)  # the full date is on page 1
    right = shape(say(language, "pdf.running_header", born=one_line(summary.date_of_birth), made=made))
    short = say(language, "summary.not_a_diagnosis")
    footer = shape(one_line(say(language, "pdf.footer", title=summary.title, not_a_diagnosis=short)))

    def draw(canvas: Canvas, doc: Any) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        top = height - 0.55 * inch
        right_text = fit(right, FONT, 8.5, (width - 2 * MARGIN_X) * 0.6)
        right_width = pdfmetrics.stringWidth(right_text, FONT, 8.5)
        canvas.setFillColor(INK)
        canvas.setFont(FONT, 8.5)
        canvas.drawRightString(width - MARGIN_X, top, visual_line(right_text, rtl=False))
        canvas.setFont(FONT_BOLD, 9.5)
        shown = fit(name, FONT_BOLD, 9.5, width - 2 * MARGIN_X - right_width - 18)
        canvas.drawString(MARGIN_X, top, visual_line(shown))
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 6, width - MARGIN_X, top - 6)
        bottom = FOOTER_Y
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, bottom + 11, width - MARGIN_X, bottom + 11)
        canvas.setFillColor(QUIET)
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN_X, bottom, visual_line(fit(footer, FONT, 7.5, width - 2 * MARGIN_X - 80)))
        canvas.restoreState()

    return draw


class _BreakAfterPageOne(CondPageBreak):
    """A page break when page 1 (the glance) ends here; nothing when the glance ran onto page 2, so a very
    full intake does not leave most of page 2 blank."""

    def __init__(self) -> None:
        super().__init__(0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if self._doctemplateAttr("page") == 1 and frame:
            frame.add_generated_content(FrameBreak)
        return 0, 0


# --- notes for the provider --------------------------------------------------------------------------------


class _RuledLines(Flowable):
    """Writing lines filling the rest of the frame, at least `least` points tall (else the next page, all of it)."""

    def __init__(self, least: float, pitch: float = NOTES_PITCH) -> None:
        super().__init__()
        self.least = least
        self.pitch = pitch
        self.width = 0.0
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = max(availHeight - 2, self.least)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        y = self.height - self.pitch
        while y >= 0:
            canvas.line(0, y, self.width, y)
            y -= self.pitch
        canvas.restoreState()


def _notes(layout: Layout, language: str) -> list[Flowable]:
    styles = layout.styles
    least = layout.height * NOTES_MIN
    return [
        CondPageBreak(least + 0.8 * inch),
        Paragraph(escape(say(language, "pdf.notes")), styles["notes_head"]),
        Paragraph(escape(say(language, "pdf.notes_note")), styles["notes_meta"]),
        _RuledLines(least),
    ]


# --- the document ------------------------------------------------------------------------------------------


def answers_file(intake: Intake) -> bytes:
    """The answers as the app saves them (pretty JSON), for embedding in the PDF."""
    data = intake.model_dump(mode="json")
    try:
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: \u-escaped JSON keeps it, and reads back the same
        return json.dumps(data, ensure_ascii=True, indent=2).encode("ascii")


def render_pdf(
    summary: Summary,
    *,
    page_size: PageSize | str | None = None,
    attach_answers: bool = True,
    attachments: dict[str, bytes] | None = None,
    mark: str = "",
    page_one: Callable[[Layout], list[Flowable]] | None = None,
    shared: frozenset[str] = frozenset(),
) -> bytes:
    """The summary as PDF bytes. The same Summary gives the same bytes.

    `page_size` is "letter" or "a4"; None takes the Summary's (the clinic's paper size, else US Letter).
    The answers it was made from are embedded as `intake-answers.json`, so the PDF can be loaded again
    to resume (pass attach_answers=False for a PDF without them); `attachments` adds more files (the FHIR
    exports; the names in `shared` hold bank data only: the FHIR Questionnaire). `mark` is printed under
    the footer of every page and `page_one` adds flowables to page 1 after who it is (visits: the record's
    fingerprint and "Since the last summary", summaries/bundle.py).
    """
    size = page_dimensions(str(page_size if page_size is not None else summary.paper_size))
    buffer = io.BytesIO()
    doc = document(
        buffer,
        size,
        _page_furniture(summary),
        font_size=10.5,
        title=one_line(summary.title),
        subject=one_line(
            say(
                summary.language,
                "pdf.subject",
                disclaimer=summary.disclaimer,
                questions=summary.bank_title,
                version=summary.bank_version,
            )
        ),
        author=one_line(say(summary.language, "pdf.author")),
        creator=CREATOR,
        lang=one_line(summary.language) or "en",
    )

    def story() -> list[Flowable]:
        layout = Layout(styles=summary_styles(), width=doc.width, height=doc.height)
        extra = page_one(layout) if page_one else []
        flowables: list[Flowable] = [*glance_flowables(summary, layout, extra), _BreakAfterPageOne()]
        for section in summary.sections:
            flowables += section_flowables(section, layout, summary.language)
        flowables.append(Paragraph(escape(say(summary.language, "pdf.end")), layout.styles["end"]))
        return flowables + _notes(layout, summary.language)

    files = {ATTACHMENT_NAME: answers_file(summary.intake)} if attach_answers else {}
    files.update(attachments or {})
    build(doc, story, creation_stamp(summary.created), language=summary.language, mark=mark, files=files, shared=shared)
    return buffer.getvalue()
