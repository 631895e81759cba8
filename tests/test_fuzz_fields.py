"""Numbers and dates at and beyond their limits, through check() and through the app's fields (AppTest):
each gets one plain sentence and the answer is never lost. (Any text into every text question, then the PDF:
tests/test_fuzz.py, whose hypothesis settings these share.)"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from journey import start_app
from test_fuzz import BANK, FUZZ, TODAY, hostile
from test_limits import assert_plain_sentence

from questions import Bank, Kind
from questions.check import problem_with, resolve_date
from questions.kinds.date import Date
from questions.kinds.number import Number
from ui.widgets import key

# --- numbers ---------------------------------------------------------------------------------------------


def _number_cases(bank: Bank) -> list[tuple[Number, str | None, float | None, float | None]]:
    """(question, unit id, low, high) for every number question and unit."""
    cases: list[tuple[Number, str | None, float | None, float | None]] = []
    for q in bank.questions():
        if isinstance(q, Number):
            cases += [(q, u.id, u.min, u.max) for u in q.units] or [(q, None, q.min, q.max)]
    return cases


NUMBER_CASES = _number_cases(BANK)


def _answer(unit: str | None, value: float) -> Any:
    return {"value": value, "unit": unit} if unit else value


def _edge_values(low: float | None, high: float | None) -> list[float]:
    values = [math.inf, -math.inf, math.nan, 1e308, -1e308, 0.0, -0.0, 10**30]
    for limit in (low, high):
        if limit is not None:
            values += [limit, math.nextafter(limit, math.inf), math.nextafter(limit, -math.inf), limit + 0.5]
    return values


def _number_ok(q: Number, value: float, low: float | None, high: float | None) -> bool:
    if not math.isfinite(value):
        return False
    if q.integer and value != int(value):
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def test_the_bank_has_number_questions() -> None:
    assert NUMBER_CASES
    assert any(u for _, u, _, _ in NUMBER_CASES)
    assert any(u is None for _, u, _, _ in NUMBER_CASES)


@pytest.mark.parametrize(("q", "unit", "low", "high"), NUMBER_CASES, ids=lambda v: getattr(v, "id", str(v)))
def test_numbers_at_and_beyond_their_limits(q: Number, unit: str | None, low: float | None, high: float | None) -> None:
    for value in _edge_values(low, high):
        message = problem_with(q, _answer(unit, value))
        assert (message is None) == _number_ok(q, value, low, high), (value, message)
        if message:
            assert_plain_sentence(message)
    for limit in (low, high):
        if limit is not None:
            assert problem_with(q, _answer(unit, limit)) is None, "the limit itself is allowed"
            assert problem_with(q, _answer(unit, int(limit) if limit == int(limit) else limit)) is None


@settings(FUZZ, max_examples=300)
@given(
    case=st.sampled_from(NUMBER_CASES),
    value=st.one_of(st.floats(), st.integers(min_value=-(10**40), max_value=10**40)),
)
def test_any_number_gets_a_plain_answer(
    case: tuple[Number, str | None, float | None, float | None], value: float
) -> None:
    q, unit, low, high = case
    message = problem_with(q, _answer(unit, value))
    assert (message is None) == _number_ok(q, value, low, high), message
    if message:
        assert_plain_sentence(message)


def test_numbers_in_a_unit_need_a_known_unit() -> None:
    q, unit, _, _ = next(c for c in NUMBER_CASES if c[1])
    for answer in ({"value": 70}, {"value": 70, "unit": "stone"}, {"value": "70", "unit": unit}):
        message = problem_with(q, answer)
        assert_plain_sentence(message)


# --- dates -----------------------------------------------------------------------------------------------

DATE_QUESTIONS = [q for q in BANK.questions() if isinstance(q, Date)]


def _date_ok(q: Date, day: dt.date) -> bool:
    earliest, latest = resolve_date(q.min_date, TODAY), resolve_date(q.max_date, TODAY)
    return (earliest is None or day >= earliest) and (latest is None or day <= latest)


def test_the_bank_asks_a_birth_date_with_plain_limits() -> None:
    born = BANK.question(BANK.birth_date_question)
    assert born.kind is Kind.DATE
    assert born.max_date == "today"
    assert resolve_date(born.min_date, TODAY) == dt.date(1900, 1, 1)
    for day in (dt.date(1899, 12, 31), dt.date(1, 1, 1), TODAY + dt.timedelta(days=1), dt.date(9999, 12, 31)):
        assert_plain_sentence(problem_with(born, day.isoformat(), today=TODAY))
    for day in (dt.date(1900, 1, 1), TODAY):
        assert problem_with(born, day.isoformat(), today=TODAY) is None
    future = [q for q in DATE_QUESTIONS if q.max_date == "today"]
    assert len(future) >= 2
    for q in future:
        assert "future" in problem_with(q, (TODAY + dt.timedelta(days=1)).isoformat(), today=TODAY)  # type: ignore[operator]


@settings(FUZZ, max_examples=300)
@given(q=st.sampled_from(DATE_QUESTIONS), day=st.dates())
def test_any_date_gets_a_plain_answer(q: Date, day: dt.date) -> None:
    message = problem_with(q, day.isoformat(), today=TODAY)
    assert (message is None) == _date_ok(q, day), (day, message)
    if message:
        assert_plain_sentence(message)


@settings(FUZZ, max_examples=150)
@given(
    q=st.sampled_from(DATE_QUESTIONS),
    text=st.one_of(
        hostile(40),
        st.sampled_from(
            [
                "2024-02-30",
                "2023-02-29",
                "31/03/2024",
                "2024-13-01",
                "0000-01-01",
                "+10000-01-01",
                "1e308",
                "today",
                " ",
            ]
        ),
    ),
)
def test_any_text_as_a_date_gets_a_plain_answer(q: Date, text: str) -> None:
    message = problem_with(q, text, today=TODAY)
    try:
        valid = _date_ok(q, dt.date.fromisoformat(text))
    except ValueError:
        valid = False
    if not text.strip():
        assert message is None or message == "Please answer this question."
        return
    assert (message is None) == valid, (text, message)
    if message:
        assert_plain_sentence(message)


# --- at the field, through the app (AppTest) -------------------------------------------------------------


def _step_of(qid: str) -> int:
    return BANK.sections.index(BANK.section_of(qid)) + 1


def _at_step(step: int, answers: dict[str, Any] | None = None) -> Any:
    at = start_app()
    if answers:
        at.session_state["answers"] = dict(answers)
    at.session_state["step"] = step
    at.run()
    assert not at.exception, at.exception
    return at


def _errors(at: Any) -> list[str]:
    return [e.value for e in at.error]


def test_numbers_at_the_field_get_one_plain_sentence_and_are_kept() -> None:
    at = _at_step(_step_of("weight"))
    weight = BANK.question_as("weight", Number)
    low, high = weight.units[0].min, weight.units[0].max
    assert low is not None
    assert high is not None
    field = at.number_input(key=key("weight", "value"))
    for value, ok in ((low, True), (high, True), (low - 0.1, False), (high + 0.1, False), (1e308, False)):
        field.set_value(value).run()
        assert not at.exception, at.exception
        errors = _errors(at)
        if ok:
            assert not errors, (value, errors)
        else:
            assert len(errors) == 1, (value, errors)
            assert_plain_sentence(errors[0])
            assert "25 to 350 kg" in errors[0]
        assert at.session_state["answers"]["weight"] == {"value": value, "unit": weight.units[0].id}, "never lost"
        field = at.number_input(key=key("weight", "value"))
    field.set_value(70).run()
    # The blood pressure reading (a kind of its own since bank 1.1.0): its top number at the field.
    reading = BANK.question("blood_pressure")
    assert reading.kind is Kind.BLOOD_PRESSURE
    low, high = reading.systolic.min, reading.systolic.max  # type: ignore[union-attr]
    at.number_input(key=key(reading.id, "diastolic")).set_value(low - 1).run()
    for value, ok in ((low, True), (high, True), (high + 1, False), (low - 1, False)):
        at.number_input(key=key(reading.id, "systolic")).set_value(value).run()
        assert not at.exception, at.exception
        errors = _errors(at)
        assert (not errors) if ok else (len(errors) == 1), (value, errors)
        for message in errors:
            assert_plain_sentence(message)
        assert at.session_state["answers"][reading.id]["systolic"] == value


def test_a_blood_pressure_bottom_number_above_the_top_gets_one_plain_sentence() -> None:
    at = _at_step(_step_of("blood_pressure"))
    at.number_input(key=key("blood_pressure", "systolic")).set_value(120).run()
    at.number_input(key=key("blood_pressure", "diastolic")).set_value(130).run()
    assert not at.exception, at.exception
    errors = _errors(at)
    assert errors == ["The bottom number must be lower than the top number."]
    assert_plain_sentence(errors[0])
    assert at.session_state["answers"]["blood_pressure"] == {"systolic": 120, "diastolic": 130}, "never lost"
    at.number_input(key=key("blood_pressure", "diastolic")).set_value(80).run()
    assert not _errors(at)


def test_a_blood_pressure_day_in_the_future_from_a_saved_file_is_shown_with_a_plain_error() -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    reading = {"systolic": 168, "diastolic": 102, "taken": tomorrow}
    at = _at_step(_step_of("blood_pressure"), {"full_name": "Ana Ruiz", "blood_pressure": reading})
    assert at.date_input(key=key("blood_pressure", "taken")).value == dt.date.fromisoformat(tomorrow)
    errors = _errors(at)
    assert len(errors) == 1, errors
    assert "in the future" in errors[0]
    assert_plain_sentence(errors[0])
    assert at.session_state["answers"]["blood_pressure"] == reading


def test_non_finite_numbers_at_the_field_never_crash_the_page() -> None:
    """A browser cannot send inf or NaN; a crafted client can. Streamlit puts the field back to its default
    (0), the app then shows its range sentence: no traceback, the page still works."""
    at = _at_step(_step_of("weight"))
    for value in (math.inf, -math.inf, math.nan):
        at.number_input(key=key("weight", "value")).set_value(value).run()
        assert not at.exception, at.exception
        for message in _errors(at):
            assert_plain_sentence(message)
        stored = at.session_state["answers"].get("weight")
        assert stored is None or math.isfinite(stored["value"])


def test_a_birth_date_outside_the_banks_limits_is_kept_with_the_rule_and_next_stops() -> None:
    """The picker accepts any plausible day (a browser's picker quietly refuses or clamps a day outside its
    range): a birth date before 1900 or in the future stays in the field and in the answers, the rule is said
    at the field, and Next stays on the step. Only a day no one could mean (year 1) is refused by the picker,
    which then keeps the last good one."""
    at = _at_step(1)
    field = key("date_of_birth")
    today = dt.date.today()
    for day, words in ((dt.date(1899, 12, 31), "on 1 Jan 1900 or later"), (today + dt.timedelta(days=1), "today")):
        at.date_input(key=field).set_value(day).run()
        assert not at.exception, at.exception
        assert at.date_input(key=field).value == day
        assert at.session_state["answers"]["date_of_birth"] == day.isoformat()
        assert [e for e in _errors(at) if words in e], _errors(at)
        at.button(key="next").click().run()
        assert at.session_state["step"] == 1
        assert at.date_input(key=field).value == day, "the refused day is still there"
    at.date_input(key=field).set_value(dt.date(1980, 6, 15)).run()
    at.date_input(key=field).set_value(dt.date(1, 1, 1)).run()
    assert not at.exception, at.exception
    assert at.session_state["answers"]["date_of_birth"] == "1980-06-15"
    for edge in (dt.date(1900, 1, 1), today):
        at.date_input(key=field).set_value(edge).run()
        assert not [e for e in _errors(at) if "date" in e.lower()], _errors(at)
        assert at.session_state["answers"]["date_of_birth"] == edge.isoformat()


@pytest.mark.parametrize(
    ("qid", "day", "words"),
    [
        ("date_of_birth", "1899-12-31", "must be on 1 Jan 1900 or later"),
        ("date_of_birth", "TOMORROW", "in the future"),
        ("appointment_date", "1999-12-31", "must be on 1 Jan 2000 or later"),
        ("appointment_date", "2099-01-01", None),  # no latest date in the bank: allowed, and shown as it is
    ],
)
def test_a_date_outside_the_picker_from_a_saved_file_is_shown_with_a_plain_error(
    qid: str, day: str, words: str | None
) -> None:
    """A date outside the picker's range can only arrive from a file (or an older bank): the page still
    draws (it used to crash), the date is shown, and check() explains it at the field."""
    if day == "TOMORROW":
        day = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    answers = {"full_name": "Ana Ruiz", "date_of_birth": "1980-06-15", "weight": {"value": 70, "unit": "kg"}}
    at = _at_step(_step_of(qid), {**answers, qid: day})
    assert at.date_input(key=key(qid)).value == dt.date.fromisoformat(day)
    errors = _errors(at)
    if words is None:
        assert not errors, errors
    else:
        assert len(errors) == 1, errors
        assert words in errors[0], errors
        assert_plain_sentence(errors[0])
    assert at.session_state["answers"][qid] == day


def test_date_picker_bounds_on_a_leap_day() -> None:
    """A hundred years after 29 Feb is not a date: the picker's last day must still be computed. The
    picker is wider than the bank's limits (they are checked at the field), and a shown day widens it."""
    from ui.widgets import PICKER_EARLIEST, date_bounds

    appointment = BANK.question("appointment_date")
    first, last = date_bounds(appointment, dt.date(2028, 2, 29))
    assert first == PICKER_EARLIEST < dt.date(1900, 1, 1)
    assert last > dt.date(2100, 2, 1)
    born = BANK.question("date_of_birth")
    assert date_bounds(born, dt.date(2028, 2, 29))[1] > dt.date(2028, 2, 29)
    assert date_bounds(born, TODAY, dt.date(1750, 1, 1))[0] == dt.date(1750, 1, 1)
