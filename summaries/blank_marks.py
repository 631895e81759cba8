"""What the paper form gives a patient to write on: tick boxes, option rows, boxes for numbers and dates,
ruled lines, a scale's boxes; drawn as real lines and squares, not font glyphs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from questions import tr
from questions.kinds.number import Number
from questions.words import say
from summaries.blank_styles import BOX, CELL, GUIDE, LINE_GAP, WRITE_HEIGHT
from summaries.doc_kit import FONT, INK, QUIET, RULE
from summaries.pdf_kit import Paragraph, clean, escape


def tick_box(canvas: Canvas, x: float, y: float) -> None:
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    canvas.rect(x, y, BOX, BOX, stroke=1, fill=0)


class TickBox(Flowable):
    """One empty tick box (a grid cell)."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return BOX, BOX

    def draw(self) -> None:
        tick_box(self.canv, 0, 0)


class Choices(Flowable):
    """Options, each with a tick box: in one row when they fit, else in 3, 2 or 1 columns (read down)."""

    def __init__(self, labels: Sequence[str], style: ParagraphStyle) -> None:
        super().__init__()
        self.labels = list(labels)
        self.style = style
        self._rows: list[list[tuple[float, Paragraph]]] = []
        self._heights: list[float] = []

    def _natural(self) -> list[float]:
        s = self.style
        return [BOX + 5 + pdfmetrics.stringWidth(clean(t), s.fontName, s.fontSize) for t in self.labels]

    def natural_width(self) -> float:
        """The width of all options in one row."""
        return sum(self._natural()) + 16 * (len(self.labels) - 1)

    def _columns(self, widths: list[float], aw: float) -> int:
        """3 or 2 columns when every label fits on one line; 2 for a long list whose labels take 2 lines."""
        count = len(widths)
        for k in (3, 2):
            if k < count and max(widths) <= aw / k - 12:
                return k
        if count >= 6:
            room = aw / 2 - BOX - 5 - 12
            if all(lines_of(Paragraph(escape(t), self.style), room) <= 2 for t in self.labels):
                return 2
        return 1

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        widths = self._natural()
        count = len(self.labels)
        if self.natural_width() <= aw:
            xs, x = [], 0.0
            for w in widths:
                xs.append(x)
                x += w + 16
            layout = [list(zip(xs, self.labels, strict=True))]
            cell_rooms = [[w - BOX - 5 + 1 for w in widths]]
        else:
            columns = self._columns(widths, aw)
            per_column = -(-count // columns)
            column = aw / columns
            layout = [
                [(c * column, self.labels[c * per_column + r]) for c in range(columns) if c * per_column + r < count]
                for r in range(per_column)
            ]
            gap = 12 if columns > 1 else 0
            cell_rooms = [[column - BOX - 5 - gap] * len(row) for row in layout]
        self._rows, self._heights = [], []
        for row, rooms in zip(layout, cell_rooms, strict=True):
            cells = []
            for (x, label), room_for_label in zip(row, rooms, strict=True):
                para = Paragraph(escape(label), self.style)
                para.wrap(room_for_label, ah)
                cells.append((x, para))
            self._rows.append(cells)
            self._heights.append(max(p.height for _, p in cells) + 4)
        self.width, self.height = aw, sum(self._heights) - 4
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        size = self.style.fontSize
        for cells, height in zip(self._rows, self._heights, strict=True):
            for x, para in cells:
                baseline = top - size
                tick_box(self.canv, x, baseline - 1.5)
                para.drawOn(self.canv, x + BOX + 5, top - para.height)
            top -= height


def draw_cells(canvas: Canvas, x: float, y: float, count: int, size: float, guide: str = "") -> float:
    """`count` joined character boxes from (x, y), each with a faint guide letter; returns their width."""
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.7)
    for i in range(count):
        canvas.rect(x + i * size, y, size, size, stroke=1, fill=0)
    if guide:
        canvas.setFillColor(GUIDE)
        canvas.setFont(FONT, size * 0.45)
        for i in range(count):
            canvas.drawCentredString(x + (i + 0.5) * size, y + size * 0.32, guide)
        canvas.setFillColor(INK)
    return count * size


Part = tuple[str, Any, str]  # ("box", width, caption) | ("cells", count, guide letter) | ("text", words, "")


