"""The safety net beyond single answers: the ASQ result by its published rule, self-harm questions left
unanswered or declined, and a past attempt whose timing is not given (a safety answer too).

Everything comes from the bank (`screens` and `self_harm` in instruments.yaml); no question id is known here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from questions.check import shown_ids
from questions.intake import Intake, is_answered
from questions.schema import Bank, Screen, tr
from questions.words import say


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SafetyGap(_Frozen):
    """A self-harm question the patient saw and left unanswered or declined."""

    question_id: str
    name: str = Field(description="How page 1 names it (bank `self_harm`).")
    declined: str | None = Field(description="The declining answer in words; None when left unanswered.")
    text: str = Field(description="The page-1 line: 'PHQ-9 item 9, ..., was not answered.'")


class ScreenOutcome(_Frozen):
    """A screen's result in its published terms, with what the patient answered."""

    screen_id: str
    name: str
    result: str | None = Field(description="The published term ('non-acute positive screen'); None: no result.")
    result_key: str | None = Field(description="negative, positive, non_acute or acute; None: no result.")
    answered: int
    items: int
    answers: list[tuple[str, str]] = Field(description="(question, answer in words) of each item answered.")
    acuity_missing: bool = Field(description="Positive, and the acuity question was shown but not answered.")
    rule: str
    citation: str
    short_citation: str


def _answer_words(bank: Bank, qid: str, value: object, language: str) -> str:
    option = bank.question(qid).option(value) if isinstance(value, str) else None
    return tr(option.label, language) if option else str(value)


def screen_outcome(
    bank: Bank, screen: Screen, intake: Intake, shown: set[str] | None = None, language: str | None = None
) -> ScreenOutcome:
    """The screen's result by its published rule: any positive item, or a refusal, is a positive screen;
    the acuity item makes it acute or non-acute. With no positive item and an item unanswered, no result."""
    answers, language = intake.answers, language or intake.language
    shown = shown_ids(bank, answers) if shown is None else shown
    values = {qid: answers.get(qid) for qid in screen.items if qid in shown}
    given = {qid: v for qid, v in values.items() if is_answered(v)}
    positive = any(v in screen.positive_when for v in given.values())
    refused = any(v in screen.declined for v in given.values())
    acuity = screen.acuity_item
    acuity_value = answers.get(acuity) if acuity and acuity in shown else None
    key: str | None
    if positive and acuity and is_answered(acuity_value) and acuity_value not in screen.declined:
        key = "acute" if acuity_value in screen.acute_when else "non_acute"
    elif positive or refused:
        key = "positive"
    elif len(given) == len(screen.items):
        key = "negative"
    else:
        key = None
    listed = [(tr(bank.question(q).label, language), _answer_words(bank, q, v, language)) for q, v in given.items()]
    if acuity and is_answered(acuity_value):
        listed.append((tr(bank.question(acuity).label, language), _answer_words(bank, acuity, acuity_value, language)))
    return ScreenOutcome(
        screen_id=screen.id,
        name=tr(screen.name, language),
        result=tr(screen.results[key], language) if key else None,
        result_key=key,
        answered=len(given),
        items=len(screen.items),
        answers=listed,
        acuity_missing=bool(positive and acuity and acuity in shown and not is_answered(acuity_value)),
        rule=tr(screen.rule, language),
        citation=tr(screen.source.citation, language),
        short_citation=screen.source.short,
    )


def screen_outcomes(
    bank: Bank, intake: Intake, shown: set[str] | None = None, language: str | None = None
) -> list[ScreenOutcome]:
    """Every screen's outcome, in bank order (`shown`: the shown question ids, if worked out already), in
    `language` (default: the one the patient answered in)."""
    shown = shown_ids(bank, intake.answers) if shown is None else shown
    return [screen_outcome(bank, s, intake, shown, language) for s in bank.screens]


def safety_gaps(
    bank: Bank, intake: Intake, shown: set[str] | None = None, language: str | None = None
) -> list[SafetyGap]:
    """Each self-harm question shown and left unanswered or declined, in bank order, with its page-1 line."""
    answers, language = intake.answers, language or intake.language
    shown = shown_ids(bank, answers) if shown is None else shown
    order = {q.id: n for n, q in enumerate(bank.questions())}
    gaps = []
    for entry in sorted(bank.self_harm, key=lambda e: order.get(e.question, 0)):
        if entry.question not in shown:
            continue
        value = answers.get(entry.question)
        name = tr(entry.name, language)
        if not is_answered(value):
            text = say(language, "safety.gap_not_answered", name=name)
            gaps.append(SafetyGap(question_id=entry.question, name=name, declined=None, text=text))
        elif value in entry.declined:
            words = _answer_words(bank, entry.question, value, language)
            text = say(language, "safety.gap_declined", name=name, answer=words)
            gaps.append(SafetyGap(question_id=entry.question, name=name, declined=words, text=text))
    return gaps


def unknown_safety(
    bank: Bank, intake: Intake, shown: set[str] | None = None, language: str | None = None
) -> list[tuple[str, str]]:
    """(question id, answer in words) of self-harm questions that count as a safety answer when left
    unanswered or declined (a past attempt's timing), shown and so left; declines the question's own
    `safety_when` already flags are left to it."""
    answers, language = intake.answers, language or intake.language
    shown = shown_ids(bank, answers) if shown is None else shown
    found = []
    for entry in bank.self_harm:
        if not entry.unknown_is_safety or entry.question not in shown:
            continue
        value = answers.get(entry.question)
        if not is_answered(value):
            found.append((entry.question, say(language, "safety.not_answered")))
        elif value in entry.declined and value not in bank.question(entry.question).safety_when:
            found.append((entry.question, _answer_words(bank, entry.question, value, language)))
    return found


def outcome_lines(outcomes: list[ScreenOutcome], language: str) -> list[str]:
    """The ASQ block's sentences: result in the published terms (or how many were answered), the acuity
    question if left, what the patient answered, and that the patient answered on their own."""
    lines: list[str] = []
    for outcome in outcomes:
        if outcome.answered == 0 and outcome.result is None:
            continue
        if outcome.result is None:
            lines.append(
                say(
                    language,
                    "safety.asq_no_result",
                    answered=outcome.answered,
                    items=outcome.items,
                    short=outcome.short_citation,
                )
            )
        else:
            lines.append(
                say(language, "safety.asq_line", result=outcome.result, short=outcome.short_citation, rule=outcome.rule)
            )
        if outcome.acuity_missing:
            lines.append(say(language, "safety.asq_acuity_missing"))
        if outcome.answers:
            answers = "; ".join(f"{question} {answer}" for question, answer in outcome.answers)
            lines.append(say(language, "safety.asq_answers", answers=answers))
        lines.append(say(language, "safety.asq_own"))
    return lines
