"""The document kit shared by the summary PDF (summaries/pdf.py) and the paper form (summaries/blank.py).

Page sizes and margins, the bundled fonts, the colours, a base paragraph style, the "Page X of Y" canvas,
the PDF creation stamp, and one call that sets up a one-frame document and builds it. Text reaches
ReportLab's markup through `summaries.pdf_kit.escape` (the escaping and right-to-left text live there).

Everything here is public: the two documents import these names and nothing private of each other.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from questions.words import DEFAULT_LANGUAGE, say
from summaries.attachments import attach
from summaries.reproducible import source_date_epoch

__all__ = [
    "CREATOR",
    "FONT",
    "FONT_BOLD",
    "FONT_DIR",
    "FOOTER_BAND",
    "HEADER_BAND",
    "INK",
    "MARGIN_BOTTOM",
    "MARGIN_TOP",
    "MARGIN_X",
    "PAGE_SIZES",
    "QUIET",
    "RULE",
    "SHADE",
    "NumberedCanvas",
    "PageSize",
    "base_style",
    "build",
    "creation_stamp",
    "document",
    "fit",
    "font_coverage",
    "page_dimensions",
    "register_fonts",
]

# --- paper -------------------------------------------------------------------------------------------------

PageSize = Literal["letter", "a4"]
PAGE_SIZES: dict[str, tuple[float, float]] = {"letter": LETTER, "a4": A4}

MARGIN_X = 0.75 * inch
HEADER_BAND = 0.55 * inch  # running header lives in the top margin, above the frame
FOOTER_BAND = 0.5 * inch
MARGIN_TOP = 0.55 * inch + HEADER_BAND
MARGIN_BOTTOM = 0.35 * inch + FOOTER_BAND
FOOTER_Y = 0.5 * inch
"""Baseline of the footer line and of "Page X of Y"."""

CREATOR = "ketamine-pre-visit-intake"

# --- ink ---------------------------------------------------------------------------------------------------

INK = colors.black
QUIET = colors.HexColor("#555555")  # questions and labels: readable grey, still dark on a laser printer
RULE = colors.HexColor("#777777")
SHADE = colors.HexColor("#E8E8E8")  # table header and disclaimer box: light enough for black text in B&W

# --- fonts -------------------------------------------------------------------------------------------------

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

_font_lock = threading.Lock()
_coverage: frozenset[int] = frozenset()


def register_fonts() -> None:
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


def font_coverage() -> frozenset[int]:
    """The code points both bundled fonts can draw (Basic Multilingual Plane, no control characters)."""
    register_fonts()
    return _coverage


def fit(text: str, font: str, size: float, width: float) -> str:
    """Text cut with an ellipsis so it fits in `width` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    text = text[:400]
    while text and pdfmetrics.stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


# --- styles ------------------------------------------------------------------------------------------------


def base_style(font_size: float, leading: float) -> ParagraphStyle:
    """The style every paragraph style of both documents derives from: DejaVu Sans in ink, left-aligned,
    no widow or orphan lines."""
    return ParagraphStyle(
        "base",
        fontName=FONT,
        fontSize=font_size,
        leading=leading,
        textColor=INK,
        alignment=TA_LEFT,
        allowWidows=0,
        allowOrphans=0,
    )


def title_and_box(
    base: ParagraphStyle,
    box: str,
    *,
    title_size: float,
    title_leading: float,
    title_after: float,
    box_before: float,
    box_after: float,
) -> dict[str, ParagraphStyle]:
    """A document's "title" style and its shaded, ruled 'not a diagnosis' box (named `box`), alike in both
    documents but for the title's size and the spacing around each."""
    return {
        "title": ParagraphStyle(
            "title", base, fontName=FONT_BOLD, fontSize=title_size, leading=title_leading, spaceAfter=title_after
        ),
        box: ParagraphStyle(
            box,
            base,
            fontSize=9.5,
            leading=13,
            backColor=SHADE,
            borderColor=INK,
            borderWidth=0.75,
            borderPadding=(6, 7, 6, 7),
            spaceBefore=box_before,
            spaceAfter=box_after,
        ),
    }


