"""The summary PDF written in Spanish: its page furniture fits, and its dates read the Spanish way.

The paper form prints in Spanish from the command line (`python -m summaries blank --language es`).
(The bank's questions are not in Spanish yet; this checks only the PDFs' own words and dates.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from outputs import RunSummaries, extract_pages
from pypdf import PdfReader

from questions import Bank
from questions.words import format_date, say
from samples.patients import build, maximal
from summaries import build_summary, render_pdf


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_running_header_and_footer_fit_with_the_longest_spanish_dates(bank: Bank, paper: str) -> None:
    from questions.clinic import Clinic

    intake = build(bank, maximal).model_copy(update={"language": "es"})
    intake = intake.model_copy(update={"answers": {**intake.answers, "date_of_birth": "1990-09-28"}})
    summary = build_summary(bank, intake, created=dt.date(2026, 9, 28), clinic=Clinic(paper_size=paper))
    pages = extract_pages(render_pdf(summary))
    header = say("es", "pdf.running_header", born="28 de septiembre de 1990", made="28 sept 2026")
    assert format_date(dt.date(2026, 9, 28), "es", short=True) == "28 sept 2026"
    flat = [" ".join(page.split()) for page in pages]
    assert all(" ".join(header.split()) in page for page in flat)
    footer = say(
        "es", "pdf.footer", title=say("es", "summary.title"), not_a_diagnosis=say("es", "summary.not_a_diagnosis")
    )
    assert all(footer in page for page in flat)  # whole, not cut short with "…"
    assert say("es", "pdf.page", page=1, pages=len(pages)) in flat[0]
    assert "28 de septiembre de 2026" in flat[0]  # page 1 carries the full date


def test_english_dates_stay_as_they_were() -> None:
    day = dt.date(2026, 12, 1)
    assert format_date(day, "en") == format_date(day, "en", short=True) == "1 Dec 2026"


def test_the_paper_form_prints_in_spanish_from_the_command_line(run_summaries: RunSummaries, tmp_path: Path) -> None:
    out = tmp_path / "formulario.pdf"
    done = run_summaries("blank", "-o", str(out), "--language", "es")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    first = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert say("es", "paper.how_head") in first
    assert say("en", "paper.how_head") not in first


def test_an_unknown_language_for_the_paper_form_is_a_usage_error(run_summaries: RunSummaries, tmp_path: Path) -> None:
    done = run_summaries("blank", "-o", str(tmp_path / "form.pdf"), "--language", "fr")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "fr" in done.stderr
