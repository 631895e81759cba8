"""short_text and long_text: an answer the patient types, one line or a few paragraphs."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from questions.kinds import Kind
from questions.kinds.base import QuestionBase, Words
from questions.limits import MAX_LONG_TEXT, MAX_SHORT_TEXT
from questions.words import format_number, say


class _Typed(QuestionBase):
    max_length: int | None = Field(default=None, description="Longest text accepted.")

    def limit(self) -> int:
        """Longest answer accepted: max_length, never above the ceiling in questions/limits.py."""
        ceiling = MAX_LONG_TEXT if self.kind is Kind.LONG_TEXT else MAX_SHORT_TEXT
        return min(self.max_length, ceiling) if self.max_length is not None else ceiling

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        if not isinstance(value, str):
            return say(language, "check.text.not_text")
        if len(value) > self.limit():
            return say(
                language,
                "check.text.too_long",
                limit=format_number(self.limit(), language),
                length=format_number(len(value), language),
            )
        return None

    def words(self, value: object, language: str) -> Words:
        return Words(text=str(value))


class ShortText(_Typed):
    """One line of text (a name, a phone number). Answer: the text."""

    kind: Literal[Kind.SHORT_TEXT]

    def sample(self) -> str:
        return "Sample answer"


class LongText(_Typed):
    """A few sentences in the patient's own words. Answer: the text."""

    kind: Literal[Kind.LONG_TEXT]

    def sample(self) -> str:
        return "A sample answer.\n\nIn two paragraphs."
