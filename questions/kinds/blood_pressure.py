"""blood_pressure: a reading as top (systolic) and bottom (diastolic) numbers in mmHg, with the day it was taken.

Bank settings: `systolic` and `diastolic` limits ({min, max}, whole mmHg), and `min_date` / `max_date` for the
day ('today' or an ISO date). Answer: {"systolic": 168, "diastolic": 102, "taken": "2026-11-20"}, `taken`
optional. It reads as "168/102 mmHg (taken 20 Nov 2026)".
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Self

from pydantic import Field, field_validator, model_validator

from questions.intake import is_answered
from questions.kinds import Kind
from questions.kinds.base import QuestionBase, Strict, Words
from questions.kinds.date import check_limit, day_problem
from questions.kinds.number import check_range, is_number
from questions.words import format_date, format_number, say

PARTS = ("systolic", "diastolic", "taken")
"""The keys of the answer, in the order of `replaces` when older banks asked them as separate questions."""


class Limits(Strict):
    """The lowest and highest whole number (mmHg) accepted for one of the two numbers."""

    min: int
    max: int

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        check_range(self.min, self.max)
        return self


class BloodPressure(QuestionBase):
    """A blood pressure reading: the top and bottom numbers, and (if known) the day it was taken."""

    kind: Literal[Kind.BLOOD_PRESSURE]
    systolic: Limits = Field(default=Limits(min=60, max=260), description="Limits of the top number, in mmHg.")
    diastolic: Limits = Field(default=Limits(min=30, max=160), description="Limits of the bottom number, in mmHg.")
    min_date: str | None = Field(default=None, description="Earliest day of the reading: ISO date, or 'today'.")
    max_date: str | None = Field(default="today", description="Latest day of the reading: ISO date, or 'today'.")

    @field_validator("min_date", "max_date")
    @classmethod
    def _dates(cls, value: str | None) -> str | None:
        return check_limit(value)

    def _number_problem(self, value: object, range_key: str, limits: Limits, language: str) -> str | None:
        if not is_number(value) or value != int(value):  # type: ignore[call-overload]
            return say(language, "kinds.blood_pressure.whole")
        if not limits.min <= value <= limits.max:  # type: ignore[operator]
            low, high = format_number(limits.min, language), format_number(limits.max, language)
            return say(language, range_key, low=low, high=high)
        return None

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        if not isinstance(value, dict) or set(value) - set(PARTS):
            return say(language, "kinds.blood_pressure.both")
        top, bottom = value.get("systolic"), value.get("diastolic")
        if top is None or bottom is None:
            return say(language, "kinds.blood_pressure.both")
        message = self._number_problem(
            top, "kinds.blood_pressure.systolic_range", self.systolic, language
        ) or self._number_problem(bottom, "kinds.blood_pressure.diastolic_range", self.diastolic, language)
        if message:
            return message
        if bottom >= top:
            return say(language, "kinds.blood_pressure.bottom_below_top")
        if "taken" in value:
            return day_problem(value["taken"], self.min_date, self.max_date, language, today)
        return None

    def words(self, value: object, language: str) -> Words:
        if not isinstance(value, dict):
            return Words(text=str(value))
        top, bottom = value.get("systolic"), value.get("diastolic")
        reading = say(
            language,
            "kinds.blood_pressure.reading",
            systolic=format_number(top, language) if is_number(top) else "?",  # type: ignore[arg-type]
            diastolic=format_number(bottom, language) if is_number(bottom) else "?",  # type: ignore[arg-type]
        )
        taken = value.get("taken")
        if isinstance(taken, str) and taken:
            reading = say(language, "kinds.blood_pressure.taken", reading=reading, date=format_date(taken, language))
        return Words(text=reading)

    def sample(self) -> dict[str, object]:
        top = min(max(120, self.systolic.min), self.systolic.max)
        bottom = min(max(80, self.diastolic.min), self.diastolic.max, top - 1)
        return {"systolic": top, "diastolic": bottom}

    def salvage(self, value: object, language: str) -> tuple[object, list[str]]:
        """A reading whose day is wrong keeps its numbers; a note says the day was left out."""
        if not isinstance(value, dict) or "taken" not in value:
            return value, []
        numbers = {k: v for k, v in value.items() if k != "taken"}
        problem = self.problem(value, language, dt.date.today())
        if problem is None or self.problem(numbers, language, dt.date.today()) is not None:
            return value, []
        return numbers, [say(language, "kinds.blood_pressure.day_left_out", problem=problem)]

    def from_older(self, values: list[object]) -> object | None:
        """The reading from an older bank's separate top, bottom and day questions (in `replaces`, in that order)."""
        reading = {part: v for part, v in zip(PARTS, values, strict=False) if is_answered(v)}
        return reading or None
