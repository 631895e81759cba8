"""The question bank's schema: pydantic models for sections, questions, options and conditions.

The bank is data (YAML files beside this module); these models are the one place that says what a
valid bank looks like. Each field carries a description so the schema documents itself. A question's own
settings depend on its kind: each kind is defined in its module under questions/kinds/.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import Field, PrivateAttr, field_validator, model_validator

from questions.kinds import KINDS, Kind, Question, UnknownKind, lookup
from questions.kinds.base import (
    DEFAULT_LANGUAGE,
    Coding,
    Condition,
    Option,
    QuestionBase,
    Strict,
    Text,
    Words,
    as_text,
    tr,
)
from questions.kinds.choice import YES_NO_VALUES
from questions.kinds.lists import Field_
from questions.kinds.number import Unit

__all__ = [
    "DEFAULT_LANGUAGE",
    "KINDS",
    "YES_NO_VALUES",
    "Band",
    "Bank",
    "Coding",
    "Condition",
    "Cutoff",
    "Field_",
    "Instrument",
    "Kind",
    "Option",
    "Question",
    "QuestionBase",
    "Reference",
    "SafetyItem",
    "Section",
    "Text",
    "Unit",
    "UnknownKind",
    "Words",
    "lookup",
    "tr",
]

_Strict = Strict
Q = TypeVar("Q", bound=QuestionBase)


class Section(_Strict):
    """A step of the intake: a titled group of questions."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    intro: Text | None = None
    questions: list[Question] = Field(default_factory=list)


class Reference(_Strict):
    """Where an instrument comes from and whether it may be reused."""

    citation: Text = Field(
        description="The published source in full (authors, year, journal, volume:page); per language, so the "
        "Spanish one can name the Spanish version's source too."
    )
    short: str = Field(
        description="The short form printed after a score, e.g. 'Kroenke 2001' (the same in every language)."
    )
    reuse: Text = Field(description="Whether and how it may be reused, e.g. 'free, no permission needed'.")


class Band(_Strict):
    """A published score range with its label (e.g. 10-14 'moderate'), both ends included."""

    low: float
    high: float
    label: Text = Field(min_length=1, description="The published label ('moderate'), per language.")

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.low > self.high:
            raise ValueError(f"band '{tr(self.label)}': low ({self.low:g}) is greater than high ({self.high:g})")
        return self


class Cutoff(_Strict):
    """A published positive-screen rule: a total of `at_least` or more.

    A rule with `when` holds for some patients only (AUDIT-C: 4 or more for men, 3 or more for women). When
    no conditional rule's `when` holds (the answer is missing or is neither), every rule is reported.
    """

    at_least: float = Field(description="A total at or above this is a positive screen.")
    applies_to: Text | None = Field(default=None, description="Whom the rule is for, in words: 'men', 'women'.")
    when: Condition | None = Field(default=None, description="The answer that makes this the rule that applies.")

    @model_validator(mode="after")
    def _both_or_neither(self) -> Cutoff:
        if (self.when is None) != (self.applies_to is None):
            raise ValueError("a cut-off needs both `when` and `applies_to`, or neither")
        return self


class SafetyItem(_Strict):
    """An item whose answer shows the crisis panel and flags page 1 of the PDF."""

    item: str = Field(description="Question id of the item (one of the instrument's items).")
    above: float = Field(default=0, description="An item score above this is a safety alert.")


TOTAL_TEXT_FIELDS = frozenset({"name", "total", "max"})
"""The placeholders `Instrument.total_text` may use."""


def _check_unconfirmed(validated_in: list[str], unconfirmed_in: list[str]) -> None:
    """An unconfirmed wording is a published version's: its language must be validated too."""
    stray = sorted(set(unconfirmed_in) - set(validated_in))
    if stray:
        raise ValueError(f"unconfirmed_in names {', '.join(stray)}, which validated_in does not")


def _check_template(value: str) -> None:
    """A total_text template uses only {name}, {total} and {max}; otherwise one plain sentence says why."""
    import string

    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
    except ValueError as error:
        raise ValueError(f"total_text is not a valid template ({error})") from None
    unknown = sorted(fields - TOTAL_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"total_text may use {{name}}, {{total}} and {{max}}, not {{{unknown[0]}}}")
    try:
        value.format(name="", total="", max="")
    except (ValueError, IndexError, KeyError) as error:
        raise ValueError(f"total_text is not a valid template ({error})") from None


