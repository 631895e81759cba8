"""The benchmark script runs: its PDF figure, once, gives positive numbers and a ratio to its floor.

Not a timed test: nothing here depends on how fast the machine is.
"""

from __future__ import annotations

from bench.pdf import pdf_figures
from bench.stats import table
from questions import Bank


def test_pdf_figure_gives_numbers_and_a_ratio(bank: Bank) -> None:
    figures = pdf_figures(bank, repeats=1, patients=("typical",), warmup=0)
    by_name = {f.name: f for f in figures}
    assert set(by_name) == {"PDF time, typical", "PDF size, typical"}
    for figure in figures:
        assert figure.samples
        assert all(s > 0 for s in figure.samples)
        assert figure.floor
        assert all(s > 0 for s in figure.floor)
        assert figure.ratio is not None
        assert figure.ratio > 0
    assert by_name["PDF time, typical"].met is not None  # it has a target to be judged against
    assert "PDF time, typical" in table(figures)
