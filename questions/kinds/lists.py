"""list: a repeatable list of rows with the same columns (medicines: name, dose, how often)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Self

from pydantic import Field, model_validator

from questions.intake import is_answered
from questions.kinds import Kind
from questions.kinds.base import QuestionBase, Strict, Text, Words, tr
from questions.limits import MAX_LIST_ROWS, MAX_SHORT_TEXT
from questions.words import format_number, say


class Field_(Strict):
    """One column of a repeatable list (a medication's name, dose, ...)."""

    id: str
    label: Text
    required: bool = False
    max_length: int = Field(default=300, description="Longest text accepted in this column.")

    def limit(self) -> int:
        """Longest text accepted in this column (one line, so never above MAX_SHORT_TEXT)."""
        return min(self.max_length, MAX_SHORT_TEXT)


class ListOfRows(QuestionBase):
    """Rows of text. Answer: a list of rows, each {column id: text}."""

    kind: Literal[Kind.LIST]
    fields: list[Field_] = Field(default_factory=list, description="The columns of each row.")
    item_label: Text | None = Field(default=None, description="What one row is called.")
    max_rows: int = Field(default=100, description="Most rows accepted.")

    @model_validator(mode="after")
    def _has_fields(self) -> Self:
        if not self.fields:
            raise ValueError("a list needs fields")
        return self

    def rows_limit(self) -> int:
        """Most rows accepted (never above MAX_LIST_ROWS)."""
        return min(self.max_rows, MAX_LIST_ROWS)

    def problem(self, value: object, language: str, today: dt.date) -> str | None:
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            return say(language, "check.list.rows")
        if len(value) > self.rows_limit():
            return say(language, "check.list.too_many", limit=format_number(self.rows_limit(), language))
        known = {f.id: f for f in self.fields}
        for number, row in enumerate(value, start=1):
            if not all(isinstance(k, str) and k in known and isinstance(v, str) for k, v in row.items()):
                return say(language, "check.list.unknown", row=number)
            if not any(v.strip() for v in row.values()):
                continue
            for f in self.fields:
                text = row.get(f.id, "")
                label = tr(f.label, language)
                if f.required and not text.strip():
                    return say(language, "check.list.required", row=number, field=label)
                if len(text) > f.limit():
                    limit = format_number(f.limit(), language)
                    return say(language, "check.list.too_long", row=number, field=label, limit=limit)
        return None

    def words(self, value: object, language: str) -> Words:
        given = value if isinstance(value, list) else []
        rows = [[str(r.get(f.id, "")) for f in self.fields] for r in given if isinstance(r, dict) and is_answered([r])]
        return Words(
            text=say(language, "summary.listed", count=len(rows)),
            headers=[tr(f.label, language) for f in self.fields],
            rows=rows,
        )

    def sample(self) -> list[dict[str, str]]:
        return [{f.id: f"Sample {f.id}"[: f.limit()] for f in self.fields}]
