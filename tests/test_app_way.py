"""The patient's way through (issue 15): a value a field refuses stays in it, the rule is said at the field
in an alert, and Next stops on that step, whether the question is required or not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from journey import start_app

from questions import load_bank
from ui.widgets import key

BANK = load_bank()
TODAY = dt.date.today()
IN_2030 = max(dt.date(2030, 6, 1), TODAY + dt.timedelta(days=30))


def _at_step_of(qid: str, answers: dict[str, Any] | None = None) -> Any:
    at = start_app()
    at.session_state["answers"] = dict(answers or {})
    at.session_state["step"] = BANK.sections.index(BANK.section_of(qid)) + 1
    at.run()
    assert not at.exception, at.exception
    return at


def _errors(at: Any) -> list[str]:
    return [e.value for e in at.error]


def _next_stays(at: Any) -> None:
    step = at.session_state["step"]
    at.button(key="next").click().run()
    assert not at.exception, at.exception
    assert at.session_state["step"] == step, "Next moved on past a refused value"


def test_an_optional_appointment_day_before_its_limit_is_kept_said_and_stops_next() -> None:
    at = _at_step_of("appointment_date", {"full_name": "Ana Ruiz", "date_of_birth": "1980-06-15"})
    assert not BANK.question("appointment_date").required
    field = key("appointment_date")
    at.date_input(key=field).set_value(dt.date(1999, 12, 31)).run()
    assert at.date_input(key=field).value == dt.date(1999, 12, 31)
    assert "This date must be on 1 Jan 2000 or later." in _errors(at)
    _next_stays(at)
    assert at.date_input(key=field).value == dt.date(1999, 12, 31)
    assert at.session_state["answers"]["appointment_date"] == "1999-12-31"


def test_a_future_date_of_birth_says_why_not_please_answer() -> None:
    at = _at_step_of("date_of_birth", {"full_name": "Ana Ruiz"})
    at.date_input(key=key("date_of_birth")).set_value(IN_2030).run()
    errors = _errors(at)
    assert "This date is in the future, and it must be today or earlier." in errors, errors
    _next_stays(at)
    errors = _errors(at)
    assert not [e for e in errors if "Please answer this question" in e], errors
    assert at.date_input(key=key("date_of_birth")).value == IN_2030


def test_an_optional_blood_pressure_reading_taken_in_2030_is_kept_and_stops_next() -> None:
    at = _at_step_of("blood_pressure")
    assert not BANK.question("blood_pressure").required
    at.number_input(key=key("blood_pressure", "systolic")).set_value(130)
    at.number_input(key=key("blood_pressure", "diastolic")).set_value(85)
    at.date_input(key=key("blood_pressure", "taken")).set_value(IN_2030).run()
    assert not at.exception, at.exception
    assert "This date is in the future, and it must be today or earlier." in _errors(at)
    _next_stays(at)
    assert at.date_input(key=key("blood_pressure", "taken")).value == IN_2030
    assert at.session_state["answers"]["blood_pressure"]["taken"] == IN_2030.isoformat()


@pytest.mark.parametrize(
    ("part", "value", "words"),
    [("systolic", 300, "top number from 60 to 260 mmHg"), ("diastolic", 10, "bottom number from 30 to 160 mmHg")],
)
def test_a_blood_pressure_number_out_of_range_is_kept_and_stops_next(part: str, value: int, words: str) -> None:
    at = _at_step_of("blood_pressure")
    other = {"systolic": 130, "diastolic": 85}
    other[part] = value
    for name, number in other.items():
        at.number_input(key=key("blood_pressure", name)).set_value(number)
    at.run()
    assert [e for e in _errors(at) if words in e], _errors(at)
    _next_stays(at)
    assert at.number_input(key=key("blood_pressure", part)).value == value


def test_an_optional_height_out_of_range_says_the_rule_and_stops_next() -> None:
    at = _at_step_of("height", {"full_name": "Ana Ruiz", "date_of_birth": "1980-06-15"})
    assert not BANK.question("height").required
    at.number_input(key=key("height", "value")).set_value(300).run()
    assert "Please enter a number from 90 to 250 cm." in _errors(at)
    _next_stays(at)
    assert at.number_input(key=key("height", "value")).value == 300


def test_clear_my_answers_is_a_real_button_and_says_it_clears_every_step() -> None:
    at = _at_step_of("full_name", {"full_name": "Ana Ruiz", "date_of_birth": "1980-06-15"})
    clear = at.button(key="clear")
    assert clear.proto.type == "secondary", "a button that looks like one, not plain text"
    clear.click().run()
    warnings = " ".join(w.value for w in at.warning)
    assert "every answer on every step" in warnings, warnings
    at.button(key="clear_yes").click().run()
    assert at.session_state["answers"] == {}


def test_a_star_means_required_on_every_label_of_a_step() -> None:
    """Every starred label is a required question; a row field of an optional list (the emergency
    contact's name) is not starred."""
    contacts = BANK.question("emergency_contacts")
    assert not contacts.required
    at = _at_step_of("emergency_contacts")
    name_label = at.text_input(key=key("emergency_contacts", 0, "name")).label
    assert "*" not in name_label, name_label
    checked = 0
    for q in BANK.section_of("emergency_contacts").questions:
        try:
            widget = at.get_by_key(key(q.id))
        except KeyError:
            continue
        label = str(getattr(widget, "label", ""))
        assert label.endswith(" *") == q.required, (q.id, label)
        checked += 1
    assert checked >= 3
