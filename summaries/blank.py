"""The paper form: every question of the bank as a printable PDF that a patient fills in by hand.

The same sections as the app, in order, with the questions numbered 1, 2, 3 ... across the whole form.
Each answer gets something to write on: a line, ruled lines, boxes, or tick boxes drawn as real squares
(not font glyphs). Each `show_if` is spelled out ("Answer only if you answered "Yes" to question 12"), and
the validated instruments print as grids with their published options as column headers.

Dates are written year, month, day (YYYY / MM / DD): one order that reads the same in every country.

Page set-up, fonts and the "Page X of Y" canvas come from the document kit (summaries/doc_kit.py), as for the
summary. The parts: words (blank_words.py), styles (blank_styles.py), what to write on (blank_marks.py), one
question by its kind (blank_questions.py), the instruments' grids (blank_grids.py); this module puts the
sections, the first page and the last words together.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, Image, KeepTogether, Spacer, Table, TableStyle

from questions import Bank, Question, tr
from questions.clinic import Clinic
from questions.schema import DEFAULT_LANGUAGE, Kind
from summaries.blank_grids import instrument_blocks
from summaries.blank_marks import RuledLines, date_write_in, draw_cells
from summaries.blank_questions import Form, block_height, question_block
from summaries.blank_words import DATE_FORMAT, question_numbers, show_if_text
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
from summaries.pdf_kit import Paragraph, clean, escape, one_line
from summaries.summary import DISCLAIMER

__all__ = ["DATE_FORMAT", "question_numbers", "render_blank", "show_if_text"]

NOT_A_DIAGNOSIS = DISCLAIMER.split(".")[0] + "."  # the summary's own words: "Not a diagnosis, not a ..."


def _instrument_names(bank: Bank) -> dict[str, str]:
    names = {}
    for instrument in bank.instruments:
        for question_id in [*instrument.items, *instrument.unscored_items]:
            names[question_id] = instrument.name
    return names


def _section_body(form: Form, questions: list[Question], names: dict[str, str]) -> list[list[Flowable]]:
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
            blocks.append(instrument_blocks(form, name, questions[index:end]))
            index = end
        else:
            blocks.append(question_block(form, question))
            index += 1
    return blocks


def _sections(form: Form) -> list[Flowable]:
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
        first = sum(block_height(f, form.width) for f in blocks[0] if not isinstance(f, CondPageBreak))
        need = sum(block_height(f, form.width) for f in lead) + min(first, 1.9 * inch)
        out += [CondPageBreak(need), *lead]
        for block in blocks:
            out += block
    return out


# --- first page, last words, page furniture ----------------------------------------------------------------


def _front_matter(form: Form, clinic: Clinic | None, crisis_lines: Sequence[str]) -> list[Flowable]:
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


def _closing(form: Form) -> list[Flowable]:
    styles = form.styles
    signature = Table(
        [["Signature", RuledLines(1, gap=1), "Date", date_write_in()]],
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
            x += draw_cells(canvas, x, top - 2.5, count, cell, guide)
            if guide != "D":
                canvas.setFont(FONT, 9)
                canvas.setFillColor(INK)
                canvas.drawCentredString(x + 4.5, top, "/")
                x += 9
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 9, right, top - 9)
        bottom = FOOTER_Y
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, bottom + 11, right, bottom + 11)
        canvas.setFillColor(QUIET)
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN_X, bottom, fit(clean(footer), FONT, 7.5, width - 2 * MARGIN_X - 80))
        canvas.restoreState()

    return draw


def render_blank(
    bank: Bank, page_size: PageSize | str = "letter", clinic: Clinic | None = None, *, language: str | None = None
) -> bytes:
    """The paper form of `bank` as PDF bytes (US Letter or "a4"); the same bank gives the same bytes.

    With `clinic`, page 1 names the clinic and its crisis contacts; without it the form is neutral.
    """
    size = page_dimensions(str(page_size))
    language = language or (clinic.default_language if clinic else None) or DEFAULT_LANGUAGE
    crisis_lines = (clinic or Clinic()).crisis_lines
    title = one_line(tr(bank.title, language))
    buffer = io.BytesIO()
    doc = document(
        buffer,
        size,
        _furniture(title),
        font_size=10,
        title=f"{title}: paper form",
        subject=f"{NOT_A_DIAGNOSIS} {title}, version {bank.version}.",
        author=one_line(clinic.name) if clinic and clinic.name else "",
        creator=CREATOR,
        lang=language,
    )

    def story() -> list[Flowable]:
        form = Form(bank, language, doc.width)
        return [*_front_matter(form, clinic, crisis_lines), *_sections(form), *_closing(form)]

    build(doc, story, creation_stamp())
    return buffer.getvalue()
