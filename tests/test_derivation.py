"""One derivation feeds every output: the shown questions are worked out once per PDF (with its FHIR files
inside), the FHIR Questionnaire once per bank, and the FHIR response is the Summary's answers."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest

from questions import Bank, Intake, check
from samples.patients import typical
from summaries import fhir
from summaries.bundle import summary_pdf
from summaries.summary import build_summary

check_module = importlib.import_module("questions.check")  # the module (`questions.check` is also a function)


def _count_passes(monkeypatch: pytest.MonkeyPatch, bank: Bank) -> Callable[[], float]:
    """How many passes over the bank's conditions were made (each pass asks `shows` once per question)."""
    calls = 0
    real = check_module.shows

    def counting(*args: object, **kwargs: object) -> bool:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(check_module, "shows", counting)
    return lambda: calls / len(bank.questions())


def test_a_pdf_download_works_out_the_shown_questions_once(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    intake = typical(bank)
    passes = _count_passes(monkeypatch, bank)
    summary_pdf(bank, intake)
    assert passes() == 1


def test_the_questionnaire_is_built_once_per_bank(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    built = 0
    real = fhir._build_questionnaire

    def counting(*args: object) -> object:
        nonlocal built
        built += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(fhir, "_BUILT", {})
    monkeypatch.setattr(fhir, "_build_questionnaire", counting)
    intake = typical(bank)
    for _ in range(3):
        summary_pdf(bank, intake)
    first = fhir.questionnaire(bank)
    first["item"].clear()  # a caller's copy: changing it changes nothing shared
    assert fhir.questionnaire(bank)["item"]
    assert built == 1


def test_the_response_carries_the_summarys_valid_answers(bank: Bank, make_intake: Callable[..., Intake]) -> None:
    intake = make_intake(full_name="Ana Ruiz", weight={"value": 70, "unit": "stone"}, seizures="no")
    summary = build_summary(bank, intake)
    exported = fhir.exported_answers(summary)
    assert exported == {"full_name": "Ana Ruiz", "seizures": "no"}
    assert {p.question_id for p in summary.problems} == {p.question_id for p in check(bank, intake)}
    assert fhir.response_from_summary(bank, summary)["status"] == "in-progress"


def test_a_step_works_out_the_shown_questions_once_per_run(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    """The step settles its questions from one pass over the bank, not one pass per question it draws."""
    from journey import start_app

    step = 1 + next(i for i, s in enumerate(bank.sections) if s.id == "medical_history")
    at = start_app()
    at.session_state["answers"] = {"full_name": "Ana Ruiz", "high_blood_pressure": "yes"}
    at.session_state["step"] = step
    passes = _count_passes(monkeypatch, bank)
    at.run()
    assert not at.exception, at.exception
    assert len(bank.sections[step - 1].questions) > 5
    assert passes() == 1


def test_the_fhir_bundle_derives_the_answers_once(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    """The collection Bundle (response and Observations) is rendered from one Summary."""
    intake = typical(bank)
    passes = _count_passes(monkeypatch, bank)
    fhir.bundle(bank, intake)
    assert passes() == 1
