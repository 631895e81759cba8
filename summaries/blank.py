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
from questions.contacts import as_pdf, linked_phone
from questions.schema import DEFAULT_LANGUAGE, Kind
from questions.words import say
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

__all__ = ["DATE_FORMAT", "question_numbers", "render_blank", "show_if_text"]


def _bold(text: str) -> str:
    return f"<b>{escape(text)}</b>"


def _instrument_names(bank: Bank, language: str) -> dict[str, str]:
    names = {}
    for instrument in bank.instruments:
        for question_id in [*instrument.items, *instrument.unscored_items]:
            names[question_id] = tr(instrument.name, language)
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
    names = _instrument_names(form.bank, form.language)
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
    styles, language = form.styles, form.language
    out: list[Flowable] = []
    if clinic is not None and clinic.logo is not None and clinic.logo.is_file():
        logo = Image(str(clinic.logo), width=1.8 * inch, height=0.55 * inch, kind="proportional", hAlign="LEFT")
        out += [logo, Spacer(0, 6)]
    out += [
        Paragraph(escape(form.t(form.bank.title)), styles["title"]),
        Paragraph(escape(say(language, "paper.subtitle")), styles["subtitle"]),
    ]
    if clinic is not None and clinic.name:
        out.append(Paragraph(_bold(say(language, "start.for_patients_of", clinic=clinic.name)), styles["clinic"]))
        phone = say(language, "glance.phone", phone=linked_phone(clinic.phone)) if clinic.phone else None
        details = [escape(clinic.address) if clinic.address else "", as_pdf(phone, bare=False) if phone else ""]
        if any(details):
            out.append(Paragraph("  \u00b7  ".join(d for d in details if d), styles["clinic"]))
    not_a_diagnosis = _bold(say(language, "summary.not_a_diagnosis"))
    out.append(Paragraph(f"{not_a_diagnosis} {escape(say(language, 'paper.what'))}", styles["box"]))
    out.append(Paragraph(escape(say(language, "paper.how_head")), styles["heading"]))
    tips = [
        escape(say(language, "paper.tip_pen")),
        _tip(language, "paper.tip_tick", tick_all=_bold(say(language, "paper.tick_all"))),
        escape(say(language, "paper.tip_dates", format=say(language, "paper.date_format"))),
        _tip(language, "paper.tip_number", unit_or=_bold(say(language, "paper.unit_or"))),
        _tip(language, "paper.tip_only_if", only_if=_bold(say(language, "paper.only_if_start"))),
        escape(say(language, "paper.tip_star")),
        escape(say(language, "paper.tip_room")),
    ]
    out += [Paragraph(tip, styles["bullet"], bulletText="\u2022") for tip in tips]
    privacy = f"{_bold(say(language, 'paper.privacy_head'))} {escape(say(language, 'paper.privacy'))}"
    out.append(Paragraph(privacy, styles["privacy"]))
    crisis = " ".join(as_pdf(line) for line in crisis_lines)
    out.append(Paragraph(f"{_bold(say(language, 'paper.danger'))} {crisis}", styles["crisis"]))
    return out


def _tip(language: str, key: str, **bold: str) -> str:
    """A tip with words in bold: the tip's text escaped around the (already escaped) bold words."""
    text = escape(say(language, key, **{name: f"{{{name}}}" for name in bold}))
    for name, words in bold.items():
        text = text.replace(f"{{{name}}}", words)
    return text


def _closing(form: Form) -> list[Flowable]:
    styles, language = form.styles, form.language
    signature = Table(
        [
            [
                say(language, "paper.signature"),
                RuledLines(1, gap=1),
                say(language, "paper.date"),
                date_write_in(language),
            ]
        ],
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
                Paragraph(escape(say(language, "paper.closing_head")), styles["section"]),
                HRFlowable(width="100%", thickness=1, color=INK, spaceBefore=2, spaceAfter=6),
                Paragraph(escape(say(language, "paper.look_back")), styles["intro"]),
                Spacer(0, 8),
                Paragraph(_bold(say(language, "paper.my_own")), styles["option"]),
                Spacer(0, 10),
                signature,
                Spacer(0, 14),
                Paragraph(escape(say(language, "paper.thank_you")), styles["small"]),
            ]
        )
    ]


def _furniture(title: str, language: str) -> Any:
    """Name and date of birth to fill in at the top of every page; what this is at the foot."""
    not_a_diagnosis = say(language, "summary.not_a_diagnosis")
    footer = say(language, "paper.footer", title=title, not_a_diagnosis=not_a_diagnosis)
    name = say(language, "paper.name")
    label = say(language, "paper.born")
    guides = [say(language, key) for key in ("paper.guide_year", "paper.guide_month", "paper.guide_day")]

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
        canvas.drawString(MARGIN_X, top, name)
        label_x = start - 6 - pdfmetrics.stringWidth(label, FONT_BOLD, 9)
        canvas.drawString(label_x, top, label)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X + 32, top - 2, label_x - 18, top - 2)
        x = start
        for index, (count, guide) in enumerate(zip((4, 2, 2), guides, strict=True)):
            x += draw_cells(canvas, x, top - 2.5, count, cell, guide)
            if index < 2:
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
    crisis_lines = (clinic or Clinic()).crisis_lines_in(language)
    title = one_line(tr(bank.title, language))
    buffer = io.BytesIO()
    doc = document(
        buffer,
        size,
        _furniture(title, language),
        font_size=10,
        title=say(language, "paper.doc_title", title=title),
        subject=say(
            language,
            "paper.subject",
            not_a_diagnosis=say(language, "summary.not_a_diagnosis"),
            title=title,
            version=bank.version,
        ),
        author=one_line(clinic.name) if clinic and clinic.name else "",
        creator=CREATOR,
        lang=language,
    )

    def story() -> list[Flowable]:
        form = Form(bank, language, doc.width)
        return [*_front_matter(form, clinic, crisis_lines), *_sections(form), *_closing(form)]

    build(doc, story, creation_stamp(), language=language)
    return buffer.getvalue()