class Instrument(_Strict):
    """A validated questionnaire, scored from the bank's data by the published rule.

    The loader checks it against the bank: every item exists and is scored (a single choice with a score
    on each option, a scale, or a whole number), and the bands cover the possible totals without gaps.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text = Field(min_length=1, description="As printed, e.g. 'PHQ-9' (per language).")
    validated_in: list[str] = Field(
        default_factory=lambda: [DEFAULT_LANGUAGE],
        description="Languages whose wording is a published, validated version; in any other language the "
        "summary marks the instrument as a translation that is not validated.",
    )
    unconfirmed_in: list[str] = Field(
        default_factory=list,
        description="Languages of `validated_in` whose wording follows the published version but was not yet "
        "checked word for word against the publisher's form (docs/spanish-instruments.md); the summary says so.",
    )
    about: Text | None = Field(
        default=None, description="What its questions are about, in the patient's words ('mood'): the review step."
    )
    code: Coding | None = Field(default=None, description="A published code for the whole instrument (a LOINC panel).")
    total_code: Coding | None = Field(default=None, description="A published code for its total (a LOINC score).")
    items: list[str] = Field(min_length=1, description="Question ids of the scored items, in order.")
    unscored_items: list[str] = Field(
        default_factory=list, description="Question ids asked with the instrument but not in its total."
    )
    scoring: str = Field(pattern=r"^(sum|mean)$", description="The total is the sum, or the mean, of the item scores.")
    decimals: int = Field(default=0, ge=0, le=3, description="Decimals the total is rounded to and shown with.")
    skipped_item_score: int | None = Field(
        default=None,
        description="Score of an item its show_if hides, when the published form says to skip it "
        "(AUDIT-C: 'Never' to item 1 skips items 2 and 3, which then score 0). Unset: a hidden item is missing.",
    )
    bands: list[Band] = Field(default_factory=list, description="Published ranges, lowest first, with no gaps.")
    cutoffs: list[Cutoff] = Field(default_factory=list, description="Published positive-screen rules.")
    safety: list[SafetyItem] = Field(default_factory=list, description="Items that raise a safety alert.")
    cutoff_range: Band | None = Field(
        default=None,
        description="A published provisional cut-off given as a range (PCL-5: 31-33): page 1 says whether the "
        "total is below, within, or at or above it. `label` names the source.",
    )
    total_text: Text | None = Field(
        default=None,
        description="First sentence of a complete score, per language; may use {name}, {total} and {max}. "
        "Unset: the words catalogue's 'scores.total' ('PHQ-9 total 17 of 27.').",
    )
    note: Text | None = Field(
        default=None, description="A sentence printed after the score (e.g. a cut-off that is not a rule)."
    )
    source: Reference

    @model_validator(mode="after")
    def _unconfirmed_validated(self) -> Instrument:
        _check_unconfirmed(self.validated_in, self.unconfirmed_in)
        return self

    @field_validator("total_text")
    @classmethod
    def _known_fields(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        for text in (value or {}).values():
            _check_template(text)
        return value


class Screen(_Strict):
    """A validated yes / no screen with a published rule (the ASQ), not a summed score.

    A yes (`positive_when`) to any item, or a refusal (`declined`), is a positive screen; the acuity item,
    asked after a yes, makes it acute (`acute_when`) or non-acute. `results` are the published terms.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text = Field(min_length=1, description="As printed, e.g. 'ASQ' (per language).")
    validated_in: list[str] = Field(
        default_factory=lambda: [DEFAULT_LANGUAGE],
        description="Languages whose wording is a published, validated version.",
    )
    unconfirmed_in: list[str] = Field(
        default_factory=list,
        description="Languages of `validated_in` whose wording was not yet checked word for word against the "
        "publisher's form; the summary says so.",
    )
    items: list[str] = Field(min_length=1, description="Question ids of the screening items, in order.")
    positive_when: list[str] = Field(min_length=1, description="Item answers that make the screen positive.")
    declined: list[str] = Field(default_factory=list, description="Item answers that record a refusal to answer.")
    acuity_item: str | None = Field(default=None, description="The question asked after a positive item.")
    acute_when: list[str] = Field(default_factory=list, description="Acuity answers that make it an acute positive.")
    results: dict[str, Text] = Field(
        description="The published terms: negative, positive, non_acute, acute (e.g. 'non-acute positive screen')."
    )
    rule: Text = Field(description="The published rule in one or two sentences, printed with the result.")
    source: Reference

    @model_validator(mode="after")
    def _all_terms(self) -> Screen:
        _check_unconfirmed(self.validated_in, self.unconfirmed_in)
        missing = sorted({"negative", "positive", "non_acute", "acute"} - set(self.results))
        if missing:
            raise ValueError(f"results needs the published term for {', '.join(missing)}")
        return self


