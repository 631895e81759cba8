"""The browser's own Back and Forward (issue 15, point 7): each step is an entry in the browser's history
(`?step=N`, ui/history.py), so Back and Forward move between steps and keep every answer, also after a reload
(the tab's copy brings the answers back, ui/tabstore.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from patient import Patient, browser_answer
from playwright.sync_api import expect

from questions import Bank, Section, tr

pytestmark = pytest.mark.browser


def _on_step(patient: Patient, bank: Bank, number: int) -> None:
    """The step shows, the address names it, and every answer given on it is still in its widget."""
    section = bank.sections[number - 1]
    patient.expect_heading(tr(section.title))
    # Streamlit writes the address when it handles the run's page info, which may come just after the heading.
    expect(patient.page).to_have_url(re.compile(rf"\?step={number}$"))
    for q in patient.shown_questions(section):
        if q.id in patient.entered:
            patient.expect_answer(q, patient.entered[q.id])


def _required(patient: Patient, section: Section) -> None:
    """Answer the step's required questions, as a patient would."""
    for q in patient.shown_questions(section):
        if q.required:
            patient.answer(q, browser_answer(q))


def test_back_and_forward_move_between_steps_and_keep_the_answers(
    new_patient: Callable[..., Patient], bank: Bank
) -> None:
    patient = new_patient()
    page = patient.page
    patient.click("Start")
    for number in (1, 2):
        _required(patient, bank.sections[number - 1])
        patient.click("Next")
    _on_step(patient, bank, 3)

    for number in (2, 1):
        patient.act(page.go_back)
        _on_step(patient, bank, number)
    for number in (2, 3):
        patient.act(page.go_forward)
        _on_step(patient, bank, number)

    # A reload keeps the step and the answers (the tab's copy), and Back still goes to the step before.
    dialogs = patient.reload()  # the tab's copy brings the answers and the step back into the new session
    _on_step(patient, bank, 3)
    patient.act(page.go_back)
    _on_step(patient, bank, 2)
    assert dialogs == ["beforeunload"], "the reload asked first (answers not saved anywhere yet)"

    # From the first step, Back goes to the page before it ("Start"), not round in a loop.
    patient.act(page.go_back)
    _on_step(patient, bank, 1)
    patient.act(page.go_back)
    expect(patient.button("Start")).to_be_visible()
    assert "step=" not in page.url
