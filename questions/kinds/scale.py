"""scale: a whole number the patient picks from min to max (0 to 10), with labels on some points."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Self

from pydantic import Field, model_validator

from questions.kinds import Kind
from questions.kinds.base import QuestionBase, Text, Words, tr
from questions.kinds.number import check_range, whole_within
from questions.words import format_number, say


class Scale(QuestionBase):
    """A point on a scale. Answer: the whole number picked."""

    kind: Literal[Kind.SCALE]
    min: float | None = None
    max: float | None = None
    anchors: dict[int, Text] = Field(default_factory=dict, description="Labels of some points (0 = no pain).")

    @model_validator(mode="after")
    def _limits(self) -> Self:
        if self.min is None or self.max is None:
            raise ValueError("a scale needs min and max")
        check_range(self.min, self.max)
        return self

    @property
    def low(self) -> int:
        return int(self.min or 0)

    @property
    def high(self) -> int:
        return int(self.max if self.max is not None else 10)

    def points(self) -> list[int]:
        """Every point the patient can pick."""
        return list(range(self.low, self.high + 1))

    def anchor_text(self, language: str) -> str:
        """'0 = No pain; 10 = Worst pain you can imagine' (empty without anchors)."""
        return "; ".join(
            say(language, "kinds.scale.anchor", point=point, label=tr(text, language))
            for point, text in sorted(self.anchors.items())
        )

    def hint(self, language: str) -> str:
        return " ".join(p for p in (tr(self.help, language), self.anchor_text(language)) if p)

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            return say(
                language,
                "check.scale.pick",
                low=format_number(self.low, language),
                high=format_number(self.high, language),
            )
        return None

    def words(self, value: object, language: str) -> Words:
        fields = {"value": value, "max": format_number(self.high, language)}
        anchors = self.anchor_text(language)
        if anchors:
            return Words(text=say(language, "summary.scale_anchors", anchors=anchors, **fields))
        return Words(text=say(language, "summary.scale", **fields))

    def sample(self) -> int:
        return self.low

    def score_range(self) -> tuple[float, float | None] | None:
        return (self.min, self.max) if self.min is not None and self.max is not None else None

    def item_score(self, value: object) -> int | None:
        return whole_within(value, self.min, self.max)
