"""Which questions are shown given the answers so far, and what is wrong with the answers given."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from questions.intake import Intake, is_answered
from questions.limits import MAX_LIST_ROWS, MAX_LONG_TEXT, MAX_SHORT_TEXT
from questions.schema import Bank, Field_, Kind, Question, tr


@dataclass(frozen=True)
class Problem:
    """Something a patient needs to fix: which question, and one plain sentence saying what."""

    question_id: str
    message: str


def _matches(value: object, wanted: list[str]) -> bool:
    if isinstance(value, list):
        return any(isinstance(v, str) and v in wanted for v in value)
    return isinstance(value, str) and value in wanted


def shown_ids(bank: Bank, answers: Mapping[str, object]) -> set[str]:
    """Ids of the questions shown given these answers.

    A condition on a hidden question never holds, so hiding cascades down a chain of conditions.
    Conditions may only look back, so one pass in bank order settles every question.
    """
    shown: set[str] = set()
    for question in bank.questions():
        if question.show_if is None or any(
            c.question in shown and _matches(answers.get(c.question), c.any_of) for c in question.show_if
        ):
            shown.add(question.id)
    return shown


def is_shown(bank: Bank, question_id: str, answers: Mapping[str, object]) -> bool:
    """Whether this question is shown given these answers."""
    return question_id in shown_ids(bank, answers)


def resolve_date(text: str | None, today: dt.date) -> dt.date | None:
    """A bank date limit ('today' or an ISO date) as a date."""
    if text is None:
        return None
    return today if text == "today" else dt.date.fromisoformat(text)


def text_limit(q: Question) -> int:
    """Longest answer accepted: the question's max_length, never above the ceiling in questions/limits.py."""
    ceiling = MAX_LONG_TEXT if q.kind is Kind.LONG_TEXT else MAX_SHORT_TEXT
    return min(q.max_length, ceiling) if q.max_length is not None else ceiling


def field_limit(f: Field_) -> int:
    """Longest text accepted in a list's column (one line, so never above MAX_SHORT_TEXT)."""
    return min(f.max_length, MAX_SHORT_TEXT)


def rows_limit(q: Question) -> int:
    """Most rows accepted in a list (never above MAX_LIST_ROWS)."""
    return min(q.max_rows, MAX_LIST_ROWS)


def _number_text(value: float) -> str:
    return f"{value:g}"


def _range_message(low: float | None, high: float | None, unit: str) -> str:
    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"Please enter a number from {_number_text(low)} to {_number_text(high)}{suffix}."
    if low is not None:
        return f"Please enter a number of {_number_text(low)}{suffix} or more."
    return f"Please enter a number of {_number_text(high or 0)}{suffix} or less."


def _check_number(q: Question, value: object, language: str) -> str | None:
    unit_label = tr(q.unit, language)
    low, high = q.min, q.max
    if q.units:
        if not isinstance(value, dict):
            return "Please enter a number and pick a unit."
        unit = next((u for u in q.units if u.id == value.get("unit")), None)
        if unit is None:
            return "Please pick one of the units shown."
        low, high, unit_label = unit.min, unit.max, tr(unit.label, language)
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "Please enter a number."
    if q.integer and value != int(value):
        return "Please enter a whole number."
    if (low is not None and value < low) or (high is not None and value > high):
        return _range_message(low, high, unit_label)
    return None


def _check_date(q: Question, value: object, today: dt.date) -> str | None:
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        return "Please enter a date like 2024-03-31."
    earliest, latest = resolve_date(q.min_date, today), resolve_date(q.max_date, today)
    if earliest and day < earliest:
        return (
            "That date is too far in the past, so please check it."
            if q.min_date != "today"
            else "Please enter today's date or a later one."
        )
    if latest and day > latest:
        return (
            "That date is in the future, so please check it."
            if q.max_date == "today"
            else f"Please enter a date on or before {latest.isoformat()}."
        )
    return None


def _check_list(q: Question, value: object) -> str | None:
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        return "Please fill in the rows of this list."
    if len(value) > rows_limit(q):
        return f"This list can hold up to {rows_limit(q)} rows."
    known = {f.id: f for f in q.fields}
    for number, row in enumerate(value, start=1):
        if not all(isinstance(k, str) and k in known and isinstance(v, str) for k, v in row.items()):
            return f"Row {number} has something this list does not ask for."
        if not any(v.strip() for v in row.values()):
            continue
        for f in q.fields:
            text = row.get(f.id, "")
            if f.required and not text.strip():
                return f"Row {number}: please fill in '{tr(f.label)}'."
            if len(text) > field_limit(f):
                return f"Row {number}: please keep '{tr(f.label)}' to {field_limit(f):,} characters or fewer."
    return None


def problem_with(q: Question, value: object, language: str = "en", today: dt.date | None = None) -> str | None:
    """One plain sentence saying what is wrong with this answer, or None when it is fine."""
    today = today or dt.date.today()
    if not is_answered(value):
        return "Please answer this question." if q.required else None
    kind = q.kind
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        if not isinstance(value, str):
            return "Please type your answer as text."
        if len(value) > text_limit(q):
            return f"Please keep this to {text_limit(q):,} characters or fewer (it has {len(value):,})."
        return None
    if kind is Kind.NUMBER:
        return _check_number(q, value, language)
    if kind is Kind.DATE:
        return _check_date(q, value, today)
    if kind in (Kind.SINGLE_CHOICE, Kind.YES_NO):
        if not isinstance(value, str) or q.option(value) is None:
            return "Please pick one of the answers shown."
        return None
    if kind is Kind.MULTIPLE_CHOICE:
        if not isinstance(value, list) or not all(isinstance(v, str) and q.option(v) for v in value):
            return "Please pick from the answers shown."
        if len(value) != len(set(value)):
            return "Each answer can be picked once."
        exclusive = [v for v in value if (o := q.option(v)) and o.exclusive]
        if exclusive and len(value) > 1:
            return f"'{tr(q.option(exclusive[0]).label, language)}' cannot be picked with other answers."  # type: ignore[union-attr]
        return None
    if kind is Kind.SCALE:
        low, high = q.min if q.min is not None else 0, q.max if q.max is not None else 10
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"Please pick a number from {_number_text(low)} to {_number_text(high)}."
        return None
    if kind is Kind.LIST:
        return _check_list(q, value)
    return "This question cannot be answered here."  # unreachable while Kind is exhaustive


def check(bank: Bank, intake: Intake, today: dt.date | None = None) -> list[Problem]:
    """Missing required answers and invalid values, for the questions shown given the other answers."""
    shown = shown_ids(bank, intake.answers)
    problems = []
    for q in bank.questions():
        if q.id not in shown:
            continue
        message = problem_with(q, intake.answers.get(q.id), intake.language, today)
        if message:
            problems.append(Problem(q.id, message))
    return problems
