"""The question bank's schema: pydantic models for sections, questions, options and conditions.

The bank is data (YAML files beside this module); these models are the one place that says what a
valid bank looks like. Each field carries a description so the schema documents itself.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from questions.words import marked

DEFAULT_LANGUAGE = "en"


def _as_translations(value: Any) -> Any:
    """Let a bank author write plain text for English, or a mapping of language code to text."""
    if isinstance(value, str):
        return {DEFAULT_LANGUAGE: value}
    return value


Text = Annotated[dict[str, str], BeforeValidator(_as_translations)]
"""Text a patient reads, per language code. Plain YAML text means English."""


def tr(text: dict[str, str] | None, language: str = DEFAULT_LANGUAGE) -> str:
    """The text in `language`, falling back to English, then to any language given (marked in the
    pseudo-language, like the catalogue's own texts: see questions.words)."""
    if not text:
        return ""
    return marked(language, text.get(language) or text.get(DEFAULT_LANGUAGE) or next(iter(text.values())))


class Kind(StrEnum):
    """What sort of answer a question takes."""

    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    SCALE = "scale"
    LIST = "list"


CHOICE_KINDS = frozenset({Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE})
TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})

YES_NO_VALUES = ("yes", "no", "not_sure")
"""The stored values of a yes / no / not sure answer."""

YES_NO_LABELS: dict[str, dict[str, str]] = {
    "yes": {"en": "Yes"},
    "no": {"en": "No"},
    "not_sure": {"en": "Not sure"},
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Coding(_Strict):
    """A code from a published terminology (e.g. LOINC) for an instrument, a question or an answer.

    Only for codes checked against a published source: the FHIR export (summaries/fhir.py) copies them as is.
    """

    system: str = Field(min_length=1, description="The code system's URI, e.g. 'http://loinc.org'.")
    code: str = Field(min_length=1, description="The code in that system, e.g. '44250-9'.")
    display: str | None = Field(default=None, description="The code's name in that system.")


class Option(_Strict):
    """One answer a patient can pick in a choice question."""

    value: str = Field(description="Stable id stored in the answers; never shown to the patient.")
    label: Text = Field(description="What the patient reads.")
    score: int | None = Field(default=None, description="Points for a scored instrument item.")
    exclusive: bool = Field(
        default=False, description="In a multiple choice, picking this clears the others (e.g. 'None')."
    )
    code: Coding | None = Field(default=None, description="A published answer code (e.g. LOINC LA6568-5).")

    @field_validator("value", mode="before")
    @classmethod
    def _value_as_text(cls, value: Any) -> Any:
        # YAML reads `yes`, `no` and `1` as bool / int; option values are always strings.
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, int | float):
            return str(value)
        return value


class Unit(_Strict):
    """A unit a number can be given in, with its own limits."""

    id: str = Field(description="Stable id stored in the answer, e.g. 'kg'.")
    label: Text = Field(description="What the patient reads, e.g. 'kg'.")
    min: float | None = None
    max: float | None = None


class Field_(_Strict):
    """One column of a repeatable list (a medication's name, dose, ...)."""

    id: str
    label: Text
    required: bool = False
    max_length: int = Field(default=300, description="Longest text accepted in this column.")


class Condition(_Strict):
    """Show a question only when an earlier answer is one of the given values.

    For a multiple choice, the condition holds when any of the values was picked.
    """

    question: str = Field(description="Id of an earlier question.")
    any_of: list[str] = Field(min_length=1, description="Values that make the condition hold.")

    @field_validator("any_of", mode="before")
    @classmethod
    def _values_as_text(cls, value: Any) -> Any:
        values = value if isinstance(value, list) else [value]
        return [Option._value_as_text(v) for v in values]


def _as_condition_list(value: Any) -> Any:
    if value is None or isinstance(value, list):
        return value
    return [value]


