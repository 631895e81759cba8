"""A line chart of one instrument's totals across visits, in ReportLab's own vector graphics.

Made to print in black and white: the published ranges are grey bands of alternating shade, labelled at
the right; the line is black with a marker per visit (each instrument its own marker shape), the total
printed above each marker while there is room; both axes are labelled, the dates under the axis (as
many as fit without overlapping, always the first and the last). A visit without a total leaves a gap.
"""

from __future__ import annotations

import datetime as dt
import itertools

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from questions.words import format_date, format_number, say
from summaries.doc_kit import FONT, FONT_BOLD, INK, QUIET, register_fonts
from summaries.since_last import Trend

MARKERS = ("circle", "square", "triangle", "diamond")
"""Marker shapes, one per instrument in the order charted: distinct in black and white."""

BAND_SHADES = (colors.HexColor("#F2F2F2"), colors.HexColor("#DCDCDC"))
LEFT, RIGHT, TOP, BOTTOM = 30.0, 78.0, 20.0, 30.0
"""Room around the plot for the y labels, the band labels, the title and the dates (points)."""
SIZE = 7.0
TICK = 6.5
VALUE_LABELS_UP_TO = 16
"""The total is printed above each marker for series up to this many visits (beyond, they would overlap)."""


def _fitting(text: str, size: float, width: float, smallest: float = 4.5) -> float:
    """The font size (at most `size`, at least `smallest`) at which `text` fits in `width` points."""
    natural = pdfmetrics.stringWidth(text, FONT, size)
    return size if natural <= width else max(smallest, size * width / natural)


def _marker(shape: str, x: float, y: float, r: float = 3.2) -> Group:
    g = Group()
    style = {"strokeColor": INK, "strokeWidth": 0.9}
    if shape == "circle":
        g.add(Circle(x, y, r, fillColor=INK, **style))
    elif shape == "square":
        g.add(Rect(x - r, y - r, 2 * r, 2 * r, fillColor=colors.white, **style))
    elif shape == "triangle":
        g.add(Polygon([x - r - 0.4, y - r + 0.6, x + r + 0.4, y - r + 0.6, x, y + r + 0.6], fillColor=INK, **style))
    else:
        g.add(
            Polygon([x, y - r - 0.8, x + r + 0.8, y, x, y + r + 0.8, x - r - 0.8, y], fillColor=colors.white, **style)
        )
    return g


def _x_positions(days: list[dt.date], left: float, width: float) -> list[float]:
    """Each visit's x: by its date, so gaps between visits show as gaps (evenly when all share one day)."""
    first, last = days[0], days[-1]
    span = (last - first).days
    if span == 0:
        if len(days) == 1:
            return [left + width / 2]
        return [left + width * i / (len(days) - 1) for i in range(len(days))]
    return [left + width * (d - first).days / span for d in days]


def _date_labels(xs: list[float], texts: list[str]) -> list[int]:
    """Which dates to print: the first and the last, and others where they do not overlap."""
    widths = [pdfmetrics.stringWidth(t, FONT, TICK) for t in texts]
    chosen = [0] if len(xs) == 1 else [0, len(xs) - 1]
    gap = 6.0

    def free(i: int) -> bool:
        return all(abs(xs[i] - xs[j]) >= (widths[i] + widths[j]) / 2 + gap for j in chosen)

    if len(xs) > 1 and not free(len(xs) - 1) and abs(xs[-1] - xs[0]) < (widths[0] + widths[-1]) / 2 + gap:
        chosen = [0]
    for i in range(1, len(xs) - 1):
        if free(i):
            chosen.append(i)
    return sorted(chosen)


def _ticks(trend: Trend) -> list[float]:
    """The y values labelled: the lowest and highest totals and the start of every band (without bands,
    round steps: at most six labels)."""
    values = {trend.low, trend.high, *(b.low for b in trend.bands)}
    if not trend.bands:
        span = trend.high - trend.low
        step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 5), span or 1)
        value = trend.low + step
        while value < trend.high - step / 2:
            values.add(value)
            value += step
    return sorted(values)


