"""Whole patients built from the bank itself, for tests and benchmarks: minimal, maximal, typical."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journey import sample_answer

from questions import Bank, Intake, Kind, Question, is_shown
from questions.scoring import item_score

Chooser = Callable[[Question], Any]


def build(bank: Bank, choose: Chooser) -> Intake:
    """Answer every question that is shown given the answers so far, in bank order."""
    answers: dict[str, Any] = {}
    for q in bank.questions():
        if is_shown(bank, q.id, answers):
            value = choose(q)
            if value is not None:
                answers[q.id] = value
    return Intake(bank_id=bank.id, bank_version=bank.version, answers=answers)


def _by_score(q: Question, highest: bool) -> str:
    scored = [(item_score(q, o.value), o.value) for o in q.options]
    if all(s is not None for s, _ in scored):
        return (max if highest else min)(scored)[1]  # type: ignore[type-var]
    return q.options[-1 if highest else 0].value


def minimal(q: Question) -> Any:
    """The lowest answer everywhere: scores at 0, 'No', smallest numbers, one word of text."""
    if q.kind is Kind.YES_NO:
        return "no"
    if q.kind is Kind.SINGLE_CHOICE:
        return _by_score(q, highest=False)
    if q.kind is Kind.MULTIPLE_CHOICE:
        exclusive = [o.value for o in q.options if o.exclusive]
        return exclusive[:1] or [q.options[0].value]
    if q.kind is Kind.SCALE:
        return int(q.min or 0)
    if q.kind is Kind.NUMBER and not q.units and q.min is not None:
        return int(q.min) if q.integer else q.min
    if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        return "None"
    return sample_answer(q)


def maximal(q: Question) -> Any:
    """The highest answer everywhere: every follow-up shown, scores at their maximum, every option picked."""
    if q.kind is Kind.YES_NO:
        return "yes"
    if q.kind is Kind.SINGLE_CHOICE:
        return _by_score(q, highest=True) if q.options[0].score is not None else q.options[0].value
    if q.kind is Kind.MULTIPLE_CHOICE:
        return [o.value for o in q.options if not o.exclusive]
    if q.kind is Kind.SCALE:
        return int(q.max if q.max is not None else 10)
    if q.kind is Kind.NUMBER and not q.units and q.max is not None:
        return int(q.max) if q.integer else q.max
    if q.kind is Kind.LIST:
        return [{f.id: f"{f.id} {n}" for f in q.fields} for n in range(1, min(q.max_rows, 12) + 1)]
    if q.kind is Kind.LONG_TEXT:
        return "Several sentences of my own words about this. " * 20
    return sample_answer(q)


def unsure(q: Question) -> Any:
    """'Not sure' where it can be said, the second option elsewhere: shows the follow-ups that 'yes' does not."""
    if q.kind is Kind.YES_NO:
        return "not_sure"
    if q.kind is Kind.SINGLE_CHOICE and len(q.options) > 1:
        return q.options[1].value
    return sample_answer(q)


def second_choices(q: Question) -> Any:
    """'Yes' to every yes / no, the second option of every single choice: more follow-ups."""
    if q.kind is Kind.YES_NO:
        return "yes"
    return unsure(q)