def wording_in(asked: Instrument | Screen, language: str) -> str:
    """How an instrument's or screen's wording in `language` stands: 'published' (a validated version, checked),
    'unconfirmed' (a validated version not yet checked word for word: `unconfirmed_in`) or 'not_validated' (a
    plain translation)."""
    if language not in asked.validated_in:
        return "not_validated"
    return "unconfirmed" if language in asked.unconfirmed_in else "published"


class SelfHarmQuestion(_Strict):
    """A self-harm question of the safety net: page 1 names it when it is left unanswered or declined."""

    question: str = Field(description="Question id.")
    name: Text = Field(min_length=1, description="How page 1 names it: 'PHQ-9 item 9, thoughts of ...'.")
    declined: list[str] = Field(default_factory=list, description="Answers that decline it ('rather not say').")
    unknown_is_safety: bool = Field(
        default=False,
        description="Left unanswered or declined, it counts as a safety answer (a past attempt's timing).",
    )


class CarryOver(_Strict):
    """An answer to a question an earlier bank version asked, moved to the question that asks it now."""

    source: str = Field(description="Id of the question the earlier version asked.")
    to: str = Field(description="Id of the question that asks it now.")
    values: dict[str, str] = Field(
        description="Earlier answer -> answer now; for a multiple choice, the option added to the answer."
    )
    why: Text = Field(description="One plain sentence for the patient, shown when the answer is moved.")

    @field_validator("values", mode="before")
    @classmethod
    def _values_as_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {as_text(k): as_text(v) for k, v in value.items()}
        return value


class Bank(_Strict):
    """The whole question bank: its id, version, languages, sections and instruments."""

    id: str
    version: str
    languages: list[str] = Field(default_factory=lambda: [DEFAULT_LANGUAGE])
    title: Text
    name_question: str = Field(description="Id of the question asking the patient's full name.")
    birth_date_question: str = Field(description="Id of the question asking the date of birth.")
    sections: list[Section]
    instruments: list[Instrument] = Field(default_factory=list)
    screens: list[Screen] = Field(default_factory=list, description="Yes / no screens with a published rule (ASQ).")
    self_harm: list[SelfHarmQuestion] = Field(
        default_factory=list, description="The self-harm questions: each unanswered or declined one is named on page 1."
    )
    carry_over: list[CarryOver] = Field(
        default_factory=list, description="Answers to questions of an earlier version that now live elsewhere."
    )
    _by_id: dict[str, Question] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _index(self) -> Bank:
        self._by_id = {q.id: q for s in self.sections for q in s.questions}
        return self

    def questions(self) -> list[Question]:
        """Every question, in the order the patient meets them."""
        return [q for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError when there is none)."""
        return self._by_id[question_id]

    def question_as(self, question_id: str, model: type[Q]) -> Q:
        """The question with this id as its kind's model (`bank.question_as("weight", Number)`); TypeError when
        it is of another kind, so code that relies on a kind's settings says so and is checked."""
        question = self.question(question_id)
        if not isinstance(question, model):
            raise TypeError(f"question '{question_id}' is a {question.kind.value} question, not {model.__name__}")
        return question

    def has_question(self, question_id: str) -> bool:
        """Whether the bank asks a question with this id."""
        return question_id in self._by_id

    def section_of(self, question_id: str) -> Section:
        """The section that asks this question."""
        return next(s for s in self.sections if any(q.id == question_id for q in s.questions))
