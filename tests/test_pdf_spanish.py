"""The summary PDF written in Spanish: its page furniture fits, and its dates read the Spanish way.

(The bank's questions are not in Spanish yet; this checks only the PDF's own words and dates.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import extract_pages

from questions import Bank
from questions.words import format_date, say
from samples.patients import build, maximal
from summaries import build_summary, render_pdf


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_running_header_fits_with_the_longest_spanish_dates(bank: Bank, paper: str) -> None:
    from questions.clinic import Clinic

    intake = build(bank, maximal).model_copy(update={"language": "es"})
    intake = intake.model_copy(update={"answers": {**intake.answers, "date_of_birth": "1990-09-28"}})
    summary = build_summary(bank, intake, created=dt.date(2026, 9, 28), clinic=Clinic(paper_size=paper))
    pages = extract_pages(render_pdf(summary))
    header = say("es", "pdf.running_header", born="28 de septiembre de 1990", made="28 sept 2026")
    assert format_date(dt.date(2026, 9, 28), "es", short=True) == "28 sept 2026"
    flat = [" ".join(page.split()) for page in pages]
    assert all(" ".join(header.split()) in page for page in flat)
    assert say("es", "pdf.page", page=1, pages=len(pages)) in flat[0]
    assert "28 de septiembre de 2026" in flat[0]  # page 1 carries the full date


def test_english_dates_stay_as_they_were() -> None:
    day = dt.date(2026, 12, 1)
    assert format_date(day, "en") == format_date(day, "en", short=True) == "1 Dec 2026"
