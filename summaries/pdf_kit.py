"""Shared pieces of the PDF renderers: fonts, the one escaping path, styles, page geometry, keep-with-next.

Every string that came from the patient, the bank or the clinic reaches ReportLab's markup parser through
`escape`, and nowhere else: Paragraph markup could otherwise crash the build (`<b>`), change the layout
(`<font size=80>`) or read a file from the server (`<img src=...>`). Text drawn straight onto the canvas
(the running header) goes through `clean`, the first half of `escape`.

The bundled DejaVu Sans covers Latin, Greek and Cyrillic; characters it cannot show print as U+FFFD (a
visible replacement mark) instead of vanishing.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

PageSize = Literal["letter", "a4"]
PAGE_SIZES: dict[str, tuple[float, float]] = {"letter": LETTER, "a4": A4}

CREATOR = "ketamine-pre-visit-intake"

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

INK = colors.black
QUIET = colors.HexColor("#555555")  # questions and labels: readable grey, still dark on a laser printer
RULE = colors.HexColor("#777777")
SHADE = colors.HexColor("#E8E8E8")  # table header and disclaimer box: light enough for black text in B&W

MARGIN_X = 0.75 * inch
HEADER_BAND = 0.55 * inch  # running header lives in the top margin, above the frame
FOOTER_BAND = 0.5 * inch
MARGIN_TOP = 0.55 * inch + HEADER_BAND
MARGIN_BOTTOM = 0.35 * inch + FOOTER_BAND

KEEP_ANSWER = 1.0 * inch
"""A question starts on a new page unless this much of its answer (or all of a shorter one) fits below it."""

SHORT_ANSWER = 90
"""Answers up to this many characters (one line, one choice) sit in a row beside their question."""

LINES_PER_PARAGRAPH = 25
"""Lines of one typed paragraph per Paragraph flowable: splitting one with thousands of <br/> is slow."""

LONG_ROW_SHARE = 0.45
"""A list whose tallest row would take more than this share of a page is printed as paragraphs instead,
because a table row cannot split across pages."""

# --- text --------------------------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

_font_lock = threading.Lock()
_coverage: frozenset[int] = frozenset()


def clean(text: str) -> str:
    """Text made safe to hand to ReportLab as characters (not yet as markup).

    NFC-normalises, turns every kind of line break into '\\n' and tabs into spaces, drops control
    characters, lone surrogates and non-characters, and replaces what the bundled font cannot show
    (and anything outside the Basic Multilingual Plane, whose ToUnicode entries ReportLab writes wrongly)
    with U+FFFD, so nothing the patient typed silently disappears.
    """
    text = _NEWLINES.sub("\n", str(text)).replace("\t", " ")
    text = unicodedata.normalize("NFC", _UNSAFE.sub("", text))
    covered = _font_coverage()
    if text.isascii():
        return text
    return "".join(ch if ord(ch) in covered or ch == "\n" else "\ufffd" for ch in text)


def escape(text: str) -> str:
    """The one way user or bank text enters Paragraph markup: cleaned, XML-escaped, newlines as <br/>."""
    return _xml_escape(clean(text)).replace("\n", "<br/>")


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


# --- fonts -------------------------------------------------------------------------------------------------


def _font_coverage() -> frozenset[int]:
    _register_fonts()
    return _coverage


def _register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) once per process, as one family so <b> maps to the bold."""
    global _coverage
    if _coverage:
        return
    with _font_lock:
        if _coverage:
            return
        regular = TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf"))
        bold = TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdfmetrics.registerFont(regular)
        pdfmetrics.registerFont(bold)
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        shared = set(regular.face.charToGlyph) & set(bold.face.charToGlyph)
        _coverage = frozenset(c for c in shared if c <= 0xFFFF and c >= 0x20)


# --- styles ------------------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "base",
        fontName=FONT,
        fontSize=10.5,
        leading=14,
        textColor=INK,
        alignment=TA_LEFT,
        allowWidows=0,
        allowOrphans=0,
    )
    return {
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=5),
        "disclaimer": ParagraphStyle(
            "disclaimer",
            base,
            fontSize=9.5,
            leading=13,
            backColor=SHADE,
            borderColor=INK,
            borderWidth=0.75,
            borderPadding=(6, 7, 6, 7),
            spaceBefore=4,
            spaceAfter=11,
        ),
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
class _Layout:
    styles: dict[str, ParagraphStyle]
    width: float  # of the text frame
    height: float


def _height(flowable: Flowable, layout: _Layout) -> float:
    return float(flowable.wrap(layout.width, layout.height)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def _kept(lead: list[Flowable], body: list[Flowable], layout: _Layout, keep: float = KEEP_ANSWER) -> list[Flowable]:
    """`lead` (a heading, a question) stays on the page with all of `body` or at least `keep` points of it.

    A conditional page break rather than KeepTogether: KeepTogether moves a long answer whole to the next
    page, leaving most of a page blank.
    """
    need = sum(_height(f, layout) for f in lead)
    room = 0.0
    for flowable in body:
        room += _height(flowable, layout)
        if room >= keep:
            room = keep
            break
    return [CondPageBreak(min(need + room, layout.height * 0.8)), *lead, *body]


def _text_paragraphs(text: str, layout: _Layout) -> list[Flowable]:
    """A free-text answer as flowing paragraphs (split at blank lines), never inside a table cell."""
    styles = layout.styles
    out: list[Flowable] = []
    paragraphs = [c for c in _PARAGRAPH_BREAK.split(clean(text).strip()) if c.strip()] or [""]
    for number, paragraph in enumerate(paragraphs):
        lines = paragraph.split("\n")
        for start in range(0, len(lines), LINES_PER_PARAGRAPH):
            style = "answer" if number == 0 else "answer_more"
            if start:
                style = "answer_cont"
            chunk = "\n".join(lines[start : start + LINES_PER_PARAGRAPH])
            out.append(Paragraph(escape(chunk), styles[style]))
    return out


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Text cut with an ellipsis so it fits in `width` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    text = text[:400]
    while text and pdfmetrics.stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"
