"""Builds under load: PDFs are built in worker processes (summaries/builds.py), as the download button does.

- A typical patient's download time alone, and while a maximal patient's PDF is being built (target: within
  1.5x of alone).
- Throughput: 1, 2, 4 and 8 patients pressing Download at once (typical patients); the wall time until all
  have their PDF, next to the single-PDF time x patients / cores (what perfect use of every core gives).

Wall time, by nature: this is about waiting. The pool is warmed first (its workers started). Beside the
wall time, the typical download's worker's own CPU time and its time waiting for a core (the kernel's
/proc/PID/schedstat): CPU time that grows beside a maximal build would be a cost in the code; waiting that
grows is the machine's other load (with a free core per worker it stays near zero).
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench import intakes
from bench.stats import Figure
from questions import Bank

LOAD_RATIO = 1.5
AT_ONCE = (1, 2, 4, 8)


def _wall(run: Callable[[], Any]) -> float:
    began = time.perf_counter()
    run()
    return time.perf_counter() - began


def _schedstat(pid: int) -> tuple[float, float]:
    """(CPU seconds, seconds waited for a core) of a process so far; zeros where the kernel does not say."""
    try:
        fields = Path(f"/proc/{pid}/schedstat").read_text().split()
        return int(fields[0]) / 1e9, int(fields[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0


def _timed(pool: Any, run: Callable[[], Any]) -> tuple[float, float, float]:
    """Wall seconds of `run` (one build), and its worker's CPU seconds and seconds waiting for a core."""
    idle = pool.pids()
    pid = idle[-1] if idle else 0  # the pool hands out the idle worker it got back last
    cpu, waited = _schedstat(pid)
    wall = _wall(run)
    cpu_after, waited_after = _schedstat(pid)
    return wall, cpu_after - cpu, waited_after - waited


def _seconds(samples: list[tuple[float, float, float]], index: int) -> str:
    values = [s[index] for s in samples]
    return f"{statistics.median(values):.3f} s (max {max(values):.3f})"


def build_figures(bank: Bank, repeats: int, at_once: tuple[int, ...] = AT_ONCE) -> list[Figure]:
    """The download time of a typical patient alone and beside a maximal build, and throughput at once."""
    from summaries import builds

    pool = builds.pool()
    pool.warm()
    typical = intakes.typical(bank).model_dump_json()
    maximal = intakes.maximal_intake(bank).model_dump_json()

    def one() -> bytes:
        return builds.summary_pdf(typical)

    one()  # warm-up: each worker's first build pays for first use
    one()
    alone_runs = [_timed(pool, one) for _ in range(repeats)]
    beside_runs = []
    for _ in range(repeats):
        big = threading.Thread(target=builds.summary_pdf, args=(maximal,))
        big.start()
        time.sleep(0.3)  # the maximal build is under way
        beside_runs.append(_timed(pool, one))
        big.join()
    alone = [run[0] for run in alone_runs]
    beside = [run[0] for run in beside_runs]
    cores = os.cpu_count() or 1
    single = statistics.median(alone)
    figures = [
        Figure(
            "Download, typical, alone",
            "s",
            alone,
            note=f"{pool.size} build workers on {cores} cores; its worker's CPU {_seconds(alone_runs, 1)}, "
            f"waiting for a core {_seconds(alone_runs, 2)}",
        ),
        Figure(
            "Download, typical, while a maximal PDF builds",
            "s",
            beside,
            floor=alone,
            max_ratio=LOAD_RATIO,
            note=f"floor: the same download alone; its worker's CPU {_seconds(beside_runs, 1)}, "
            f"waiting for a core {_seconds(beside_runs, 2)}",
        ),
    ]
    for count in at_once:
        samples = []
        for _ in range(max(1, repeats // 2)):
            with ThreadPoolExecutor(count) as threads:
                began = time.perf_counter()
                list(threads.map(lambda _: one(), range(count)))
                samples.append(time.perf_counter() - began)
        ideal = single * count / min(count, cores)
        figures.append(
            Figure(
                f"{count} typical downloads at once, until all are done",
                "s",
                samples,
                floor=[ideal],
                note=f"floor: one download alone x {count} / {min(count, cores)} cores in use",
            )
        )
    return figures