class WriteIn(Flowable):
    """Boxes to write a number or a date in, with the words between them ('cm  or  inches')."""

    def __init__(self, parts: Sequence[Part], captions: Sequence[tuple[int, str]] = ()) -> None:
        super().__init__()
        self.parts = list(parts)
        self.captions = dict(captions)  # part index -> caption printed under it

    def _part_width(self, part: Part) -> float:
        kind, value, _ = part
        if kind == "box":
            return float(value)
        if kind == "cells":
            return float(value) * CELL
        return float(pdfmetrics.stringWidth(value, FONT, 9.5))

    def natural_width(self) -> float:
        """How wide the boxes and words are."""
        return sum(self._part_width(p) for p in self.parts) + 5 * (len(self.parts) - 1)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = self.natural_width()
        self.height = WRITE_HEIGHT + (10 if self.captions else 0)
        return self.width, self.height

    def draw(self) -> None:
        canvas, x = self.canv, 0.0
        bottom = 10.0 if self.captions else 0.0
        for index, part in enumerate(self.parts):
            kind, value, guide = part
            width = self._part_width(part)
            if kind == "box":
                canvas.setStrokeColor(INK)
                canvas.setLineWidth(0.8)
                canvas.rect(x, bottom, width, WRITE_HEIGHT, stroke=1, fill=0)
            elif kind == "cells":
                draw_cells(canvas, x, bottom + (WRITE_HEIGHT - CELL) / 2, int(value), CELL, guide)
            else:
                canvas.setFillColor(INK)
                canvas.setFont(FONT, 9.5)
                canvas.drawString(x, bottom + 5, value)
            if index in self.captions:
                canvas.setFillColor(QUIET)
                canvas.setFont(FONT, 6.5)
                canvas.drawCentredString(x + width / 2, 1.5, self.captions[index])
            x += width + 5


def date_write_in(language: str) -> WriteIn:
    """Year, month and day boxes, each cell with its light guide letter, a caption under each group."""
    year, month, day = (say(language, key) for key in ("paper.guide_year", "paper.guide_month", "paper.guide_day"))
    parts: list[Part] = [
        ("cells", 4, year),
        ("text", "/", ""),
        ("cells", 2, month),
        ("text", "/", ""),
        ("cells", 2, day),
    ]
    captions = [say(language, "paper.year"), say(language, "paper.month"), say(language, "paper.day")]
    return WriteIn(parts, captions=list(zip((0, 2, 4), captions, strict=True)))


def number_write_in(question: Number, language: str) -> WriteIn:
    parts: list[Part] = []
    if question.units:
        for index, unit in enumerate(question.units):
            if index:
                parts.append(("text", say(language, "paper.unit_or"), ""))
            parts += [("box", 58, ""), ("text", clean(tr(unit.label, language)), "")]
    else:
        parts.append(("box", 58, ""))
        if question.unit:
            parts.append(("text", clean(tr(question.unit, language)), ""))
    return WriteIn(parts)


class RuledLines(Flowable):
    """Lines to write on, the width of the column."""

    def __init__(self, count: int, gap: float = LINE_GAP) -> None:
        super().__init__()
        self.count, self.gap = count, gap

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, self.count * self.gap
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            self.canv.line(0, i * self.gap, self.width, i * self.gap)


class ScaleBoxes(Flowable):
    """A tick box for each point of a scale, its number above and the anchors below."""

    def __init__(self, low: int, high: int, anchors: dict[int, str]) -> None:
        super().__init__()
        self.low, self.high, self.anchors = low, high, anchors

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.slot = min(30.0, aw / (self.high - self.low + 1))
        self.width, self.height = aw, 12 + BOX + 13
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        for i, point in enumerate(range(self.low, self.high + 1)):
            centre = (i + 0.5) * self.slot
            canvas.setFillColor(INK)
            canvas.setFont(FONT, 8.5)
            canvas.drawCentredString(centre, 13 + BOX + 3, str(point))
            tick_box(canvas, centre - BOX / 2, 13)
            if point in self.anchors:
                canvas.setFillColor(QUIET)
                canvas.setFont(FONT, 7.5)
                text = clean(self.anchors[point])
                if point == self.low:
                    canvas.drawString(centre - BOX / 2, 2, text)
                elif point == self.high:
                    canvas.drawRightString(centre + BOX / 2, 2, text)
                else:
                    canvas.drawCentredString(centre, 2, text)


class Inset(Flowable):
    """A flowable moved right by `left` points (under its question's text, clear of the number)."""

    def __init__(self, inner: Flowable, left: float) -> None:
        super().__init__()
        self.inner, self.left = inner, left

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, self.height = self.inner.wrap(aw - self.left, ah)
        self.width = aw
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self.left, 0)


class Gap(Flowable):
    """Space before a block that is dropped at the top of a page."""

    def __init__(self, points: float) -> None:
        super().__init__()
        self.spaceBefore = points

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return


def lines_of(paragraph: Paragraph, width: float) -> int:
    paragraph.wrap(width, 10_000)
    return len(paragraph.blPara.lines)
