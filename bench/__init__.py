"""Benchmarks: how fast, how big, and how far from the floor of the tools the app is built on.

    python -m bench            # the full run (3 to 6 minutes on 2 cores)
    python -m bench --quick    # a smoke run with few repeats

Each figure is measured several times next to its floor (the same work done by ReportLab or Streamlit
alone, no app code) in the same run, and printed as median, spread (min-max) and ratio to the floor.
See BENCHMARKS.md for the figures, the machine and what they mean.
"""

from bench.stats import Figure, Timer

__all__ = ["Figure", "Timer"]
