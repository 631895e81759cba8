"""A follow-up in a real browser: first visit, download, follow-up from that PDF, download, the trend on page 1."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from patient import Patient, browser_answer
from playwright.sync_api import expect
from pypdf import PdfReader
from test_accessibility import _check_step

from questions import Bank, Kind, Question, tr
from questions.follow_up import load_follow_up
from questions.kinds.choice import SingleChoice
from questions.words import format_date, say
from summaries.record import verify, visits_in

pytestmark = pytest.mark.browser


def _no_to_yes_no(q: Question) -> Any:
    """'No' to every yes / no question (few follow-ups), the sample answer elsewhere."""
    return "no" if q.kind is Kind.YES_NO else browser_answer(q)


def _first_visit(q: Question) -> Any:
    """'More than half the days' on the questionnaires (but 'Not at all' on the self-harm item), then as above."""
    scored = isinstance(q, SingleChoice) and len(q.options) > 2 and all(o.score is not None for o in q.options)
    if isinstance(q, SingleChoice) and scored and q.id != "phq9_9":
        return q.options[2].value
    return _no_to_yes_no(q)


def _lowest(q: Question) -> Any:
    """The first option of a choice (the lowest score of a questionnaire item), the usual answer elsewhere."""
    if isinstance(q, SingleChoice):
        return q.options[0].value
    return _no_to_yes_no(q)


def _download_pdf(patient: Patient, downloads: Path, name: str) -> bytes:
    pdf = patient.download(say("en", "review.download_pdf"))
    path = downloads / name
    pdf.save_as(path)
    return path.read_bytes()


def test_first_visit_then_a_follow_up_from_its_pdf(
    new_patient: Callable[..., Patient], bank: Bank, downloads: Path
) -> None:
    first = new_patient()
    first.click(say("en", "start.start"))
    for section in bank.sections:
        first.expect_heading(tr(section.title))
        first.fill_section(section, _first_visit)
        first.click(say("en", "step.next"))
    first_pdf = _download_pdf(first, downloads, "first.pdf")
    (visit,) = visits_in(bank, first_pdf)

    plan = load_follow_up()
    later = new_patient()
    later.bank = plan.bank
    uploader = later.page.locator('[data-testid="stFileUploader"]').filter(has_text=say("en", "visits.ui.upload"))
    expect(uploader).to_be_visible()
    later.act(lambda: uploader.locator('input[type="file"]').set_input_files(str(downloads / "first.pdf")))
    axe, found = Axe(), {}  # type: ignore[var-annotated]
    problems: list[str] = []
    for index in plan.steps():  # the check-in, then the questionnaires, then the review
        section = plan.bank.sections[index]
        later.expect_heading(tr(section.title))
        if index == plan.steps()[0]:
            problems += _check_step(axe, later, section.id, found)
        later.fill_section(section, _lowest)
        later.screenshot(f"follow-up-{section.id}")
        later.click(say("en", "step.next"))
    later.expect_heading(say("en", "review.head"))
    expect(later.page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    later.screenshot("follow-up-review")
    problems += _check_step(axe, later, "review with the trend", found)
    assert problems == [], "\n".join(problems)
    second_pdf = _download_pdf(later, downloads, "second.pdf")

    assert verify(second_pdf).ok
    visits = visits_in(bank, second_pdf)
    assert len(visits) == 2
    assert visits[0] == visit
    page = " ".join((PdfReader(io.BytesIO(second_pdf)).pages[0].extract_text() or "").split())
    assert say("en", "visits.pdf.heading", date=format_date(visit.date, "en")) in page
    whole = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(second_pdf)).pages)
    assert say("en", "visits.chart.title", name="PHQ-9") in whole  # the charts follow what the patient reported
    then, now = visit.scores["phq9"], visits[1].scores["phq9"]
    assert then == 16
    assert now == 0
    assert f"PHQ-9 {then} 0 " + say("en", "visits.down", points=then) in page
