"""The PDF floor: ReportLab alone laying out the same strings, in the same fonts, with plain Platypus.

No app code: this module imports ReportLab and the standard library only. It takes the summary already
flattened to plain strings (bench/pdf.py does that before any timing) and lays each one out as a
Paragraph, and each list as a Table of Paragraphs whose header row repeats on every page. Nothing else:
no page furniture, no "Page X of Y", no keep-with-next, no attachment.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

FONTS = Path(__file__).resolve().parent.parent / "summaries" / "fonts"
REGULAR, BOLD = "FloorSans", "FloorSans-Bold"  # own names, so the app's registration is not touched

MARGIN = 0.75 * inch
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


@dataclass
class Block:
    """One thing on the page: a heading, a question, a text (paragraphs at blank lines), bullets or a list."""

    kind: str  # "title" | "heading" | "question" | "text" | "bullets" | "table"
    text: str = ""
    items: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def register_fonts() -> None:
    """Register the bundled DejaVu Sans under the floor's own names (once; outside any timing)."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def render(blocks: list[Block]) -> bytes:
    """The blocks as a PDF, as plainly as Platypus does it."""
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=14)
    styles = {
        "title": ParagraphStyle("title", body, fontName=BOLD, fontSize=18, leading=22),
        "heading": ParagraphStyle("heading", body, fontName=BOLD, fontSize=13.5, leading=17, spaceBefore=14),
        "question": ParagraphStyle("question", body, fontSize=8.5, leading=11, spaceBefore=7),
        "text": body,
        "cell": ParagraphStyle("cell", body, fontSize=9.5, leading=12),
    }
    story: list[Flowable] = []
    for block in blocks:
        if block.kind == "text":
            story += [Paragraph(_markup(p), body) for p in _BLANK_LINE.split(block.text.strip()) if p.strip()]
        elif block.kind == "bullets":
            story += [Paragraph(_markup(i), body, bulletText="\u2022") for i in block.items]
        elif block.kind == "table":
            cell = styles["cell"]
            data = [[Paragraph(_markup(v), cell) for v in row] for row in [block.headers, *block.rows]]
            width = (LETTER[0] - 2 * MARGIN) / max(1, len(block.headers))
            grid = Table(data, colWidths=[width] * len(block.headers), repeatRows=1, hAlign="LEFT")
            grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(grid)
        else:
            story.append(Paragraph(_markup(block.text), styles[block.kind]))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, invariant=1)
    doc.build(story)
    return out.getvalue()
