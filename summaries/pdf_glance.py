"""Page 1 of the PDF, "at a glance": what a provider reads first, in the order they need it.

1. A safety banner, when the patient gave a positive answer to a self-harm question (heavy black box,
   legible in black and white): each question with the answer given, and the crisis contacts shown.
2. The clinic's header (name, address, phone, logo) when set; the title, disclaimer and who it is.
3. The screening questionnaires: score of maximum, published range or cut-off with its citation.
4. What brings the patient: what they picked, and their own words (cut short here, in full later).
5. Answers your provider may want to review: what the bank flags, phrased as what the patient reported.

Everything comes from the Summary; every string goes through `escape`.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, HRFlowable, Image, KeepTogether, Spacer, Table, TableStyle

from questions import Score
from questions.contacts import as_pdf, linked_phone
from questions.scoring import CutoffWords, cutoff_sentences
from questions.words import DEFAULT_LANGUAGE, format_date, locale_of, say
from summaries.doc_kit import FONT, INK, RULE, SHADE
from summaries.pdf_kit import Paragraph, clean, escape
from summaries.pdf_layout import Layout, kept
from summaries.pdf_safety import banner, screens_block
from summaries.summary import ClinicHeader, Concerns, Summary, language_name

NO_REVIEW = say(DEFAULT_LANGUAGE, "glance.no_review")
"""The line under 'Answers your provider may want to review' when there are none, in English."""

OWN_WORDS_CHARS = 450
"""The patient's own words on page 1 are cut after about this many characters (in full in their section)."""
OWN_WORDS_LINES = 6

LOGO_BOX = (1.4 * inch, 0.7 * inch)
"""The clinic logo is scaled, keeping its shape, to fit this box (width, height)."""

KEEP_GLANCE = 0.55 * inch
"""A page-1 heading moves to the next page unless this much of what follows it (two or three lines) fits."""

DOT = "\u00a0\u00a0\u00b7\u00a0 "

GLANCE_CUTOFFS = CutoffWords(
    cutoff="glance.cutoff",
    cutoff_for="glance.cutoff_for",
    positive_answer="glance.positive_answer",
    positive_total="glance.positive_total",
    below_answer="glance.below_answer",
    below_total="glance.below_total",
    rule_at_or_above="glance.rule_at_or_above",
    rule_below="glance.rule_below",
    unsure_answer="glance.cutoffs_unsure",
    unsure_total="glance.cutoffs_unsure",
)
"""The score table's wording of the cut-offs (questions.scoring.cutoff_sentences): shorter than the Score's."""

_GRID: list[tuple[Any, ...]] = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONT", (0, 0), (-1, -1), FONT, 9.5),  # ReportLab sets a cell font even for Paragraph cells
    ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ("TOPPADDING", (0, 0), (-1, -1), 3.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
]


def _number(value: float, decimals: int = 0, language: str = DEFAULT_LANGUAGE) -> str:
    """A score the way `language` writes numbers, with the instrument's decimals (PEG 4.3) or none needed."""
    from babel.numbers import format_decimal

    pattern = "#,##0." + "0" * decimals if decimals else "#,##0.###"
    return format_decimal(value, format=pattern, locale=locale_of(language))


# --- 1. safety banner ------------------------------------------------------------------------------------


_banner = banner  # summaries/pdf_safety.py: safety answers, questions left or declined, contacts


# --- 2. clinic, title, who ---------------------------------------------------------------------------------


def _logo(path: str) -> Image | None:
    """The logo scaled into LOGO_BOX, or None when the file cannot be read as an image (the rest still prints)."""
    try:
        width, height = ImageReader(path).getSize()
    except Exception:  # a broken logo must not cost the patient their summary
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
    return Image(path, width=width * scale, height=height * scale, hAlign="LEFT")


def _clinic(clinic: ClinicHeader | None, layout: Layout, language: str) -> list[Flowable]:
    if clinic is None or clinic.empty:
        return []
    s = layout.styles
    lines: list[Flowable] = []
    if clinic.name:
        lines.append(Paragraph(escape(clinic.name), s["clinic_name"]))
    if clinic.address:
        lines.append(Paragraph(escape(clinic.address), s["clinic_meta"]))
    if clinic.phone:
        phone = say(language, "glance.phone", phone=linked_phone(clinic.phone))
        lines.append(Paragraph(as_pdf(phone, bare=False), s["clinic_meta"]))
    logo = _logo(clinic.logo) if clinic.logo else None
    if logo is None:
        block: list[Flowable] = lines
    else:
        gap = 10.0
        grid = Table([[logo, lines]], colWidths=[logo.drawWidth + gap, layout.width - logo.drawWidth - gap])
        grid.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        block = [grid]
    return [KeepTogether(block), HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=6, spaceAfter=8)]


