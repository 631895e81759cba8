"""The five personas (tests/personas.py): the app's scores and safety answers match the totals worked out by
hand from the instruments' papers."""

from __future__ import annotations

import pytest
from personas import PERSONAS, Persona

from questions import Bank, Intake, check, load_bank
from questions.scoring import safety_alerts, score


def _intake(bank: Bank, persona: Persona) -> Intake:
    return Intake(bank_id=bank.id, bank_version=bank.version, answers=persona.answers)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_answers_are_valid_for_the_bank(bank: Bank, persona: Persona) -> None:
    intake = _intake(bank, persona)
    assert all(bank.has_question(qid) for qid in persona.answers), "every answer is to a question of the bank"
    problems = [p for p in check(bank, intake) if p.question_id in persona.answers]
    assert problems == []


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_totals_match_the_hand_worked_totals(bank: Bank, persona: Persona) -> None:
    scores = {s.instrument_id: s for s in score(bank, _intake(bank, persona))}
    assert {k: scores[k].total for k in persona.totals} == persona.totals
    assert {k: scores[k].band for k in persona.bands} == persona.bands
    assert {k: scores[k].positive for k in persona.positive} == persona.positive


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_safety_answers_match(bank: Bank, persona: Persona) -> None:
    alerts = [a.question_id for a in safety_alerts(bank, _intake(bank, persona))]
    assert alerts == persona.safety


def test_the_five_personas_of_the_issue_are_here() -> None:
    ids = [p.id for p in PERSONAS]
    assert len(set(ids)) == 5
    abouts = " ".join(p.about.lower() for p in PERSONAS)
    for words in (
        "treatment-resistant",
        "self-harm",
        "veteran",
        "ptsd",
        "drinking",
        "chronic pain",
        "blood pressure",
        "stent",
        "brother with schizophrenia",
        "incomplete",
    ):
        assert words in abouts
