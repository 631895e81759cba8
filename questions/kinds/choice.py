"""single_choice, multiple_choice and yes_no: answers the patient picks from a list."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal, Self

from pydantic import Field, model_validator

from questions.kinds import Kind
from questions.kinds.base import Option, QuestionBase, Words, tr
from questions.words import languages, say

YES_NO_VALUES = ("yes", "no", "not_sure")
"""The stored values of a yes / no / not sure answer."""
YES_NO_WORDS = {"yes": "kinds.yes_no.yes", "no": "kinds.yes_no.no", "not_sure": "kinds.yes_no.not_sure"}
"""The catalogue key of each value's label."""


class _Options(QuestionBase):
    options: list[Option] = Field(default_factory=list, description="The answers to pick from.")

    @model_validator(mode="after")
    def _has_options(self) -> Self:
        if not self.options:
            raise ValueError(f"a {self.kind.value} question needs options")
        values = [o.value for o in self.options]
        if len(values) != len(set(values)):
            raise ValueError("two options share a value")
        return self

    def choices(self) -> list[Option]:
        return self.options


def _picked_one(q: QuestionBase, value: object, language: str) -> str | None:
    if not isinstance(value, str) or q.option(value) is None:
        return say(language, "check.choice.pick_one")
    return None


def _label(q: QuestionBase, value: object, language: str) -> str:
    option = q.option(value)
    return tr(option.label, language) if option else str(value)


class SingleChoice(_Options):
    """One answer picked from the options. Answer: the option's value."""

    kind: Literal[Kind.SINGLE_CHOICE]

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        return _picked_one(self, value, language)

    def words(self, value: object, language: str) -> Words:
        return Words(text=_label(self, value, language))

    def sample(self) -> str:
        return self.options[0].value

    def score_range(self) -> tuple[float, float | None] | None:
        """Scored when every option has a score."""
        scores = [o.score for o in self.options]
        if any(s is None for s in scores):
            return None
        known = [s for s in scores if s is not None]
        return float(min(known)), float(max(known))

    def item_score(self, value: object) -> int | None:
        option = self.option(value) if isinstance(value, str) else None
        return option.score if option is not None else None


class MultipleChoice(_Options):
    """Any number of the options (an `exclusive` one, such as 'None', alone). Answer: the values picked."""

    kind: Literal[Kind.MULTIPLE_CHOICE]

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        if not isinstance(value, list) or not all(isinstance(v, str) and self.option(v) for v in value):
            return say(language, "check.choice.pick_from")
        if len(value) != len(set(value)):
            return say(language, "check.choice.once")
        exclusive = [o for v in value if (o := self.option(v)) and o.exclusive]
        if exclusive and len(value) > 1:
            return say(language, "check.choice.exclusive", label=tr(exclusive[0].label, language))
        return None

    def words(self, value: object, language: str) -> Words:
        labels = [_label(self, v, language) for v in value] if isinstance(value, list) else [str(value)]
        return Words(text="; ".join(labels), choices=labels)

    def sample(self) -> list[str]:
        return [next((o.value for o in self.options if not o.exclusive), self.options[0].value)]

    def salvage(self, value: object, language: str) -> tuple[object, list[str]]:
        """Keep the picked options still offered; a note names those that are not."""
        if not isinstance(value, list):
            return value, []
        still = [v for v in value if isinstance(v, str) and self.option(v)]
        if len(still) == len(value):
            return value, []
        gone = ", ".join(f'"{v}"' for v in value if v not in still)
        note = say(language, "restore.choice_gone", question=tr(self.label, language), choices=gone)
        return (still or None), [note]


@cache
def _yes_no_options() -> list[Option]:
    """Yes / no / not sure, labelled from the words catalogue in every language it has (`tr` marks the
    pseudo-language's, as it marks every bank text)."""
    return [
        Option(value=v, label={language: say(language, YES_NO_WORDS[v]) for language in languages()})
        for v in YES_NO_VALUES
    ]


class YesNo(QuestionBase):
    """Yes, no or not sure (built in: a yes_no question takes no options). Answer: 'yes', 'no' or 'not_sure'."""

    kind: Literal[Kind.YES_NO]

    def choices(self) -> list[Option]:
        return list(_yes_no_options())

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        return _picked_one(self, value, language)

    def words(self, value: object, language: str) -> Words:
        return Words(text=_label(self, value, language))

    def sample(self) -> str:
        return "no"