class Question(_Strict):
    """One question of the intake."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Stable id; answers are keyed by it.")
    kind: Kind
    label: Text = Field(description="The question as the patient reads it.")
    code: Coding | None = Field(default=None, description="A published code for the question (e.g. LOINC 44250-9).")
    help: Text | None = Field(default=None, description="A short hint under the question.")
    required: bool = False
    options: list[Option] = Field(default_factory=list, description="For choice questions.")
    unit: Text | None = Field(default=None, description="For a number without a unit choice.")
    units: list[Unit] = Field(
        default_factory=list, description="For a number the patient gives in a unit of their choice."
    )
    min: float | None = None
    max: float | None = None
    integer: bool = Field(default=False, description="For a number: whole numbers only.")
    min_date: str | None = Field(default=None, description="Earliest date: ISO date, or 'today'.")
    max_date: str | None = Field(default=None, description="Latest date: ISO date, or 'today'.")
    max_length: int | None = Field(default=None, description="Longest text accepted.")
    anchors: dict[int, Text] = Field(default_factory=dict, description="For a scale: labels of some points.")
    fields: list[Field_] = Field(default_factory=list, description="For a list: the columns of each row.")
    item_label: Text | None = Field(default=None, description="For a list: what one row is called.")
    max_rows: int = Field(default=100, description="For a list: most rows accepted.")
    show_if: Annotated[list[Condition] | None, BeforeValidator(_as_condition_list)] = Field(
        default=None, description="Shown only when any of these conditions holds."
    )
    review: Text | None = Field(
        default=None,
        description="The line for 'Answers your provider may want to review' when the answer is in review_when.",
    )
    review_when: list[str] = Field(
        default_factory=list, description="Answer values that put `review` on the first page."
    )
    safety_when: list[str] = Field(
        default_factory=list,
        description="Answer values that show the crisis panel at once and put a safety banner on page 1.",
    )

    @field_validator("review_when", "safety_when", mode="before")
    @classmethod
    def _review_values_as_text(cls, value: Any) -> Any:
        return Condition._values_as_text(value)

    def option(self, value: str) -> Option | None:
        """The option with this stored value, if any."""
        return next((o for o in self.choices() if o.value == value), None)

    def choices(self) -> list[Option]:
        """The options a patient picks from (yes / no / not sure built in)."""
        if self.kind is Kind.YES_NO:
            return [Option(value=v, label=YES_NO_LABELS[v]) for v in YES_NO_VALUES]
        return self.options


class Section(_Strict):
    """A step of the intake: a titled group of questions."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    intro: Text | None = None
    questions: list[Question] = Field(default_factory=list)


class Reference(_Strict):
    """Where an instrument comes from and whether it may be reused."""

    citation: str = Field(description="The published source in full (authors, year, journal, volume:page).")
    short: str = Field(description="The short form printed after a score, e.g. 'Kroenke 2001'.")
    reuse: str = Field(description="Whether and how it may be reused, e.g. 'free, no permission needed'.")


class Band(_Strict):
    """A published score range with its label (e.g. 10-14 'moderate'), both ends included."""

    low: float
    high: float
    label: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.low > self.high:
            raise ValueError(f"band '{self.label}': low ({self.low:g}) is greater than high ({self.high:g})")
        return self


class Cutoff(_Strict):
    """A published positive-screen rule: a total of `at_least` or more.

    A rule with `when` holds for some patients only (AUDIT-C: 4 or more for men, 3 or more for women). When
    no conditional rule's `when` holds (the answer is missing or is neither), every rule is reported.
    """

    at_least: float = Field(description="A total at or above this is a positive screen.")
    applies_to: str | None = Field(default=None, description="Whom the rule is for, in words: 'men', 'women'.")
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


class Instrument(_Strict):
    """A validated questionnaire, scored from the bank's data by the published rule.

    The loader checks it against the bank: every item exists and is scored (a single choice with a score
    on each option, a scale, or a whole number), and the bands cover the possible totals without gaps.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, description="As printed, e.g. 'PHQ-9'.")
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
    total_text: str = Field(
        default="{name} total {total} of {max}.",
        description="First sentence of a complete score; may use {name}, {total} and {max}.",
    )
    note: str | None = Field(
        default=None, description="A sentence printed after the score (e.g. a cut-off that is not a rule)."
    )
    source: Reference

    @field_validator("total_text")
    @classmethod
    def _known_fields(cls, value: str) -> str:
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

    def has_question(self, question_id: str) -> bool:
        """Whether the bank asks a question with this id."""
        return question_id in self._by_id

    def section_of(self, question_id: str) -> Section:
        """The section that asks this question."""
        return next(s for s in self.sections if any(q.id == question_id for q in s.questions))
