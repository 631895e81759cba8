"""A patient part-way through the form, and the check that every answer came back after the server went away
(a restart, or another replica): shared by test_tabstore.py and test_replicas.py."""

from __future__ import annotations

from typing import Any

from patient import Patient, browser_answer
from playwright.sync_api import Page

from questions import Bank, Kind, tr

_STORAGE = "() => Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)]))"


def session_storage(page: Page) -> dict[str, str]:
    """Everything this tab holds in sessionStorage."""
    return dict(page.evaluate(_STORAGE))


def answer_two_steps_and_some(patient: Patient, bank: Bank) -> dict[str, Any]:
    """On steps 1 and 2 every required question and every typed one (choices, text, numbers, dates, lists),
    and two answers on step 3; the patient stays on step 3."""
    patient.click("Start")
    first, second, third = bank.sections[:3]
    for section in (first, second):
        kinds: set[Kind] = set()
        while True:  # again after each answer: it may show a follow-up
            shown = [q for q in patient.shown_questions(section) if q.id not in patient.entered]
            todo = [q for q in shown if q.required or q.kind not in kinds]
            if not todo:
                break
            kinds.add(todo[0].kind)
            patient.answer(todo[0], browser_answer(todo[0]))
        patient.click("Next")
    patient.expect_heading(tr(third.title))
    for q in patient.shown_questions(third)[:2]:
        patient.answer(q, q.choices()[1].value)
    return dict(patient.entered)


def expect_every_answer_back(patient: Patient, bank: Bank, entered: dict[str, Any]) -> None:
    """On step 3 again, then back through steps 2 and 1: every answer `answer_two_steps_and_some` gave is shown
    (the patient ends on step 1)."""
    patient.expect_heading(tr(bank.sections[2].title))
    for section in reversed(bank.sections[:3]):
        patient.expect_heading(tr(section.title))
        for q in patient.shown_questions(section):
            if q.id in entered:
                patient.expect_answer(q, entered[q.id])
        if section is not bank.sections[0]:
            patient.click("Back")
