"""number: a number, with optional limits and a fixed unit, or a unit the patient picks (cm or in)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal, Self

from pydantic import Field, model_validator

from questions.kinds import Kind
from questions.kinds.base import QuestionBase, Strict, Text, Words, tr
from questions.words import format_number, say


class Unit(Strict):
    """A unit a number can be given in, with its own limits."""

    id: str = Field(description="Stable id stored in the answer, e.g. 'kg'.")
    label: Text = Field(description="What the patient reads, e.g. 'kg'.")
    min: float | None = None
    max: float | None = None


def is_number(value: object) -> bool:
    """A finite int or float (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def range_problem(low: float | None, high: float | None, unit: str, language: str) -> str:
    """'Please enter a number from 25 to 350 kg.' (or 'of 25 kg or more', 'of 350 kg or less')."""
    fields: dict[str, str] = {"unit": unit} if unit else {}
    if low is not None and high is not None:
        key = "check.number.between_unit" if unit else "check.number.between"
        return say(language, key, low=format_number(low, language), high=format_number(high, language), **fields)
    if low is not None:
        key = "check.number.at_least_unit" if unit else "check.number.at_least"
        return say(language, key, low=format_number(low, language), **fields)
    key = "check.number.at_most_unit" if unit else "check.number.at_most"
    return say(language, key, high=format_number(high or 0, language), **fields)


def check_range(low: float | None, high: float | None, what: str = "") -> None:
    """A bank's min and max, checked when it loads."""
    if low is not None and high is not None and low > high:
        raise ValueError(f"{what}min ({low:g}) is greater than max ({high:g})")


def whole_within(value: object, low: float | None, high: float | None) -> int | None:
    """A finite whole number within the limits, as an int (an item score); None otherwise."""
    if not is_number(value) or value != int(value):  # type: ignore[call-overload]
        return None
    if (low is not None and value < low) or (high is not None and value > high):  # type: ignore[operator]
        return None
    return int(value)  # type: ignore[call-overload]


def number_text(value: object, language: str) -> str:
    """A stored number in words (as given when it is not a number)."""
    return format_number(value, language) if is_number(value) else str(value)  # type: ignore[arg-type]


class Number(QuestionBase):
    """A number. Answer: the number, or {"value": 70, "unit": "kg"} when the patient picks the unit."""

    kind: Literal[Kind.NUMBER]
    unit: Text | None = Field(default=None, description="For a number without a unit choice.")
    units: list[Unit] = Field(
        default_factory=list, description="For a number the patient gives in a unit of their choice."
    )
    min: float | None = None
    max: float | None = None
    integer: bool = Field(default=False, description="Whole numbers only.")

    @model_validator(mode="after")
    def _limits(self) -> Self:
        check_range(self.min, self.max)
        for unit in self.units:
            check_range(unit.min, unit.max, f"unit '{unit.id}': ")
        if self.unit and self.units:
            raise ValueError("give either `unit` or `units`, not both")
        return self

    def unit_of(self, unit_id: object) -> Unit | None:
        """The unit with this id, if the question offers it."""
        return next((u for u in self.units if u.id == unit_id), None)

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        unit_label = tr(self.unit, language)
        low, high = self.min, self.max
        if self.units:
            if not isinstance(value, dict):
                return say(language, "check.number.need_unit")
            unit = self.unit_of(value.get("unit"))
            if unit is None:
                return say(language, "check.number.pick_unit")
            low, high, unit_label = unit.min, unit.max, tr(unit.label, language)
            value = value.get("value")
        if not is_number(value):
            return say(language, "check.number.not_number")
        assert isinstance(value, int | float)
        if self.integer and value != int(value):
            return say(language, "check.number.whole")
        if (low is not None and value < low) or (high is not None and value > high):
            return range_problem(low, high, unit_label, language)
        return None

    def words(self, value: object, language: str) -> Words:
        if isinstance(value, dict):
            unit = self.unit_of(value.get("unit"))
            label = tr(unit.label, language) if unit else str(value.get("unit", ""))
            return Words(text=f"{number_text(value.get('value', ''), language)} {label}".strip())
        return Words(text=f"{number_text(value, language)} {tr(self.unit, language)}".strip())

    def score_range(self) -> tuple[float, float | None] | None:
        """Scored when it is a whole number without a unit choice and with a lowest value (days of drinking)."""
        if self.integer and not self.units and self.min is not None:
            return self.min, self.max
        return None

    def item_score(self, value: object) -> int | None:
        return whole_within(value, self.min, self.max) if not self.units else None

    def sample(self) -> object:
        if self.units:
            unit = self.units[0]
            return {"value": _inside(unit.min, unit.max, self.integer), "unit": unit.id}
        return _inside(self.min, self.max, self.integer)


def _inside(low: float | None, high: float | None, integer: bool) -> int | float:
    value = low if low is not None else (high if high is not None else 1)
    if integer or value == int(value):
        return math.ceil(value)
    return value