def _front_matter(summary: Summary, layout: Layout) -> list[Flowable]:
    s = layout.styles
    language = summary.language
    made = format_date(summary.created, language)
    born = say(language, "glance.born", born=summary.date_of_birth)
    questions = say(language, "glance.questions", questions=summary.bank_title, version=summary.bank_version)
    written_in = say(language, "glance.language", name=language_name(summary.answered_in, language))
    out = [
        Paragraph(escape(summary.title), s["title"]),
        Paragraph(escape(summary.disclaimer), s["disclaimer"]),
        Paragraph(escape(summary.patient_name), s["who"]),
        Paragraph(f"{escape(born)}{DOT}{escape(say(language, 'glance.made', made=made))}", s["meta"]),
        Paragraph(f"{escape(questions)}{DOT}{escape(written_in)}", s["meta"]),
    ]
    if summary.language_note:  # answered in another language: the patient's own words are as typed
        out.append(Paragraph(f"<b>{escape(summary.language_note)}</b>", s["meta"]))
    return out


def _heading(text: str, layout: Layout) -> list[Flowable]:
    return [
        Paragraph(escape(text), layout.styles["glance_head"]),
        HRFlowable(width="100%", thickness=1, color=INK, spaceBefore=1, spaceAfter=3),
    ]


# --- 3. scores -------------------------------------------------------------------------------------------


def score_cells(score: Score, language: str = DEFAULT_LANGUAGE, extra: str = "") -> tuple[str, str]:
    """The score ('17 of 27', or 'k of n items answered; no total') and its published range or cut-off.

    `extra` is the Summary's own sentence for the row (where the total is against a published range, or
    why every cut-off is shown)."""
    if score.total is None:
        no_total = say(language, "glance.no_total", answered=score.answered, items=score.items)
        return no_total, say(language, "glance.no_range")
    total = _number(score.total, score.decimals, language)
    plain = f"{score.total:.{score.decimals}f}" if score.decimals else f"{score.total:g}"  # as the headline has it
    shown = (
        total
        if score.max_score is None
        else say(language, "glance.total_of", total=total, max=_number(score.max_score, 0, language))
    )
    if score.max_score is None:  # no maximum: the bank's own first sentence, e.g. "(times in the past year): 5"
        first = score.headline.removesuffix(".")
        unit = re.fullmatch(re.escape(score.name) + r"\s*\((.+)\):\s*" + re.escape(plain), first)
        shown = f"{total} ({unit.group(1)})" if unit else total
    parts: list[str] = []
    short = score.short_citation
    if score.band is not None and score.band_low is not None and score.band_high is not None:
        low, high = _number(score.band_low, 0, language), _number(score.band_high, 0, language)
        parts.append(say(language, "glance.band", low=low, high=high, label=score.band, short=short))
    parts += cutoff_sentences(score.screens, short, score.items == 1, language, GLANCE_CUTOFFS)
    if not parts:
        parts.append(score.note or say(language, "glance.no_bands", short=short))
    elif score.note:
        parts.append(score.note)
    if extra:
        parts.append(extra)
    return shown, " ".join(parts)


def _scores(summary: Summary, layout: Layout) -> list[Flowable]:
    s = layout.styles
    language = summary.language
    out = _heading(say(language, "glance.scores"), layout)
    if not summary.scores:
        return [*out, Paragraph(escape(say(language, "glance.no_scores")), s["answer"])]
    titles = [say(language, "glance.questionnaire"), say(language, "glance.score"), say(language, "glance.range")]
    head = [Paragraph(escape(h), s["cell_head"]) for h in titles]
    rows: list[list[Any]] = [head]
    for score in summary.scores:
        shown, band = score_cells(score, language, summary.score_notes.get(score.instrument_id, ""))
        style = s["cell_strong"] if score.total is not None else s["cell"]
        unvalidated = summary.translation_notes.get(score.instrument_id or "")
        range_cell = _cell(band, s["cell"])
        if unvalidated:  # asked in a language the instrument has no validated version in
            range_cell = Paragraph(f"<b>{escape(unvalidated)}</b> {escape(band)}", s["cell"])
        rows.append([Paragraph(escape(score.name), s["cell_strong"]), Paragraph(escape(shown), style), range_cell])
    widths = [1.45 * inch, 1.45 * inch]
    grid = Table(rows, colWidths=[*widths, layout.width - sum(widths)], repeatRows=1, splitByRow=1, spaceBefore=0)
    grid.setStyle(
        TableStyle(
            [
                *_GRID,
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),  # right under the heading's rule
                ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ]
        )
    )
    note = say(language, "glance.score_note", disclaimer=say(language, "scores.disclaimer"))
    return [*kept(out, [grid], layout, KEEP_GLANCE), Paragraph(escape(note), s["caption"])]


