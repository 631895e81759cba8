"""Whole patients built from the bank itself, for tests and benchmarks: minimal, maximal, typical."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from questions import Bank, Intake, Kind, Question, is_shown
from questions.scoring import item_score
from samples.answers import sample_answer

__all__ = [
    "TYPICAL_ANSWERS",
    "Chooser",
    "answer_shown",
    "build",
    "maximal",
    "maximal_long",
    "minimal",
    "second_choices",
    "typical",
    "unsure",
]

Chooser = Callable[[Question], Any]


def answer_shown(bank: Bank, choose: Chooser, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Answers to every question that is shown given the answers so far, in bank order: `given` ones as they
    are, `choose(question)` for the rest (None leaves a question unanswered). Conditions only look back, so
    one pass answers every follow-up the answers open."""
    answers: dict[str, Any] = dict(given or {})
    for q in bank.questions():
        if q.id not in answers and is_shown(bank, q.id, answers):
            value = choose(q)
            if value is not None:
                answers[q.id] = value
    return answers


def build(bank: Bank, choose: Chooser, given: Mapping[str, Any] | None = None) -> Intake:
    """An Intake of `answer_shown(bank, choose, given)`."""
    return Intake(bank_id=bank.id, bank_version=bank.version, answers=answer_shown(bank, choose, given))


def _by_score(q: Question, highest: bool) -> str:
    scored = [(item_score(q, o.value), o.value) for o in q.choices()]
    if all(s is not None for s, _ in scored):
        return (max if highest else min)(scored)[1]  # type: ignore[type-var]
    return q.choices()[-1 if highest else 0].value


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


TYPICAL_ANSWERS: dict[str, Any] = {
    "full_name": "Jordan Ellis",
    "preferred_name": "Jo",
    "pronouns": "they/them",
    "date_of_birth": "1988-04-12",
    "phone": "555-0134",
    "email": "jo.ellis@example.org",
    "concerns": ["depression", "treatment_resistant_depression", "anxiety"],
    "concerns_duration": "over_5_years",
    "concerns_own_words": (
        "I have felt low most days for years. Two antidepressants helped a little at first, then stopped "
        "working. I want to feel like myself again at work and with my kids."
    ),
    **{f"phq9_{n}": "more_than_half_the_days" for n in (1, 3, 4, 6)},
    **{f"phq9_{n}": "nearly_every_day" for n in (2, 5)},
    **{f"phq9_{n}": "several_days" for n in (7, 8)},
    "phq9_9": "not_at_all",
    "phq9_difficulty": "somewhat_difficult",
    **{f"asq_{n}": "no" for n in range(1, 5)},
    **{f"gad7_{n}": "several_days" for n in range(1, 8)},
    "height": {"value": 170, "unit": "cm"},
    "weight": {"value": 72, "unit": "kg"},
    "takes_medicines": "yes",
    "medication_list": [
        {"name": "Sertraline", "dose": "100 mg", "how_often": "once a day", "since_when": "March 2022"},
        {"name": "Lorazepam", "dose": "0.5 mg", "how_often": "when needed", "since_when": "2023"},
        {"name": "Lisinopril", "dose": "10 mg", "how_often": "once a day", "since_when": "2021"},
    ],
    "medicine_classes": ["benzodiazepines_or_sleep", "antidepressants", "blood_pressure"],
    "sex_at_birth": "female",
    "audit_c_1": "monthly_or_less",
    "audit_c_2": "1_or_2",
    "audit_c_3": "never",
    "drug_use_past_year": 0,
    "ride_home": "yes",
    "hoped_changes": "To get out of bed without dread, and to enjoy time with my kids.",
    "questions_for_provider": "How soon would I notice a change? Can I keep taking lorazepam?",
}
"""A realistic patient: moderately severe PHQ-9, mild GAD-7, three medicines, no on most history items."""


def typical(bank: Bank) -> Intake:
    """The typical patient: TYPICAL_ANSWERS where shown, 'No' to other yes / no questions, the rest blank."""

    def choose(q: Question) -> Any:
        if q.id in TYPICAL_ANSWERS:
            return TYPICAL_ANSWERS[q.id]
        return "no" if q.kind is Kind.YES_NO else None

    return build(bank, choose)


def maximal_long(bank: Bank) -> Intake:
    """The maximal patient, with 60 medicines and a 20,000-character answer."""
    intake = build(bank, maximal)
    answers = dict(intake.answers)
    answers["medication_list"] = [
        {"name": f"Medicine {n}", "dose": f"{n} mg", "how_often": "twice a day", "since_when": "2020"}
        for n in range(1, 61)
    ]
    answers["concerns_own_words"] = ("This is a long answer in my own words. " * 600)[:20_000]
    return intake.model_copy(update={"answers": answers})
