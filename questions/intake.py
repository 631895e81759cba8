"""The patient's answers: one pydantic model that round-trips through JSON exactly."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

FORMAT = "ketamine-intake-answers"
FORMAT_VERSION = 1

Number = StrictInt | StrictFloat
Measure = dict[StrictStr, StrictStr | Number]
"""A small record: a number given in a chosen unit, {"value": 70, "unit": "kg"}, or a kind's own record."""
Row = dict[StrictStr, StrictStr]
"""One row of a repeatable list, keyed by the list's field ids."""
Answer = StrictStr | Number | list[StrictStr] | list[Row] | Measure
"""What one question's answer may hold; the question's kind (questions/kinds/) says which one, and checks it."""


class Intake(BaseModel):
    """A patient's answers to one version of the question bank."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["ketamine-intake-answers"] = Field(
        default="ketamine-intake-answers", description="Marks the file as this app's answers."
    )
    format_version: int = Field(default=FORMAT_VERSION, ge=1, description="Version of this file format.")
    bank_id: str = Field(description="Id of the question bank the answers belong to.")
    bank_version: str = Field(description="Version of that bank.")
    language: str = Field(default="en", description="Language the patient answered in.")
    answers: dict[str, Answer] = Field(default_factory=dict, description="Answers keyed by question id.")


def is_answered(value: object) -> bool:
    """Whether a stored value counts as an answer (blank text, empty lists and None do not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(
            is_answered(v) if not isinstance(v, dict) else any(is_answered(x) for x in v.values()) for v in value
        )
    if isinstance(value, dict):  # a number in a unit, or a kind's record: a unit alone is no answer
        return any(is_answered(v) for k, v in value.items() if k != "unit")
    return True
