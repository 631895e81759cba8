"""A figure: repeated samples of one measurement and of its floor, with median, spread and ratio."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figure:
    """One line of the table: samples of the app's measurement, samples of its floor, and the target."""

    name: str
    unit: str
    samples: list[float]
    floor: list[float] = field(default_factory=list)
    max_ratio: float | None = None
    """Target: median / floor median at most this."""
    max_value: float | None = None
    """Target on the value itself (e.g. MB per session), when the target is absolute."""
    note: str = ""
    wall: list[float] = field(default_factory=list)
    """Wall-clock samples, when `samples` are CPU time."""
    floor_wall: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median of the samples."""
        return statistics.median(self.samples)

    @property
    def spread(self) -> tuple[float, float]:
        """Smallest and largest sample."""
        return min(self.samples), max(self.samples)

    @property
    def floor_median(self) -> float | None:
        """Median of the floor's samples, if the figure has a floor."""
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        """Median over floor median (None when either is not above zero: RSS noise can make a small memory
        figure come out negative, and a ratio of that means nothing)."""
        base = self.floor_median
        return self.median / base if base and base > 0 and self.median > 0 else None

    @property
    def met(self) -> bool | None:
        """Whether the target holds (None when the figure has no target)."""
        checks = []
        if self.max_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.max_ratio)
        if self.max_value is not None:
            checks.append(self.median <= self.max_value)
        return all(checks) if checks else None

    @property
    def target(self) -> str:
        """The target in words."""
        parts = []
        if self.max_ratio is not None:
            parts.append(f"<= {self.max_ratio:g}x floor")
        if self.max_value is not None:
            parts.append(f"<= {self.max_value:g} {self.unit}")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for --json."""
        return {
            "name": self.name,
            "unit": self.unit,
            "samples": self.samples,
            "floor": self.floor,
            "median": self.median,
            "floor_median": self.floor_median,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
            "note": self.note,
            "wall": self.wall,
        }


@dataclass
class Times:
    """CPU seconds of this process and wall seconds, one pair per run."""

    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)

    def add(self, cpu: float, wall: float) -> None:
        """Record one run."""
        self.cpu.append(cpu)
        self.wall.append(wall)


def timed(run: Callable[[], Any], into: Times) -> Any:
    """Run once and record its CPU and wall seconds (garbage collected first, so earlier garbage is not
    charged to this run)."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    result = run()
    into.add(time.process_time() - cpu, time.perf_counter() - wall)
    return result


class Timer:
    """Alternate the app's run and its floor's run, so drift and other load on the machine hit both alike.

    CPU time (time.process_time, every thread of this process) is the figure: the work done, which other
    processes on a shared machine do not inflate. Wall time is kept beside it.
    """

    def __init__(self, repeats: int, warmup: int = 1) -> None:
        self.repeats = repeats
        self.warmup = warmup

    def pair(self, app: Callable[[], Any], floor: Callable[[], Any]) -> tuple[Times, Times, Any, Any]:
        """Times of each run of `app` and of `floor`, and the last result of each."""
        for _ in range(self.warmup):
            app()
            floor()
        app_times, floor_times = Times(), Times()
        app_result = floor_result = None
        for _ in range(self.repeats):
            app_result = timed(app, app_times)
            floor_result = timed(floor, floor_times)
        return app_times, floor_times, app_result, floor_result


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _wall(f: Figure) -> str:
    if not f.wall:
        return ""
    text = f"{_number(statistics.median(f.wall))} {f.unit}"
    return text + (f" ({_number(statistics.median(f.floor_wall))})" if f.floor_wall else "")


def table(figures: list[Figure]) -> str:
    """The figures as a Markdown table (readable in a terminal, pasteable into BENCHMARKS.md)."""
    head = ["Figure", "Median", "Spread (min-max, n)", "Floor median", "Ratio", "Target", "Met", "Wall median (floor)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for f in figures:
        low, high = f.spread
        floor = f.floor_median
        ratio = f.ratio
        met = {True: "yes", False: "**no**", None: ""}[f.met]
        lines.append(
            "| "
            + " | ".join(
                [
                    f.name,
                    f"{_number(f.median)} {f.unit}",
                    f"{_number(low)}-{_number(high)} (n={len(f.samples)})",
                    f"{_number(floor)} {f.unit}" if floor is not None else "",
                    f"{ratio:.2f}x" if ratio is not None else "",
                    f.target,
                    met,
                    _wall(f),
                ]
            )
            + " |"
        )
    return "\n".join(lines)
