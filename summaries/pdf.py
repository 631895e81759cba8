"""The Summary as a PDF for the provider: ReportLab Platypus, built in memory, byte-for-byte reproducible.

Every string that came from the patient or the bank reaches ReportLab's markup parser through `escape`,
and nowhere else: Paragraph markup could otherwise crash the build (`<b>`), change the layout
(`<font size=80>`) or read a file from the server (`<img src=...>`). Text drawn straight onto the canvas
(the running header) goes through `clean`, the first half of `escape`.

The bundled DejaVu Sans covers Latin, Greek and Cyrillic; characters it cannot show print as U+FFFD (a
visible replacement mark) instead of vanishing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from questions import Intake
from questions.limits import ATTACHMENT_NAME
from summaries.attachments import embed
from summaries.summary import Item, SectionSummary, Summary, format_date
from summaries.summary import Table as SummaryTable

__all__ = ["AUTHOR", "PAGE_SIZES", "PageSize", "answers_file", "clean", "escape", "render_pdf"]

PageSize = Literal["letter", "a4"]
PAGE_SIZES: dict[str, tuple[float, float]] = {"letter": LETTER, "a4": A4}
AUTHOR = "Patient (self-reported)"
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
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=6),
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
            spaceAfter=14,
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
    }


# --- flowables ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    styles: dict[str, ParagraphStyle]
    width: float  # of the text frame
    height: float


def _height(flowable: Flowable, layout: _Layout) -> float:
    return float(flowable.wrap(layout.width, layout.height)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def _kept(lead: list[Flowable], body: list[Flowable], layout: _Layout) -> list[Flowable]:
    """`lead` (a heading, a question) stays on the page with all of `body` or at least KEEP_ANSWER of it.

    A conditional page break rather than KeepTogether: KeepTogether moves a long answer whole to the next
    page, leaving most of a page blank.
    """
    need = sum(_height(f, layout) for f in lead)
    room = 0.0
    for flowable in body:
        room += _height(flowable, layout)
        if room >= KEEP_ANSWER:
            room = KEEP_ANSWER
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


def _column_widths(headers: list[str], rows: list[list[str]], layout: _Layout) -> list[float]:
    """Widths that never break a word when the page allows, then share the rest by how much each column holds."""
    cell, head = layout.styles["cell"], layout.styles["cell_head"]
    avail, pad = layout.width, 12.0

    def width(text: str, style: ParagraphStyle) -> float:
        return float(pdfmetrics.stringWidth(text, style.fontName, style.fontSize))

    floors: list[float] = []
    wants: list[float] = []
    for i, header in enumerate(headers):
        values = [_one_line(r[i])[:60] for r in rows]
        words = [w[:30] for v in values for w in v.split()]
        longest_word = max([width(w, cell) for w in words] + [width(w, head) for w in header.split()[:12]] + [0.0])
        longest = max([width(v, cell) for v in values] + [0.0])
        floors.append(max(longest_word, 0.45 * inch) + pad)
        wants.append(max(longest, min(width(_one_line(header), head), 1.3 * inch), 0.45 * inch) + pad)
    if sum(floors) >= avail:
        return [avail * f / sum(floors) for f in floors]
    wants = [max(w, f) for w, f in zip(wants, floors, strict=True)]
    if sum(wants) <= avail:
        return [w * avail / sum(wants) for w in wants]
    spare = avail - sum(floors)
    extra = [w - f for w, f in zip(wants, floors, strict=True)]
    return [f + spare * e / (sum(extra) or 1.0) for f, e in zip(floors, extra, strict=True)]


def _list_flowables(table: SummaryTable, layout: _Layout) -> list[Flowable]:
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
        return _rows_as_paragraphs(headers, rows, layout)
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


def _rows_as_paragraphs(headers: list[str], rows: list[list[str]], layout: _Layout) -> list[Flowable]:
    styles = layout.styles
    out: list[Flowable] = []
    for number, row in enumerate(rows, start=1):
        body: list[Flowable] = []
        for header, value in zip(headers, row, strict=True):
            if clean(value).strip():
                body += [Paragraph(escape(header), styles["question"]), *_text_paragraphs(value, layout)]
        out += _kept([Paragraph(f"Row {number}", styles["row_head"])], body, layout)
    return out


def _answer_flowables(item: Item, layout: _Layout) -> list[Flowable]:
    if item.table is not None and item.table.rows:
        return _list_flowables(item.table, layout)
    if item.choices:
        return [Paragraph(escape(c), layout.styles["bullet"], bulletText="\u2022") for c in item.choices]
    return _text_paragraphs(item.text, layout)


def _is_short(item: Item) -> bool:
    """A one-line answer (a choice, a date, a number, a few words) that can sit beside its question."""
    if item.table is not None or item.choices:
        return False
    text = clean(item.text)
    return len(text) <= SHORT_ANSWER and "\n" not in text


def _short_answers(items: list[Item], layout: _Layout) -> Table:
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


def _section_flowables(section: SectionSummary, layout: _Layout) -> list[Flowable]:
    if not section.items and not section.unanswered:
        return []
    styles = layout.styles
    lead: list[Flowable] = [
        Paragraph(escape(section.title), styles["section"]),
        HRFlowable(width="100%", thickness=1, color=INK, spaceBefore=2, spaceAfter=1),
    ]
    out: list[Flowable] = []
    items = list(section.items)
    while items:
        run = list(takewhile(_is_short, items))
        if run:
            out += _kept(lead, [_short_answers(run, layout)], layout)
            items = items[len(run) :]
        else:
            item = items.pop(0)
            lead.append(Paragraph(escape(item.question), styles["question"]))
            out += _kept(lead, _answer_flowables(item, layout), layout)
        lead = []
    if section.unanswered:
        labels = " ".join(f"{escape(label)}\u00a0\u00b7" for label in section.unanswered).removesuffix("\u00a0\u00b7")
        out += _kept(lead, [Paragraph(f"<b>Not answered:</b> {labels}", styles["unanswered"])], layout)
    return out


def _front_matter(summary: Summary, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    made = format_date(summary.created.isoformat())
    dot = "\u00a0\u00a0\u00b7\u00a0 "
    return [
        Paragraph(escape(summary.title), styles["title"]),
        Paragraph(escape(summary.disclaimer), styles["disclaimer"]),
        Paragraph(escape(summary.patient_name), styles["who"]),
        Paragraph(f"Date of birth: {escape(summary.date_of_birth)}{dot}Summary made: {escape(made)}", styles["meta"]),
        Paragraph(
            f"Questions: {escape(summary.bank_title)} (version {escape(summary.bank_version)}){dot}"
            f"Language: {escape(summary.language)}",
            styles["meta"],
        ),
    ]


# --- page furniture ----------------------------------------------------------------------------------------


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Text cut with an ellipsis so it fits in `width` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    text = text[:400]
    while text and pdfmetrics.stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def _page_furniture(summary: Summary) -> Callable[[Canvas, Any], None]:
    """Running header (name, date of birth, summary date) and footer (what this is) on every page."""
    name = _one_line(summary.patient_name)
    made = format_date(summary.created.isoformat())
    right = f"Date of birth: {_one_line(summary.date_of_birth)}  \u00b7  Summary made: {made}"
    footer = _one_line(f"{summary.title}. {summary.disclaimer.split('.')[0]}.")

    def draw(canvas: Canvas, doc: Any) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        top = height - 0.55 * inch
        right_text = _fit(right, FONT, 8.5, (width - 2 * MARGIN_X) * 0.6)
        right_width = pdfmetrics.stringWidth(right_text, FONT, 8.5)
        canvas.setFillColor(INK)
        canvas.setFont(FONT, 8.5)
        canvas.drawRightString(width - MARGIN_X, top, right_text)
        canvas.setFont(FONT_BOLD, 9.5)
        canvas.drawString(MARGIN_X, top, _fit(name, FONT_BOLD, 9.5, width - 2 * MARGIN_X - right_width - 18))
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 6, width - MARGIN_X, top - 6)
        bottom = 0.5 * inch
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, bottom + 11, width - MARGIN_X, bottom + 11)
        canvas.setFillColor(QUIET)
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN_X, bottom, _fit(footer, FONT, 7.5, width - 2 * MARGIN_X - 80))
        canvas.restoreState()

    return draw


def _creation_stamp(summary: Summary) -> str:
    """The PDF date of the Summary (00:00 UTC), or of SOURCE_DATE_EPOCH when that is set."""
    when = dt.datetime.combine(summary.created, dt.time(), tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


class _NumberedCanvas(Canvas):
    """A canvas that holds back every page until save, so each can say 'Page X of Y'."""

    def __init__(self, *args: Any, creation_stamp: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
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
        Canvas.save(self)

    def _draw_page_number(self, total: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setFillColor(INK)
        self.setFont(FONT, 8.5)
        self.drawRightString(width - MARGIN_X, 0.5 * inch, f"Page {self._pageNumber} of {total}")
        self.restoreState()


# --- the document ------------------------------------------------------------------------------------------

_render_lock = threading.Lock()  # ReportLab keeps per-font subset state; one build at a time is the safe choice


def answers_file(intake: Intake) -> bytes:
    """The answers as the app saves them (pretty JSON), for embedding in the PDF."""
    data = intake.model_dump(mode="json")
    try:
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: \u-escaped JSON keeps it, and reads back the same
        return json.dumps(data, ensure_ascii=True, indent=2).encode("ascii")


def render_pdf(summary: Summary, *, page_size: PageSize | str = "letter", attach_answers: bool = True) -> bytes:
    """The summary as PDF bytes (US Letter by default, or "a4"). The same Summary gives the same bytes.

    The answers it was made from are embedded as `intake-answers.json`, so the PDF can be loaded again
    to resume (pass attach_answers=False for a PDF without them).
    """
    key = str(page_size).lower()
    if key not in PAGE_SIZES:
        raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    _register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZES[key],
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=_one_line(summary.title),
        subject=_one_line(f"{summary.disclaimer} {summary.bank_title}, version {summary.bank_version}."),
        author=AUTHOR,
        creator=CREATOR,
        lang=_one_line(summary.language) or "en",
        displayDocTitle=True,
        invariant=1,
        initialFontName=FONT,
        initialFontSize=10.5,
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
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_furniture(summary))])
    stamp = _creation_stamp(summary)

    def canvasmaker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, creation_stamp=stamp, **kwargs)

    with _render_lock:
        layout = _Layout(styles=_styles(), width=doc.width, height=doc.height)
        story: list[Flowable] = _front_matter(summary, layout.styles)
        for section in summary.sections:
            story += _section_flowables(section, layout)
        story.append(Paragraph("End of the patient-reported summary.", layout.styles["end"]))
        doc.build(story, canvasmaker=canvasmaker)
    if not attach_answers:
        return buffer.getvalue()
    return embed(buffer.getvalue(), {ATTACHMENT_NAME: answers_file(summary.intake)})
