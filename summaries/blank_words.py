"""The paper form's sentences about questions: their numbers, and each `show_if` spelled out in words."""

from __future__ import annotations

from collections.abc import Sequence

from questions import Bank, Condition, Question, tr
from questions.schema import Kind
from questions.words import DEFAULT_LANGUAGE, format_number, raw, say

__all__ = ["DATE_FORMAT", "either", "question_numbers", "quoted", "show_if_text"]

DATE_FORMAT = raw(DEFAULT_LANGUAGE, "paper.date_format")
"""How the form asks for dates: year, month, day (in English; the catalogue's `paper.date_format`)."""


def question_numbers(bank: Bank) -> dict[str, int]:
    """Each question's number on the form: 1, 2, 3 ... in the order the patient meets them."""
    return {q.id: number for number, q in enumerate(bank.questions(), start=1)}


def quoted(label: str) -> str:
    return f"\u201c{' '.join(label.split())}\u201d"


def either(words: Sequence[str], language: str) -> str:
    """'A', 'A or B', 'A, B or C'."""
    if len(words) == 1:
        return words[0]
    return say(language, "paper.either", items=", ".join(words[:-1]), last=words[-1])


def _answers_words(question: Question, values: Sequence[str], language: str) -> str:
    """The answers that make a condition hold, as the patient reads them; 'anything other than ...' when shorter."""
    chosen = set(values)
    choices = question.choices()
    labels = [quoted(tr(o.label, language)) for o in choices if o.value in chosen]
    labels += [quoted(v) for v in values if question.option(v) is None]  # a value no option has: as written
    rest = [quoted(tr(o.label, language)) for o in choices if o.value not in chosen]
    if len(values) >= 3 and rest and len(rest) < len(values):
        return say(language, "paper.anything_but", answers=either(rest, language))
    return either(labels, language)


def _numbers_words(numbers: Sequence[int], language: str) -> str:
    if len(numbers) == 1:
        return say(language, "paper.question_one", number=numbers[0])
    if len(numbers) == 2:
        return say(language, "paper.question_two", first=numbers[0], second=numbers[1])
    if list(numbers) == list(range(numbers[0], numbers[0] + len(numbers))):
        return say(language, "paper.questions_range", first=numbers[0], last=numbers[-1])
    return say(language, "paper.questions_any", numbers=either([str(n) for n in numbers], language))


def questions_span(first: int, last: int, language: str) -> str:
    """'questions 23 to 42': the questions a grid's shared condition is about."""
    return say(language, "paper.questions_span", first=first, last=last)


def show_if_text(
    bank: Bank,
    conditions: Sequence[Condition],
    numbers: dict[str, int],
    language: str = DEFAULT_LANGUAGE,
    *,
    asks: str = "",
) -> str:
    """A question's `show_if` in words: 'Answer only if you answered "Yes" to question 12.'

    Conditions on several questions with the same answers read as one ('... to any of questions 13 to 21').
    `asks` names the questions the sentence is about, for a grid: 'questions 23 to 42'.
    """
    groups: list[tuple[bool, str, list[int]]] = []  # (ticked, not answered; answers; question numbers)
    for condition in conditions:  # the loader checked that each names an earlier question and its options
        asked = bank.question(condition.question)
        if condition.at_least is not None:
            answers = say(language, "paper.at_least", number=format_number(condition.at_least, language))
        else:
            answers = _answers_words(asked, condition.any_of, language)
        ticked = asked.kind is Kind.MULTIPLE_CHOICE
        number = numbers[asked.id]
        if groups and groups[-1][:2] == (ticked, answers):
            groups[-1][2].append(number)
        else:
            groups.append((ticked, answers, [number]))
    said = ""
    for ticked, answers, group in groups:
        key = "paper.ticked" if ticked else "paper.answered"
        part = say(language, key, answers=answers, questions=_numbers_words(group, language))
        said = say(language, "paper.or", first=said, second=part) if said else part
    if asks:
        return say(language, "paper.only_if_asks", asks=asks, conditions=said)
    return say(language, "paper.only_if", conditions=said)
