"""The blood_pressure kind: a reading as top and bottom numbers in mmHg with the day it was taken, checked,
in words, carried over from the older bank's three questions, and in every output (review, PDF, paper, FHIR)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir_check import check_response
from journey import start_app
from test_bank import load_error, write_bank
from test_limits import assert_plain_sentence

from questions import Bank, Intake, problem_with
from questions.restore import restore
from summaries import build_summary, render_pdf
from summaries.blank import render_blank
from summaries.fhir import questionnaire, questionnaire_response

TODAY = dt.date(2026, 12, 1)
READING = {"systolic": 168, "diastolic": 102, "taken": "2026-11-20"}


@pytest.fixture
def reading_q(bank: Bank) -> Any:
    return bank.question("blood_pressure")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"systolic": 168}, "both the top and the bottom"),
        ({"diastolic": 102}, "both the top and the bottom"),
        ({"systolic": 168.5, "diastolic": 102}, "whole numbers"),
        ({"systolic": 300, "diastolic": 102}, "top number from 60 to 260 mmHg"),
        ({"systolic": 168, "diastolic": 10}, "bottom number from 30 to 160 mmHg"),
        ({"systolic": 120, "diastolic": 120}, "bottom number must be lower than the top number"),
        ({"systolic": 120, "diastolic": 130}, "bottom number must be lower than the top number"),
        ({"systolic": 120, "diastolic": 80, "taken": "2026-12-02"}, "in the future"),
        ({"systolic": 120, "diastolic": 80, "taken": "1999-12-31"}, "must be on 1 Jan 2000 or later"),
        ({"systolic": 120, "diastolic": 80, "taken": "soon"}, "date like"),
        ({"systolic": 120, "diastolic": 80, "pulse": 70}, "both the top and the bottom"),
        ("120/80", "both the top and the bottom"),
    ],
)
def test_a_wrong_reading_gets_one_plain_sentence(reading_q: Any, value: object, words: str) -> None:
    message = problem_with(reading_q, value, "en", TODAY)
    assert message is not None
    assert words in message
    assert_plain_sentence(message)


@pytest.mark.parametrize(
    "value", [READING, {"systolic": 120, "diastolic": 80}, {"systolic": 60, "diastolic": 30, "taken": "2026-12-01"}]
)
def test_a_good_reading_is_fine(reading_q: Any, value: dict[str, Any]) -> None:
    assert problem_with(reading_q, value, "en", TODAY) is None


def test_the_reading_in_words(reading_q: Any) -> None:
    assert reading_q.words(READING, "en").text == "168/102 mmHg (taken 20 Nov 2026)"
    assert reading_q.words({"systolic": 120, "diastolic": 80}, "en").text == "120/80 mmHg"


def test_its_limits_are_checked_when_the_bank_loads(tmp_path: Path) -> None:
    body = """\
        id: extra
        title: Extra
        questions:
          - {id: reading, kind: blood_pressure, label: Reading, systolic: {min: 200, max: 100}}
        """
    message = load_error(write_bank(tmp_path, extra=body))
    assert "'reading'" in message
    assert "min (200) is greater than max (100)" in message
    body = body.replace("systolic: {min: 200, max: 100}", "unit: mmHg")
    message = load_error(write_bank(tmp_path, extra=body))
    assert "a blood_pressure question does not take this setting" in message


# --- older saved files: the three questions of bank 1.0.0 carry over ------------------------------------------


def _old_file(bank: Bank, **answers: Any) -> bytes:
    raw = {
        "format": "ketamine-intake-answers",
        "format_version": 1,
        "bank_id": bank.id,
        "bank_version": "1.0.0",
        "answers": {"full_name": "Ana Ruiz", **answers},
    }
    return json.dumps(raw).encode()


def test_the_old_three_answers_carry_over_without_a_note(bank: Bank) -> None:
    data = _old_file(bank, blood_pressure_top=168, blood_pressure_bottom=102, blood_pressure_date="2026-11-20")
    restored = restore(bank, data)
    assert restored.intake.answers["blood_pressure"] == READING
    assert restored.not_carried_over == []
    for old in ("blood_pressure_top", "blood_pressure_bottom", "blood_pressure_date"):
        assert old not in restored.intake.answers


def test_an_old_reading_without_its_day_carries_over(bank: Bank) -> None:
    restored = restore(bank, _old_file(bank, blood_pressure_top=120, blood_pressure_bottom=80))
    assert restored.intake.answers["blood_pressure"] == {"systolic": 120, "diastolic": 80}
    assert restored.not_carried_over == []


def test_an_old_reading_with_a_bad_day_keeps_its_numbers_with_a_note(bank: Bank) -> None:
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    data = _old_file(bank, blood_pressure_top=120, blood_pressure_bottom=80, blood_pressure_date=future)
    restored = restore(bank, data)
    assert restored.intake.answers["blood_pressure"] == {"systolic": 120, "diastolic": 80}
    notes = restored.not_carried_over
    assert len(notes) == 2, notes  # the older-version header, and the one note
    assert "day of your blood pressure reading could not be carried over" in notes[1]


def test_half_an_old_reading_is_not_kept_and_says_so(bank: Bank) -> None:
    restored = restore(bank, _old_file(bank, blood_pressure_top=120))
    assert "blood_pressure" not in restored.intake.answers
    assert len(restored.not_carried_over) == 2
    assert "both the top and the bottom" in restored.not_carried_over[1]


def test_a_new_file_round_trips(bank: Bank, make_intake: Callable[..., Intake]) -> None:
    intake = make_intake(full_name="Ana Ruiz", blood_pressure=READING)
    restored = restore(bank, intake.model_dump_json().encode())
    assert restored.intake.answers["blood_pressure"] == READING
    assert restored.not_carried_over == []


# --- every output ------------------------------------------------------------------------------------------


def test_the_pdf_shows_the_reading(bank: Bank, make_intake: Callable[..., Intake], pdf_text: Any) -> None:
    summary = build_summary(bank, make_intake(full_name="Ana Ruiz", blood_pressure=READING), today=TODAY)
    text = " ".join(pdf_text(render_pdf(summary)).split())
    assert "168/102 mmHg (taken 20 Nov 2026)" in text


def test_the_review_shows_the_reading(bank: Bank) -> None:
    at = start_app()
    at.session_state["answers"] = {"full_name": "Ana Ruiz", "blood_pressure": READING}
    at.session_state["step"] = len(bank.sections) + 1  # the review
    at.run()
    assert not at.exception, at.exception
    assert any("168/102 mmHg (taken 20 Nov 2026)" in t.value for t in at.text)


def test_the_paper_form_has_two_boxes_and_a_day(bank: Bank, pdf_text: Any) -> None:
    text = " ".join(pdf_text(render_blank(bank, "letter")).split())
    at = text.index("A recent blood pressure reading, if you know one")
    nearby = text[at : at + 400]
    for words in ("/", "mmHg", "top", "bottom", "year", "month", "day"):
        assert words in nearby, (words, nearby)


def test_fhir_has_a_group_of_two_quantities_in_mm_hg(bank: Bank, make_intake: Callable[..., Intake]) -> None:
    q_json = questionnaire(bank)
    response = questionnaire_response(bank, make_intake(full_name="Ana Ruiz", blood_pressure=READING), today=TODAY)
    assert check_response(q_json, response) == []
    QuestionnaireResponse.model_validate(response)
    items = [i for s in response["item"] for i in s["item"] if i["linkId"] == "blood_pressure"]
    (group,) = items
    values = {c["linkId"]: c["answer"][0] for c in group["item"]}
    assert values["blood_pressure.systolic"]["valueQuantity"]["value"] == 168
    assert values["blood_pressure.diastolic"]["valueQuantity"]["code"] == "mm[Hg]"
    assert values["blood_pressure.taken"] == {"valueDate": "2026-11-20"}
    broken = json.loads(json.dumps(response))
    part = next(i for s in broken["item"] for i in s["item"] if i["linkId"] == "blood_pressure")["item"][0]
    part["answer"][0]["valueQuantity"]["code"] = "[psi]"
    assert any("unitOption" in p for p in check_response(q_json, broken))
