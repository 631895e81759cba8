"""The paper form's sentences about questions: their numbers, and each `show_if` spelled out in words."""

from __future__ import annotations

from collections.abc import Sequence

from questions import Bank, Condition, Question, tr
from questions.schema import Kind

__all__ = ["DATE_FORMAT", "either", "question_numbers", "quoted", "show_if_text"]

DATE_FORMAT = "YYYY / MM / DD"
"""How the form asks for dates: year, month, day."""


def question_numbers(bank: Bank) -> dict[str, int]:
    """Each question's number on the form: 1, 2, 3 ... in the order the patient meets them."""
    return {q.id: number for number, q in enumerate(bank.questions(), start=1)}


def quoted(label: str) -> str:
    return f"\u201c{' '.join(label.split())}\u201d"


def either(words: Sequence[str]) -> str:
    """'A', 'A or B', 'A, B or C'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _answers_words(question: Question, values: Sequence[str], language: str) -> str:
    """The answers that make a condition hold, as the patient reads them; 'anything other than ...' when shorter."""
    chosen = set(values)
    choices = question.choices()
    labels = [quoted(tr(o.label, language)) for o in choices if o.value in chosen]
    labels += [quoted(v) for v in values if question.option(v) is None]  # a value no option has: as written
    rest = [quoted(tr(o.label, language)) for o in choices if o.value not in chosen]
    if len(values) >= 3 and rest and len(rest) < len(values):
        return f"anything other than {either(rest)}"
    return either(labels)


def _numbers_words(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    if len(numbers) == 2:
        return f"question {numbers[0]} or {numbers[1]}"
    if list(numbers) == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"any of questions {numbers[0]} to {numbers[-1]}"
    return f"any of questions {either([str(n) for n in numbers])}"


def show_if_text(
    bank: Bank, conditions: Sequence[Condition], numbers: dict[str, int], language: str = "en", *, asks: str = ""
) -> str:
    """A question's `show_if` in words: 'Answer only if you answered "Yes" to question 12.'

    Conditions on several questions with the same answers read as one ('... to any of questions 13 to 21').
    `asks` names the questions the sentence is about, for a grid: 'questions 23 to 42'.
    """
    groups: list[tuple[str, str, list[int]]] = []  # (verb, answers, question numbers)
    for condition in conditions:  # the loader checked that each names an earlier question and its options
        asked = bank.question(condition.question)
        answers = _answers_words(asked, condition.any_of, language)
        verb = "ticked" if asked.kind is Kind.MULTIPLE_CHOICE else "answered"
        number = numbers[asked.id]
        if groups and groups[-1][:2] == (verb, answers):
            groups[-1][2].append(number)
        else:
            groups.append((verb, answers, [number]))
    parts = []
    for verb, answers, group in groups:
        where = "in" if verb == "ticked" else "to"
        parts.append(f"{verb} {answers} {where} {_numbers_words(group)}")
    subject = f"Answer {asks} only if" if asks else "Answer only if"
    return f"{subject} you {' or '.join(parts)}."
