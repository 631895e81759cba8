"""date: a day, with optional earliest and latest days ('today' or an ISO date)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from questions.kinds import Kind
from questions.kinds.base import QuestionBase, Words
from questions.words import format_date, say


def resolve_date(text: str | None, today: dt.date) -> dt.date | None:
    """A bank date limit ('today' or an ISO date) as a date."""
    if text is None:
        return None
    return today if text == "today" else dt.date.fromisoformat(text)


def check_limit(value: str | None) -> str | None:
    """A bank date limit, checked when the bank loads."""
    if value not in (None, "today"):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date (use YYYY-MM-DD or 'today')") from None
    return value


def as_day(value: object) -> dt.date | None:
    """A stored ISO date as a date, or None when it is not one."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def day_problem(value: object, min_date: str | None, max_date: str | None, language: str, today: dt.date) -> str | None:
    """What is wrong with a stored date given the limits, or None (shared with kinds that hold a date)."""
    day = as_day(value)
    if day is None:
        return say(language, "check.date.not_date")
    earliest, latest = resolve_date(min_date, today), resolve_date(max_date, today)
    if earliest and day < earliest:
        if min_date == "today":
            return say(language, "way.date.today_or_later")
        return say(language, "way.date.on_or_after", date=format_date(earliest, language))
    if latest and day > latest:
        if max_date == "today":
            return say(language, "way.date.today_or_earlier")
        return say(language, "way.date.on_or_before", date=format_date(latest, language))
    return None


class Date(QuestionBase):
    """A day. Answer: the ISO date, '2024-03-31'."""

    kind: Literal[Kind.DATE]
    min_date: str | None = Field(default=None, description="Earliest date: ISO date, or 'today'.")
    max_date: str | None = Field(default=None, description="Latest date: ISO date, or 'today'.")

    @field_validator("min_date", "max_date")
    @classmethod
    def _dates(cls, value: str | None) -> str | None:
        return check_limit(value)

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        return day_problem(value, self.min_date, self.max_date, language, today)

    def words(self, value: object, language: str) -> Words:
        return Words(text=format_date(value, language) if isinstance(value, str) else str(value))

    def sample(self) -> str:
        if self.max_date not in (None, "today"):
            return self.max_date
        if self.min_date not in (None, "today"):
            return self.min_date
        return "2000-01-01" if self.max_date == "today" else dt.date.today().isoformat()
