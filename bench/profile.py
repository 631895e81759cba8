"""Where the time goes: `python -m bench.profile pdf-typical|pdf-maximal|interaction [--top N] [--all]`.

cProfile (standard library) over a few repeats of one figure's work, after a warm-up, sorted by cumulative
time. By default only the app's own functions and the library calls they make directly are listed
(paths under questions/, summaries/, ui/); --all lists every function.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import sys
from collections.abc import Callable

from bench import intakes, pdf
from questions import load_bank

TARGETS = ("pdf-typical", "pdf-maximal", "interaction")


def _work(target: str) -> tuple[Callable[[], object], int]:
    bank = load_bank()
    if target.startswith("pdf-"):
        intake = intakes.typical(bank) if target == "pdf-typical" else intakes.maximal_intake(bank)
        return (lambda: pdf.render(bank, intake)), (10 if target == "pdf-typical" else 2)
    from bench.interaction import _changer, largest_step

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    at, step = largest_step(bank, dict(intakes.maximal_intake(bank).answers))
    key = next(w.key for w in step.drawn if w.type == "text_input" and w.key)
    return _changer(at, key), 10


def _profile_script_thread(profiler: cProfile.Profile) -> None:
    """AppTest runs the script on a thread of its own: profile that thread's runs (the server's work)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def profiled(self: LocalScriptRunner) -> None:
        profiler.enable()
        try:
            original(self)
        finally:
            profiler.disable()

    LocalScriptRunner._run_script_thread = profiled  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    """Profile one figure's work and print the heaviest functions."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--all", action="store_true", help="list library functions too")
    args = parser.parse_args(argv)
    run, repeats = _work(args.target)
    run()
    profiler = cProfile.Profile()
    if args.target == "interaction":
        _profile_script_thread(profiler)
    else:
        profiler.enable()
    for _ in range(repeats):
        run()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    if args.all:
        stats.print_stats(args.top)
    else:
        stats.print_stats(r"/(questions|summaries|ui)/", args.top)
    print(f"{args.target}: {repeats} repeats", file=sys.stderr)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
