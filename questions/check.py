"""Which questions are shown given the answers so far, and what is wrong with the answers given.

What is wrong with one answer is the question's kind's to say (questions/kinds/); this module adds the rule
every kind shares (a required question needs an answer) and walks the bank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from questions.intake import Intake, is_answered
from questions.kinds.base import QuestionBase
from questions.kinds.date import resolve_date
from questions.kinds.lists import Field_, ListOfRows
from questions.kinds.text import LongText, ShortText
from questions.schema import Bank
from questions.words import say

__all__ = [
    "Problem",
    "check",
    "field_limit",
    "is_shown",
    "problem_with",
    "resolve_date",
    "rows_limit",
    "shown_ids",
    "shows",
    "text_limit",
]


@dataclass(frozen=True)
class Problem:
    """Something a patient needs to fix: which question, and one plain sentence saying what."""

    question_id: str
    message: str


def shows(question: QuestionBase, shown: set[str], answers: Mapping[str, object]) -> bool:
    """Whether `question` is shown, given the earlier questions `shown` and the answers.

    Conditions only look back, so a caller walking the bank in order (the step, as the patient answers)
    settles each question from what it has already settled, without going over the bank again.
    """
    return question.show_if is None or any(
        c.question in shown and c.holds(answers.get(c.question)) for c in question.show_if
    )


def shown_ids(bank: Bank, answers: Mapping[str, object]) -> set[str]:
    """Ids of the questions shown given these answers.

    A condition on a hidden question never holds, so hiding cascades down a chain of conditions.
    Conditions may only look back, so one pass in bank order settles every question.
    """
    shown: set[str] = set()
    for question in bank.questions():
        if shows(question, shown, answers):
            shown.add(question.id)
    return shown


def is_shown(bank: Bank, question_id: str, answers: Mapping[str, object]) -> bool:
    """Whether this question is shown given these answers."""
    return question_id in shown_ids(bank, answers)


def text_limit(q: QuestionBase) -> int:
    """Longest answer accepted by a text question: its max_length, never above the ceiling in questions/limits.py."""
    if not isinstance(q, ShortText | LongText):
        raise TypeError(f"question '{q.id}' is a {q.kind.value} question, not a text question")
    return q.limit()


def field_limit(f: Field_) -> int:
    """Longest text accepted in a list's column (one line, so never above MAX_SHORT_TEXT)."""
    return f.limit()


def rows_limit(q: QuestionBase) -> int:
    """Most rows accepted in a list (never above MAX_LIST_ROWS)."""
    if not isinstance(q, ListOfRows):
        raise TypeError(f"question '{q.id}' is a {q.kind.value} question, not a list")
    return q.rows_limit()


def problem_with(q: QuestionBase, value: object, language: str = "en", today: dt.date | None = None) -> str | None:
    """One plain sentence saying what is wrong with this answer, or None when it is fine."""
    if not is_answered(value):
        return say(language, "check.required") if q.required else None
    return q.problem(value, language, today or dt.date.today())


def check(
    bank: Bank, intake: Intake, today: dt.date | None = None, shown: Iterable[str] | None = None
) -> list[Problem]:
    """Missing required answers and invalid values, for the questions shown given the other answers.

    `shown`: the shown question ids when the caller has them already (one derivation computes them once).
    """
    visible = set(shown) if shown is not None else shown_ids(bank, intake.answers)
    problems = []
    for q in bank.questions():
        if q.id not in visible:
            continue
        message = problem_with(q, intake.answers.get(q.id), intake.language, today)
        if message:
            problems.append(Problem(q.id, message))
    return problems
