"""The benchmark script runs: its PDF figure, once, gives positive numbers and a ratio to its floor.

Not a timed test: nothing here depends on how fast the machine is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import pdf
from bench.__main__ import main as bench_main
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


def test_a_part_that_cannot_finish_is_named_in_one_line_and_the_rest_is_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A part that fails here (a browser that never drew a page, say) costs its own figures only: the run says
    which part and why in one line, prints the other parts' tables, and exits 0."""

    def cannot(*args: object, **kwargs: object) -> list[pdf.Series]:
        raise RuntimeError("Locator.wait_for: Timeout 120000ms exceeded.\nCall log: ...")

    monkeypatch.setattr(pdf, "growth", cannot)
    out = tmp_path / "figures.json"
    assert bench_main(["--quick", "--only", "growth,hostile", "--json", str(out)]) == 0  # hostile: the quickest
    printed = capsys.readouterr()
    line = "growth: not measured here (RuntimeError: Locator.wait_for: Timeout 120000ms exceeded.)"
    assert line in printed.err
    assert line in printed.out
    assert "Traceback" not in printed.err + printed.out
    assert "soft hyphens, 2,000 characters" in printed.out  # the part after it still ran
    saved = json.loads(out.read_text())
    assert saved["notes"] == [line]
    assert {f["name"] for f in saved["hostile"]} >= {"soft hyphens, 2,000 characters", "emoji, 2,000 characters"}
