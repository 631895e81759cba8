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


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_asq_result_and_safety_gaps_match(bank: Bank, persona: Persona) -> None:
    from questions.safety_net import safety_gaps, screen_outcomes

    intake = _intake(bank, persona)
    (asq,) = screen_outcomes(bank, intake)
    assert asq.result_key == persona.asq
    assert [g.question_id for g in safety_gaps(bank, intake)] == persona.gaps


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_page_1_matches_its_reviewed_golden_image(bank: Bank, persona: Persona, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from test_pdf_images import FIXED_EPOCH, compare_pages

    from summaries import build_summary, render_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    pdf = render_pdf(build_summary(bank, _intake(bank, persona)))
    compare_pages(pdf, f"persona-{persona.id}", tmp_path, pages=1)


def test_page_1_words_for_the_provider(bank: Bank) -> None:
    """The wording fixes: no risk sentence, 'a positive screen', the PCL-5 range, intersex reason, ASQ terms."""
    import io

    from pypdf import PdfReader

    from summaries import build_summary, render_pdf

    def page1(persona_id: str) -> str:
        persona = next(p for p in PERSONAS if p.id == persona_id)
        pdf = render_pdf(build_summary(bank, _intake(bank, persona)))
        return " ".join((PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())

    veteran = page1("veteran-ptsd-alcohol")
    assert "This total is a positive screen." in veteran
    assert "This total is at or above the published 31-33 range." in veteran
    intersex = page1("family-psychosis")
    assert "Sex assigned at birth: Intersex. The published cut-offs are for men and for women, so both are shown." in (
        intersex
    )
    assert "ASQ question 1, wishing you were dead, was declined" in intersex
    assert "positive screen (NIMH; Horowitz 2012, 2020)" in intersex
    trd = page1("trd-self-harm")
    assert "non-acute positive screen" in trd
    assert "answered these questions on their own" in trd
    incomplete = page1("incomplete")
    assert "PHQ-9 item 9, thoughts of being better off dead or of hurting yourself, was not answered." in incomplete
    for text in (veteran, intersex, trd, incomplete):
        assert "risk level" not in text.lower()