def trend_drawing(trend: Trend, width: float, height: float, marker: str = "circle", language: str = "en") -> Drawing:
    """The chart of one instrument's totals across visits, `width` x `height` points."""
    register_fonts()
    d = Drawing(width, height)
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    x0, y0 = LEFT, BOTTOM
    scale = plot_h / (trend.high - trend.low or 1)

    def y_of(value: float) -> float:
        return y0 + (value - trend.low) * scale

    title = say(language, "visits.chart.title", name=trend.name)
    d.add(String(0, height - 10, title, fontName=FONT_BOLD, fontSize=8.5, fillColor=INK))
    # bands: the published ranges, touching; each drawn from its low to the next one's low
    for index, band in enumerate(trend.bands):
        top = trend.bands[index + 1].low if index + 1 < len(trend.bands) else trend.high
        shade = BAND_SHADES[index % 2]
        d.add(Rect(x0, y_of(band.low), plot_w, y_of(top) - y_of(band.low), fillColor=shade, strokeColor=None))
        label = f"{band.label} ({format_number(band.low, language)}-{format_number(band.high, language)})"
        size = _fitting(label, SIZE - 0.5, RIGHT - 6)
        middle = (y_of(band.low) + y_of(top)) / 2 - size * 0.36
        d.add(String(x0 + plot_w + 4, middle, label, fontName=FONT, fontSize=size, fillColor=QUIET))
    if not trend.bands:
        d.add(
            String(
                x0 + plot_w + 4,
                y0 + plot_h / 2,
                say(language, "visits.chart.no_bands"),
                fontName=FONT,
                fontSize=SIZE - 0.5,
                fillColor=QUIET,
            )
        )
    # axes, y ticks and grid
    d.add(Rect(x0, y0, plot_w, plot_h, fillColor=None, strokeColor=INK, strokeWidth=0.6))
    for value in _ticks(trend):
        y = y_of(value)
        d.add(Line(x0 - 3, y, x0, y, strokeColor=INK, strokeWidth=0.6))
        d.add(
            String(
                x0 - 5,
                y - 2.4,
                format_number(value, language),
                fontName=FONT,
                fontSize=TICK,
                textAnchor="end",
                fillColor=INK,
            )
        )
    axis = say(language, "visits.chart.y_axis")
    y_label = String(0, 0, axis, fontName=FONT, fontSize=SIZE, textAnchor="middle", fillColor=QUIET)
    rotated = Group(y_label)
    rotated.translate(7, y0 + plot_h / 2)
    rotated.rotate(90)
    d.add(rotated)
    # the line and its markers; a visit without a total leaves a gap
    days = [p.date for p in trend.points]
    pad = 10.0 if len(days) > 1 else 0.0
    xs = _x_positions(days, x0 + pad, plot_w - 2 * pad)
    run: list[float] = []
    for x, point in zip(xs, trend.points, strict=True):
        if point.total is None:
            if len(run) >= 4:
                d.add(PolyLine(run, strokeColor=INK, strokeWidth=1.3))
            run = []
            continue
        run += [x, y_of(point.total)]
    if len(run) >= 4:
        d.add(PolyLine(run, strokeColor=INK, strokeWidth=1.3))
    spacing = min((b - a for a, b in itertools.pairwise(xs) if b > a), default=plot_w)
    radius = max(1.3, min(3.2, spacing / 2.6))  # markers shrink, never overlap much, in a long series
    for x, point in zip(xs, trend.points, strict=True):
        if point.total is None:
            d.add(String(x, y0 + 3, "\u00d7", fontName=FONT, fontSize=SIZE, textAnchor="middle", fillColor=QUIET))
            continue
        d.add(_marker(marker, x, y_of(point.total), radius))
        if len(trend.points) <= VALUE_LABELS_UP_TO:
            text = format_number(round(point.total, trend.decimals), language)
            above = y_of(point.total) + 5.5
            if above > y0 + plot_h - 7:
                above = y_of(point.total) - 11
            d.add(String(x, above, text, fontName=FONT_BOLD, fontSize=TICK, textAnchor="middle", fillColor=INK))
    # dates under the axis
    texts = [format_date(day, language) for day in days]
    for i in _date_labels(xs, texts):
        d.add(Line(xs[i], y0, xs[i], y0 - 3, strokeColor=INK, strokeWidth=0.6))
        d.add(String(xs[i], y0 - 11, texts[i], fontName=FONT, fontSize=TICK, textAnchor="middle", fillColor=INK))
    d.add(
        String(
            x0 + plot_w / 2,
            2,
            say(language, "visits.chart.x_axis"),
            fontName=FONT,
            fontSize=SIZE,
            textAnchor="middle",
            fillColor=QUIET,
        )
    )
    return d
