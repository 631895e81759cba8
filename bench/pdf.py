"""PDF figures: render time and size of a typical and a maximal patient, and how they grow, against the floor.

The app's run is what the download button does: build_summary(bank, intake) then render_pdf(summary)
(which also embeds the answers file with pypdf). The floor is bench/floor_pdf.py laying out the same
strings with the same fonts; the strings are taken from the Summary before any timing.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bench import floor_pdf, intakes
from bench.floor_pdf import Block
from bench.stats import Figure, Timer, Times
from questions import Bank, Intake
from summaries import Summary, build_summary, render_pdf

PDF_RATIO = 1.5
LINEAR_SLOPE_RATIO = 1.5
"""Growth counts as linear when the cost per unit from 10x to 100x is at most this many times the cost
per unit from 1x to 10x (a quadratic step would show about 10x)."""

PAGE_ONE_OWN_WORDS = 450
"""About as much of the patient's own words as page 1 shows (summaries/pdf_glance.py shortens them)."""

GROWTH = [(1, 200), (10, 2_000), (100, 20_000)]
"""(medication rows, characters in each long answer) at 1x, 10x and 100x."""


def flatten(summary: Summary) -> list[Block]:
    """The Summary's strings as plain blocks for the floor (no app code runs in the floor).

    Page 1's strings too (safety lines, clinic, scores, what brings the patient, answers to review), read
    with getattr so the floor follows the Summary as it grows.
    """
    blocks = [
        Block("title", summary.title),
        Block("text", summary.disclaimer),
        Block("heading", summary.patient_name),
        Block("question", f"Date of birth: {summary.date_of_birth}  Summary made: {summary.created.isoformat()}"),
        Block("question", f"Questions: {summary.bank_title} (version {summary.bank_version})"),
    ]
    blocks += _page_one(summary)
    for section in summary.sections:
        if not section.items and not section.unanswered:
            continue
        blocks.append(Block("heading", section.title))
        for item in section.items:
            blocks.append(Block("question", item.question))
            if item.table is not None and item.table.rows:
                blocks.append(Block("table", headers=list(item.table.headers), rows=[list(r) for r in item.table.rows]))
            elif item.choices:
                blocks.append(Block("bullets", items=list(item.choices)))
            else:
                blocks.append(Block("text", item.text))
        if section.unanswered:
            blocks.append(Block("text", "Not answered: " + " · ".join(section.unanswered)))
    return blocks


def _page_one(summary: Summary) -> list[Block]:
    blocks: list[Block] = []
    for line in getattr(summary, "safety", []):
        blocks += [Block("question", f"{line.context} {line.question}"), Block("text", line.answer)]
    if getattr(summary, "safety", []):
        blocks.append(Block("bullets", items=list(getattr(summary, "crisis_lines", []))))
    clinic = getattr(summary, "clinic", None)
    if clinic is not None:
        blocks += [Block("text", t) for t in (clinic.name, clinic.address, clinic.phone) if t]
    scores = getattr(summary, "scores", [])
    if scores:
        blocks.append(Block("heading", "Scores"))
        blocks.append(Block("table", headers=["Questionnaire", "Score"], rows=[[s.name, s.text] for s in scores]))
    concerns = getattr(summary, "concerns", None)
    if concerns is not None and (concerns.picked or concerns.details or concerns.own_words):
        blocks.append(Block("heading", concerns.section_title))
        if concerns.picked:
            blocks.append(Block("text", " · ".join(concerns.picked)))
        for item in concerns.details:
            blocks += [Block("question", item.question), Block("text", item.text)]
        if concerns.own_words:  # page 1 shows the start of it (the rest is in its section)
            start = concerns.own_words[:PAGE_ONE_OWN_WORDS]
            blocks += [Block("question", concerns.own_words_question), Block("text", start)]
    review = getattr(summary, "review", [])
    if review:
        blocks.append(Block("heading", "Answers to review"))
        blocks.append(Block("table", headers=["Section", "Answer"], rows=[[r.section, r.text] for r in review]))
    return blocks


def render(bank: Bank, intake: Intake) -> bytes:
    """What the download button does: derive the Summary and render it, with its attachments.

    That is summaries.bundle.summary_pdf where it exists (answers and FHIR files attached), else
    build_summary then render_pdf (answers attached).
    """
    try:
        from summaries.bundle import summary_pdf
    except ImportError:
        return render_pdf(build_summary(bank, intake))
    return summary_pdf(bank, intake)


@dataclass
class Measured:
    """Times (CPU and wall seconds) and sizes (bytes) of the app's PDF and of the floor's, for one intake."""

    times: Times
    floor_times: Times
    size: int
    floor_size: int


def measure(bank: Bank, intake: Intake, repeats: int, warmup: int = 1) -> Measured:
    """Render the intake `repeats` times with the app and with the floor, alternating."""
    floor_pdf.register_fonts()
    blocks = flatten(build_summary(bank, intake))
    times, floor_times, pdf, floor = Timer(repeats, warmup).pair(
        lambda: render(bank, intake), lambda: floor_pdf.render(blocks)
    )
    return Measured(times, floor_times, len(pdf), len(floor))


