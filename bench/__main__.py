"""`python -m bench [--quick] [--only pdf,hostile,builds,growth,...] [--json FILE]`: print the tables."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from bench import pdf
from bench.stats import Figure, table

if TYPE_CHECKING:
    from questions import Bank

PARTS = ("pdf", "hostile", "builds", "growth", "interaction", "start", "memory", "load")
PACKAGES = ("streamlit", "reportlab", "pypdf", "pydantic", "playwright")


@dataclass(frozen=True)
class Plan:
    """How many repeats each figure gets."""

    pdf: int
    pdf_maximal: int
    hostile: int
    hostile_sizes: tuple[int, ...]
    builds: int
    growth: int
    interaction: int
    start: int
    sessions: list[int]
    load: tuple[list[int], list[int]] = ([1, 4, 8], [8])
    """Patients at once against one replica, and against three behind nginx."""


FULL = Plan(
    pdf=11,
    pdf_maximal=5,
    hostile=3,
    hostile_sizes=(2_000, 20_000),
    builds=5,
    growth=3,
    interaction=11,
    start=5,
    sessions=[1, 10, 50],
    load=([1, 4, 8], [8]),
)
QUICK = Plan(
    pdf=3,
    pdf_maximal=1,
    hostile=1,
    hostile_sizes=(2_000,),
    builds=2,
    growth=1,
    interaction=3,
    start=1,
    sessions=[1, 3],
    load=([1, 2], [2]),
)


def machine() -> list[str]:
    """The machine, the interpreter and the packages the figures were taken with."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )  # fmt: skip
    memory = next(
        (int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal:")),
        0.0,
    )  # fmt: skip
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    packages = ", ".join(f"{name} {version(name)}" for name in PACKAGES)
    return [
        f"- Date: {dt.datetime.now().astimezone().isoformat(timespec='minutes')}",
        f"- Machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, {memory:.1f} GiB memory, "
        f"{platform.system()} {platform.release()}; load average at start {load}",
        f"- Python {platform.python_version()}; {packages}",
    ]


@dataclass
class Found:
    """What one part measured."""

    figures: list[Figure] = field(default_factory=list)
    hostile: list[Figure] = field(default_factory=list)
    series: list[pdf.Series] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _measure(part: str, bank: Bank, plan: Plan) -> Found:
    """One part's figures."""
    if part == "pdf":
        return Found(figures=pdf.pdf_figures(bank, plan.pdf, plan.pdf_maximal))
    if part == "hostile":
        from bench.hostile import hostile_figures

        return Found(hostile=hostile_figures(bank, plan.hostile, plan.hostile_sizes))
    if part == "builds":
        from bench.builds import build_figures

        return Found(figures=build_figures(bank, plan.builds))
    if part == "growth":
        return Found(series=pdf.growth(bank, plan.growth))
    if part == "interaction":
        from bench.interaction import interaction_figures

        return Found(figures=interaction_figures(bank, plan.interaction))
    if part == "start":
        from bench.server import start_figures

        return Found(figures=start_figures(plan.start))
    if part == "memory":
        from bench.server import memory_figures

        return Found(figures=memory_figures(bank, plan.sessions))
    from bench.load import load_figures, sizing_line

    figures, rounds = load_figures(bank, *plan.load)
    return Found(figures=figures, notes=[sizing_line(rounds)])


def main(argv: list[str] | None = None) -> int:
    """Run the chosen figures and print the tables."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few repeats and 1 and 3 sessions: a smoke run")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated, from: {', '.join(PARTS)}")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part {unknown[0]!r}; choose from {', '.join(PARTS)}")
    plan = QUICK if args.quick else FULL
    # AppTest setting session state between runs logs a harmless warning per run; keep the output readable.
    # (A filter, because Streamlit resets its loggers' levels when it reads its config.)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )

    from questions import load_bank

    bank = load_bank()
    began = time.perf_counter()
    header = machine()
    figures: list[Figure] = []
    series: list[pdf.Series] = []
    hostile: list[Figure] = []
    notes: list[str] = []
    for part in parts:
        print(f"measuring {part} ...", file=sys.stderr, flush=True)
        try:
            found = _measure(part, bank, plan)
        except Exception as error:  # a part that cannot finish here must not lose the other parts' figures
            first = str(error).splitlines()[0] if str(error) else ""
            line = f"{part}: not measured here ({type(error).__name__}: {first})"
            print(line, file=sys.stderr, flush=True)
            notes.append(line)
            continue
        figures += found.figures
        hostile += found.hostile
        series += found.series
        notes += found.notes
    took = time.perf_counter() - began

    command = (
        "python -m bench"
        + (" --quick" if args.quick else "")
        + (f" --only {args.only}" if args.only != ",".join(PARTS) else "")
    )
    print(f"# {command}  ({took:.0f} s)\n")
    print("\n".join(header))
    print(
        "\nTimes of in-process work (PDF, interaction, growth) are CPU seconds of this process; start is wall "
        "time; memory is the server's RSS growth divided by the sessions. Spread: min-max over the repeats "
        "(for memory: over 5 readings).\n"
    )
    if figures:
        print(table(figures))
        print()
        for f in figures:
            if f.note:
                print(f"- {f.name}: {f.note}")
    if hostile:
        print("\nHostile text (PDF CPU time with one answer of this text; floor: plain prose of the same length)\n")
        print(table(hostile))
    for line in notes:
        print(f"\n{line}")
    if series:
        print("\nGrowth (PDF time is CPU time; the floor lays out the same strings)\n")
        print(pdf.growth_table(series))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "command": command,
                    "seconds": took,
                    "machine": header,
                    "figures": [f.as_dict() for f in figures],
                    "hostile": [f.as_dict() for f in hostile],
                    "growth": [s.__dict__ for s in series],
                    "notes": notes,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
