"""The load figure's arithmetic: the 95th percentile of step times, and patients per core under the target.

The figure itself needs Chromium, nginx and minutes (python -m bench --only load); the browser tests drive the
same cluster (tests/browser/test_replicas.py)."""

from __future__ import annotations

import os

from bench.load import STEP_TARGET_S, Round, held_per_core, percentile


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 95) == 95.0
    assert percentile(values[::-1], 95) == 95.0
    assert percentile([0.2], 95) == 0.2
    assert percentile([0.1, 0.9], 95) == 0.9


def test_patients_per_core_counts_only_rounds_under_target_where_everyone_finished() -> None:
    cores = len(os.sched_getaffinity(0))
    fast = [STEP_TARGET_S / 2] * 20
    slow = [STEP_TARGET_S * 2] * 20
    rounds = [
        Round("1 replica", 4, steps=fast, pdfs=[1.0] * 4),
        Round("1 replica", 8, steps=fast, pdfs=[1.0] * 7, failed=1),
        Round("1 replica", 12, steps=slow, pdfs=[1.0] * 12),
    ]
    assert held_per_core(rounds) == 4 / cores
    assert held_per_core(rounds[2:]) == 0