def pdf_figures(
    bank: Bank,
    repeats: int,
    maximal_repeats: int | None = None,
    patients: tuple[str, ...] = ("typical", "maximal"),
    warmup: int = 1,
) -> list[Figure]:
    """Render time and size of the typical and the maximal patient, with the floor's."""
    plan = {"typical": (intakes.typical, repeats), "maximal": (intakes.maximal_intake, maximal_repeats or repeats)}
    figures = []
    for name in patients:
        make, count = plan[name]
        intake = make(bank)
        m = measure(bank, intake, count, warmup)
        chars = intakes.text_size(bank, intake)
        rows = len(intake.answers.get(intakes.MEDICATIONS, []))  # type: ignore[arg-type]
        note = f"{len(intake.answers)} answers, {rows} medications, {chars:,} characters of free text"
        figures.append(
            Figure(
                f"PDF time, {name}",
                "ms",
                ms(m.times.cpu),
                ms(m.floor_times.cpu),
                PDF_RATIO,
                note=note,
                wall=ms(m.times.wall),
                floor_wall=ms(m.floor_times.wall),
            )
        )
        figures.append(Figure(f"PDF size, {name}", "KB", [m.size / 1024], [m.floor_size / 1024], PDF_RATIO, note=note))
    return figures


def ms(seconds: list[float]) -> list[float]:
    """Seconds as milliseconds."""
    return [s * 1000 for s in seconds]


@dataclass
class Series:
    """One growth series: the scales, and the app's (and floor's) median time and size at each."""

    name: str
    scales: list[tuple[int, int]]
    times: list[float]
    sizes: list[int]
    floor_times: list[float]
    floor_sizes: list[int]
    spreads: list[tuple[float, float]]

    def slope_ratio(self, values: list[float]) -> float:
        """Cost per unit from 10x to 100x over cost per unit from 1x to 10x (1.0 is exactly linear)."""
        a, b, c = values
        low = (b - a) / 9
        high = (c - b) / 90
        return high / low if low > 0 else float("inf")

    @property
    def linear(self) -> bool:
        """Whether both time and size grow linearly (within LINEAR_SLOPE_RATIO)."""
        return (
            self.slope_ratio(self.times) <= LINEAR_SLOPE_RATIO
            and self.slope_ratio([float(s) for s in self.sizes]) <= LINEAR_SLOPE_RATIO
        )


def growth(bank: Bank, repeats: int) -> list[Series]:
    """PDF time and size at 1x, 10x and 100x: lists and texts together (with the floor), then each alone."""
    plans = {
        "rows and text": GROWTH,
        "rows only": [(rows, GROWTH[0][1]) for rows, _ in GROWTH],
        "text only": [(GROWTH[0][0], chars) for _, chars in GROWTH],
    }
    out = []
    for name, scales in plans.items():
        series = Series(name, scales, [], [], [], [], [])
        for rows, chars in scales:
            m = measure(bank, intakes.scaled(bank, rows, chars), repeats, warmup=1 if rows * chars < 10**6 else 0)
            series.times.append(statistics.median(m.times.cpu))
            series.spreads.append((min(m.times.cpu), max(m.times.cpu)))
            series.sizes.append(m.size)
            series.floor_times.append(statistics.median(m.floor_times.cpu))
            series.floor_sizes.append(m.floor_size)
        out.append(series)
    return out


def growth_table(series: list[Series]) -> str:
    """The growth series as a Markdown table, then one verdict line per series."""
    head = [
        "Series",
        "Scale",
        "Medications",
        "Chars per long answer",
        "Time median (min-max)",
        "Floor time",
        "Ratio",
        "Size",
        "Floor size",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for s in series:
        for n, ((rows, chars), t, (lo, hi), ft, size, fsize) in enumerate(
            zip(s.scales, s.times, s.spreads, s.floor_times, s.sizes, s.floor_sizes, strict=True)
        ):
            lines.append(
                f"| {s.name} | {10**n}x | {rows} | {chars:,} | {t * 1000:,.0f} ms ({lo * 1000:,.0f}-{hi * 1000:,.0f})"
                f" | {ft * 1000:,.0f} ms | {t / ft:.2f}x | {size / 1024:,.0f} KB | {fsize / 1024:,.0f} KB |"
            )
    lines.append("")
    for s in series:
        time_ratio = s.slope_ratio(s.times)
        size_ratio = s.slope_ratio([float(x) for x in s.sizes])
        verdict = "linear" if s.linear else "**NOT linear**"
        lines.append(
            f"- {s.name}: {verdict}. Cost per unit 10x->100x over 1x->10x: time {time_ratio:.2f}, "
            f"size {size_ratio:.2f} (1.00 = exactly linear; target <= {LINEAR_SLOPE_RATIO:g})."
        )
    return "\n".join(lines)
