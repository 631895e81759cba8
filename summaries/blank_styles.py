"""The paper form's measures and paragraph styles."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch

from summaries.doc_kit import FONT, FONT_BOLD, INK, QUIET, base_style, title_and_box

GUTTER = 0.38 * inch  # the question numbers' column
BOX = 9.0  # a tick box's side
CELL = 14.0  # one character box of a date
WRITE_HEIGHT = 18.0  # a box to write a number in
LINE_GAP = 22.0  # between ruled lines: room for handwriting
LONG_TEXT_LINES = 4
LIST_ROWS = 8  # empty rows for a long list (medications); a short list gets its max_rows, at most 4
LIST_ROW_HEIGHT = 24.0
SHORT_GRID = 10  # a grid of up to this many rows stays on one page; a longer one repeats its header row
ZEBRA = colors.HexColor("#F2F2F2")  # every other grid row: keeps the eye on the row, invisible in a photocopy
GUIDE = colors.HexColor("#A8A8A8")  # faint Y / M / D letters inside date boxes
QUESTION_GAP = 10.0


def form_styles() -> dict[str, ParagraphStyle]:
    base = base_style(10, 13)
    return {
        **title_and_box(base, "box", title_size=18, title_leading=22, title_after=2, box_before=6, box_after=14),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, textColor=QUIET, spaceAfter=8),
        "clinic": ParagraphStyle("clinic", base, fontSize=9, leading=12, spaceAfter=1),
        "crisis": ParagraphStyle(
            "crisis",
            base,
            fontSize=9,
            leading=12.5,
            borderColor=INK,
            borderWidth=1.2,
            borderPadding=(6, 7, 6, 7),
            spaceBefore=10,
            spaceAfter=8,
        ),
        "heading": ParagraphStyle("heading", base, fontName=FONT_BOLD, fontSize=11, leading=14, spaceAfter=3),
        "bullet": ParagraphStyle(
            "bullet", base, fontSize=9.5, leading=12.5, leftIndent=12, bulletIndent=2, bulletFontName=FONT
        ),
        "privacy": ParagraphStyle("privacy", base, fontSize=9, leading=12, textColor=QUIET, spaceBefore=6),
        "section": ParagraphStyle(
            "section", base, fontName=FONT_BOLD, fontSize=14, leading=18, spaceBefore=16, spaceAfter=0
        ),
        "intro": ParagraphStyle("intro", base, fontSize=9, leading=12, textColor=QUIET, spaceBefore=3, spaceAfter=2),
        "question": ParagraphStyle(
            "question", base, leftIndent=GUTTER, bulletIndent=0, bulletFontName=FONT_BOLD, bulletFontSize=10
        ),
        "condition": ParagraphStyle(
            "condition", base, fontName=FONT_BOLD, fontSize=8.5, leading=11, leftIndent=GUTTER, spaceAfter=1.5
        ),
        "help": ParagraphStyle("help", base, fontSize=8.5, leading=11, textColor=QUIET, leftIndent=GUTTER),
        "note": ParagraphStyle(
            "note", base, fontSize=8.5, leading=11, textColor=QUIET, leftIndent=GUTTER, spaceBefore=2
        ),
        "option": ParagraphStyle("option", base, fontSize=9.5, leading=12),
        "grid_head": ParagraphStyle(
            "grid_head", base, fontName=FONT_BOLD, fontSize=8, leading=9.5, alignment=TA_CENTER
        ),
        "grid_name": ParagraphStyle("grid_name", base, fontName=FONT_BOLD, fontSize=9, leading=11),
        "grid_number": ParagraphStyle("grid_number", base, fontName=FONT_BOLD, fontSize=9.5, leading=12),
        "grid_item": ParagraphStyle("grid_item", base, fontSize=9, leading=11.5),
        "grid_help": ParagraphStyle("grid_help", base, fontSize=7.5, leading=9.5, textColor=QUIET, spaceBefore=1),
        "grid_condition": ParagraphStyle(
            "grid_condition", base, fontName=FONT_BOLD, fontSize=7.5, leading=9.5, spaceBefore=1.5
        ),
        "grid_option": ParagraphStyle("grid_option", base, fontSize=8.5, leading=10.5),
        "grid_lead": ParagraphStyle("grid_lead", base, fontName=FONT_BOLD, fontSize=8.5, leading=11, spaceAfter=3),
        "stem": ParagraphStyle("stem", base, fontName=FONT_BOLD, fontSize=10, leading=13, spaceAfter=3),
        "list_head": ParagraphStyle("list_head", base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11, textColor=QUIET),
    }