# --- pages -------------------------------------------------------------------------------------------------


def page_dimensions(value: str) -> tuple[float, float]:
    """The page size called "letter" or "a4" (any case), in points; a ValueError names the choices."""
    key = str(value).lower()
    if key not in PAGE_SIZES:
        raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, not {value!r}")
    return PAGE_SIZES[key]


def creation_stamp(day: dt.date | None = None) -> str:
    """The PDF creation date: SOURCE_DATE_EPOCH when set, else `day` at 00:00 UTC, else "" (ReportLab's
    fixed invariant date)."""
    when = source_date_epoch()
    if when is None and day is not None:
        when = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return when.strftime("D:%Y%m%d%H%M%S+00'00'") if when is not None else ""


class NumberedCanvas(Canvas):
    """A canvas that holds back every page until save, so each can say 'Page X of Y' at its foot, and
    attaches `files` (summaries/attachments.py) as it writes the PDF."""

    def __init__(
        self,
        *args: Any,
        creation_stamp: str = "",
        language: str = DEFAULT_LANGUAGE,
        mark: str = "",
        files: Mapping[str, bytes] | None = None,
        shared: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._language = language
        self._mark = mark  # visits: the record's short fingerprint, under the footer (summaries/record.py)
        self._files = files or {}
        self._shared = shared
        if creation_stamp:
            self.setDateFormatter(lambda *_: creation_stamp)

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._draw_page_number(total)
            Canvas.showPage(self)
        attach(self._doc, self._files, self._shared)
        Canvas.save(self)

    def _draw_page_number(self, total: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setFillColor(INK)
        self.setFont(FONT, 8.5)
        page = say(self._language, "pdf.page", page=self._pageNumber, pages=total)
        self.drawRightString(width - MARGIN_X, FOOTER_Y, page)
        if self._mark:
            self.setFont(FONT, 7)
            self.drawString(MARGIN_X, FOOTER_Y - 10, self._mark)
        self.restoreState()


def document(
    buffer: io.BytesIO,
    size: tuple[float, float],
    on_page: Callable[[Canvas, Any], None],
    *,
    font_size: float,
    **info: Any,
) -> BaseDocTemplate:
    """A document with one full-width frame inside the margins, `on_page` drawing its running header and
    footer; `info` is the PDF's metadata (title, subject, author, creator, lang). Byte-for-byte reproducible
    (ReportLab's invariant mode)."""
    register_fonts()
    doc = BaseDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        **info,
        displayDocTitle=True,
        invariant=1,
        initialFontName=FONT,
        initialFontSize=font_size,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    return doc


_render_lock = threading.Lock()  # ReportLab keeps per-font subset state; one build at a time is the safe choice


def build(
    doc: BaseDocTemplate,
    story: Callable[[], list[Flowable]],
    stamp: str = "",
    language: str = DEFAULT_LANGUAGE,
    mark: str = "",
    files: Mapping[str, bytes] | None = None,
    shared: frozenset[str] = frozenset(),
) -> None:
    """Lay out `story()` in `doc` and write it, one build at a time, with "Page X of Y" (in `language`) on
    every page and `stamp` (see `creation_stamp`) as the PDF's creation date; `mark` is printed under the
    footer of every page (visits: the record's fingerprint). `files` are attached (name -> content; the
    names in `shared` hold bank data only, see summaries/attachments.py).

    Page streams are deflated without ReportLab's default ASCII85 layer (a text encoding of binary data for
    7-bit channels: 25% larger, and ReportLab encodes it in pure Python); PDF files are binary anyway
    (the fonts and attachments already are), and the pages look the same."""

    def canvasmaker(*args: Any, **kwargs: Any) -> NumberedCanvas:
        return NumberedCanvas(
            *args, creation_stamp=stamp, language=language, mark=mark, files=files, shared=shared, **kwargs
        )

    with _render_lock:
        ascii85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            doc.build(story(), canvasmaker=canvasmaker)
        finally:
            rl_config.useA85 = ascii85
