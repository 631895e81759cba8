"""A valid answer to any question, made from the question itself (so it follows the bank)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from questions import Kind, Question
from questions.check import resolve_date

__all__ = ["sample_answer"]


def sample_answer(q: Question) -> Any:
    """A valid answer for any question, made from the question itself (so it follows the bank)."""
    if q.kind is Kind.SHORT_TEXT:
        return f"short {q.id}"
    if q.kind is Kind.LONG_TEXT:
        return f"Long answer for {q.id}, with two lines.\nSecond line."
    if q.kind is Kind.NUMBER:
        if q.units:
            unit = q.units[0]
            low, high = unit.min or 0, unit.max or (unit.min or 0) + 10
            return {"value": int((low + high) // 2), "unit": unit.id}
        low, high = q.min or 0, q.max if q.max is not None else (q.min or 0) + 10
        return int((low + high) // 2)
    if q.kind is Kind.DATE:
        today = dt.date.today()
        earliest = resolve_date(q.min_date, today) or dt.date(1900, 1, 1)
        latest = resolve_date(q.max_date, today) or dt.date(9999, 1, 1)
        fits = [d for d in ("1990-05-17", "2024-06-15", "2031-01-20") if earliest <= dt.date.fromisoformat(d) <= latest]
        return fits[0] if fits else earliest.isoformat()
    if q.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO):
        return q.choices()[0].value
    if q.kind is Kind.MULTIPLE_CHOICE:
        return [o.value for o in q.options if not o.exclusive][:2]
    if q.kind is Kind.SCALE:
        return int(q.max or 10) // 2
    if q.kind is Kind.BLOOD_PRESSURE:
        return {"systolic": 168, "diastolic": 102, "taken": "2024-06-15"}
    # Short single words: table cells wrap, and a wrapped cell's words interleave in extracted text.
    return [{f.id: f"{q.id[:5]}{f.id[:5]}".replace("_", "") for f in q.fields}]
