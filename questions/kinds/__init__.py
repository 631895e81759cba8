"""Question kinds, each defined once (pyxform's one table per question type is the model).

A kind's module defines its question model: the bank settings it takes and their load-time checks (a setting
that means nothing for the kind, such as `options` on a number, is a load error), its answer's shape and the
one plain sentence saying what is wrong with an answer (`problem`), the answer in words (`words`), and a
sample answer for tests (`sample`). `Question` is the union of those models, told apart by `kind`.

This module is the kinds definition table: `Kind` names every kind and `KINDS` maps each to its model.
Renderers (the widget, the FHIR item and answer, the paper form) keep their own table keyed by kind and read
it with `lookup`, which raises UnknownKind instead of falling back. Adding a kind: its module, one entry here,
one entry in each renderer's table.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, TypeVar


class Kind(StrEnum):
    """What sort of answer a question takes: the `kind:` of a question in the bank."""

    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    SCALE = "scale"
    LIST = "list"
    BLOOD_PRESSURE = "blood_pressure"


class UnknownKind(LookupError):
    """A question kind with no entry in a table: one plain sentence naming the kind and the table."""


# The kind modules import Kind from here, so they come after it.
from pydantic import Field, TypeAdapter  # noqa: E402

from questions.kinds.base import QuestionBase  # noqa: E402
from questions.kinds.blood_pressure import BloodPressure  # noqa: E402
from questions.kinds.choice import MultipleChoice, SingleChoice, YesNo  # noqa: E402
from questions.kinds.date import Date  # noqa: E402
from questions.kinds.lists import ListOfRows  # noqa: E402
from questions.kinds.number import Number  # noqa: E402
from questions.kinds.scale import Scale  # noqa: E402
from questions.kinds.text import LongText, ShortText  # noqa: E402

Question = Annotated[
    ShortText | LongText | Number | Date | SingleChoice | MultipleChoice | YesNo | Scale | ListOfRows | BloodPressure,
    Field(discriminator="kind"),
]
"""One question of the intake: the model of its kind."""

KINDS: dict[Kind, type[QuestionBase]] = {
    Kind.SHORT_TEXT: ShortText,
    Kind.LONG_TEXT: LongText,
    Kind.NUMBER: Number,
    Kind.DATE: Date,
    Kind.SINGLE_CHOICE: SingleChoice,
    Kind.MULTIPLE_CHOICE: MultipleChoice,
    Kind.YES_NO: YesNo,
    Kind.SCALE: Scale,
    Kind.LIST: ListOfRows,
    Kind.BLOOD_PRESSURE: BloodPressure,
}
"""The kinds definition table: each kind's question model."""

_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)


def make_question(**settings: Any) -> Question:
    """A question from its bank settings (the kind's model, checked as the loader checks it)."""
    return _QUESTION.validate_python(settings)


T = TypeVar("T")


def lookup(table: Mapping[Kind, T], kind: object, what: str) -> T:
    """The entry for `kind` in a renderer's table; UnknownKind (never a fallback) when it has none."""
    try:
        return table[kind]  # type: ignore[index]
    except KeyError:
        raise UnknownKind(f"question kind '{kind}' has no {what}: add it to that table") from None