def _cell(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text), style)


# --- 4. what brings the patient ----------------------------------------------------------------------------


def shorten(text: str, chars: int = OWN_WORDS_CHARS, lines: int = OWN_WORDS_LINES) -> tuple[str, bool]:
    """Text cut at a word after about `chars` characters or `lines` lines; and whether it was cut.

    Blank lines between paragraphs close up to one line break, so page 1 stays compact.
    """
    text = "\n".join(line.strip() for line in clean(text).strip().split("\n") if line.strip())
    kept = "\n".join(text.split("\n")[:lines])
    if len(kept) > chars:
        kept = kept[:chars]
        if " " in kept[chars // 2 :]:
            kept = kept[: kept.rindex(" ")]
    kept = kept.rstrip()
    return kept, kept != text


def _concerns(concerns: Concerns | None, layout: Layout, language: str) -> list[Flowable]:
    s = layout.styles
    out = _heading(say(language, "glance.concerns"), layout)
    if concerns is None or concerns.empty:
        return [*out, Paragraph(escape(say(language, "glance.not_answered")), s["answer"])]
    if concerns.picked:
        out.append(Paragraph(DOT.join(f"<b>{escape(p)}</b>" for p in concerns.picked), s["glance_text"]))
    for item in concerns.details:
        text, _ = shorten(item.text, 200, 2)
        out.append(
            Paragraph(
                f'<font size="8.5" color="#555555">{escape(item.question)}</font>\u00a0 {escape(text)}',
                s["glance_text"],
            )
        )
    if concerns.own_words:
        text, cut = shorten(concerns.own_words)
        more = " " + escape(say(language, "glance.continued", section=concerns.section_title)) if cut else ""
        label = escape(concerns.own_words_question or say(language, "glance.own_words"))
        quoted = "\u201c" + escape(text) + (" \u2026" if cut else "") + "\u201d"
        own = Paragraph(f'{quoted}<font size="8.5" color="#555555">{more}</font>', s["own_words"])
        out += [Paragraph(label, s["glance_label"]), own]  # the label keeps with the text (keepWithNext)
    return kept(out[:2], out[2:], layout, KEEP_GLANCE)


# --- 5. answers to review ----------------------------------------------------------------------------------


def _review(summary: Summary, layout: Layout) -> list[Flowable]:
    s = layout.styles
    language = summary.language
    out = _heading(say(language, "glance.review"), layout)
    if not summary.review:
        return [*out, Paragraph(escape(say(language, "glance.no_review")), s["answer"])]
    rows: list[list[Any]] = []
    previous = None
    for line in summary.review:
        section = "" if line.section == previous else line.section
        previous = line.section
        rows.append([Paragraph(escape(section), s["cell_quiet"]), Paragraph(escape(line.text), s["cell"])])
    left = 1.45 * inch
    grid = Table(rows, colWidths=[left, layout.width - left], splitByRow=1, spaceBefore=1)
    starts = [i for i, line in enumerate(summary.review) if i and line.section != summary.review[i - 1].section]
    grid.setStyle(
        TableStyle(
            [
                *_GRID,
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                *[("LINEABOVE", (0, r), (-1, r), 0.4, RULE) for r in starts],
                *[("TOPPADDING", (0, r), (-1, r), 4) for r in starts],
            ]
        )
    )
    note = Paragraph(escape(say(language, "glance.review_note")), s["caption_top"])
    return kept(out, [note, grid], layout, KEEP_GLANCE)


def glance_flowables(summary: Summary, layout: Layout, follow_up: list[Flowable] | None = None) -> list[Flowable]:
    """Everything page 1 shows, in reading order (it runs onto page 2 only for a very full intake).

    `follow_up` (visits: "Since the last summary", summaries/pdf_since_last.py) comes right after who it is.
    """
    return [
        *_banner(summary, layout),
        *_clinic(summary.clinic, layout, summary.language),
        *_front_matter(summary, layout),
        *(follow_up or []),  # a follow-up: what changed since the last summary comes first (safety is above)
        *screens_block(summary, layout),
        *_scores(summary, layout),
        Spacer(1, 2),
        *_concerns(summary.concerns, layout, summary.language),
        *_review(summary, layout),
    ]
