"""What every question kind shares: the bank's common settings, small value models, and the kind contract.

A kind's module subclasses `QuestionBase` with `kind: Literal[Kind.X]` and its own settings, checks those
settings when the bank loads (pydantic validators that raise one plain sentence), and fills in the contract:
`problem` (what is wrong with an answer), `words` (the answer in words) and `sample` (a valid answer for
tests). Everything here is bank data or pure functions: no patient data is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from questions.intake import is_answered
from questions.kinds import Kind
from questions.words import marked

DEFAULT_LANGUAGE = "en"


def as_translations(value: Any) -> Any:
    """Let a bank author write plain text for English, or a mapping of language code to text."""
    if isinstance(value, str):
        return {DEFAULT_LANGUAGE: value}
    return value


Text = Annotated[dict[str, str], BeforeValidator(as_translations)]
"""Text a patient reads, per language code. Plain YAML text means English."""


def tr(text: dict[str, str] | None, language: str = DEFAULT_LANGUAGE) -> str:
    """The text in `language`, falling back to English, then to any language given (marked in the
    pseudo-language, like the catalogue's own texts: see questions.words)."""
    if not text:
        return ""
    return marked(language, text.get(language) or text.get(DEFAULT_LANGUAGE) or next(iter(text.values())))


def as_text(value: Any) -> Any:
    """A stored option value as text: YAML reads `yes`, `no` and `1` as bool / int."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    return value


class Strict(BaseModel):
    """Bank data: unknown settings are an error, and nothing changes once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Coding(Strict):
    """A code from a published terminology (e.g. LOINC) for an instrument, a question or an answer.

    Only for codes checked against a published source: the FHIR export (summaries/fhir.py) copies them as is.
    """

    system: str = Field(min_length=1, description="The code system's URI, e.g. 'http://loinc.org'.")
    code: str = Field(min_length=1, description="The code in that system, e.g. '44250-9'.")
    display: str | None = Field(default=None, description="The code's name in that system.")


class Option(Strict):
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
        return as_text(value)


class Condition(Strict):
    """Show a question only when an earlier answer is one of the given values, or a number at least as big.

    For a multiple choice, the condition holds when any of the values was picked. `at_least` is for an
    earlier number question ("how many times ..."): the condition holds for that number or more.
    """

    question: str = Field(description="Id of an earlier question.")
    any_of: list[str] = Field(default_factory=list, description="Values that make the condition hold.")
    at_least: float | None = Field(
        default=None, description="For an earlier number question: the condition holds for this number or more."
    )

    @field_validator("any_of", mode="before")
    @classmethod
    def _values_as_text(cls, value: Any) -> Any:
        values = value if isinstance(value, list) else [value]
        return [as_text(v) for v in values]

    @model_validator(mode="after")
    def _one_rule(self) -> Condition:
        if bool(self.any_of) == (self.at_least is not None):
            raise ValueError("a condition needs either `any_of` (answer values) or `at_least` (a number), not both")
        return self

    def holds(self, value: object) -> bool:
        """Whether this answer to the earlier question makes the condition hold."""
        if self.at_least is not None:
            return isinstance(value, int | float) and not isinstance(value, bool) and value >= self.at_least
        if isinstance(value, list):
            return any(isinstance(v, str) and v in self.any_of for v in value)
        return isinstance(value, str) and value in self.any_of


def _as_condition_list(value: Any) -> Any:
    if value is None or isinstance(value, list):
        return value
    return [value]


@dataclass(frozen=True)
class Words:
    """An answer in words: one line or paragraph, the picked labels of a multiple choice, or a list's table."""

    text: str
    choices: list[str] = field(default_factory=list)
    headers: list[str] | None = None
    rows: list[list[str]] | None = None


class QuestionBase(Strict):
    """The settings every question has, whatever its kind; a kind's module adds its own."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Stable id; answers are keyed by it.")
    kind: Kind
    label: Text = Field(description="The question as the patient reads it.")
    code: Coding | None = Field(default=None, description="A published code for the question (e.g. LOINC 44250-9).")
    help: Text | None = Field(default=None, description="A short hint under the question.")
    required: bool = False
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
    replaces: list[str] = Field(
        default_factory=list,
        description="Ids of questions an older version of the bank asked instead of this one; a saved file's "
        "answers to them carry over into this question (see the kind's `from_older`).",
    )

    @field_validator("review_when", "safety_when", mode="before")
    @classmethod
    def _review_values_as_text(cls, value: Any) -> Any:
        values = value if isinstance(value, list) else [value]
        return [as_text(v) for v in values]

    # --- the kind contract: each kind's module overrides what it needs -----------------------------------

    def choices(self) -> list[Option]:
        """The options a patient picks from (none for a kind without options)."""
        return []

    def option(self, value: object) -> Option | None:
        """The option with this stored value, if any."""
        return next((o for o in self.choices() if o.value == value), None)

    def hint(self, language: str) -> str:
        """The hint shown with the question (its help; a kind may add to it)."""
        return tr(self.help, language)

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        """One plain sentence saying what is wrong with an answer given (not blank), or None when it is fine."""
        raise NotImplementedError(f"kind '{self.kind}' has no problem()")

    def words(self, value: object, language: str) -> Words:
        """The answer in words (for the review, the PDF and the safety banner)."""
        raise NotImplementedError(f"kind '{self.kind}' has no words()")

    def sample(self) -> object:
        """A valid answer, for tests."""
        raise NotImplementedError(f"kind '{self.kind}' has no sample()")

    def score_range(self) -> tuple[float, float | None] | None:
        """Lowest and highest score as an instrument item (highest None when unbounded); None: not scorable."""
        return None

    def item_score(self, value: object) -> int | None:
        """The score of an answer as an instrument item; None when missing, invalid or not scorable."""
        return None

    def salvage(self, value: object, language: str) -> tuple[object, list[str]]:
        """What of a saved answer still fits this question, with a note for each part left out."""
        return value, []

    def from_older(self, values: list[object]) -> object | None:
        """This question's answer built from a saved file's answers to `replaces` (in that order), or None.

        By default the first of them that was answered, as it was (a question that was renamed).
        """
        return next((v for v in values if is_answered(v)), None)
