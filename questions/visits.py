"""A patient's series of visits: each visit's date, answers and scores, chained by fingerprints.

The server keeps nothing: the series travels inside the summary PDF the patient holds (as
`intake-visits.json`, beside today's `intake-answers.json`). Each Visit's fingerprint is the SHA-256 of
the canonical JSON of the visit (date, answers, scores) and of the fingerprint of the visit before it,
so changing any earlier visit, dropping one or reordering them breaks the chain.

Pure data and hashing: no PDF, no Streamlit. `summaries/record.py` reads and writes the series in a PDF.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from questions.intake import Answer, Intake
from questions.schema import Bank
from questions.scoring import Score, score

VISITS_FORMAT = "ketamine-intake-visits"
VISITS_FORMAT_VERSION = 1
VISITS_NAME = "intake-visits.json"
"""Name of the series file embedded in every summary PDF (today's visit last)."""

MAX_VISITS = 520
"""Most visits a series may hold (ten years of weekly sessions); 52 is the tested size."""

SHORT_CHARS = 16
"""Hex digits of the fingerprint printed on every page (64 bits: enough to tell two records apart by eye)."""

Total = int | float | None


class VisitError(ValueError):
    """The series in a file is broken or does not match itself; `key` names the sentence in the words catalogue."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class Visit(BaseModel):
    """One dated visit: the answers as given that day, the instrument totals, and its place in the chain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date = Field(description="The day the summary of this visit was made.")
    bank_id: str
    bank_version: str
    language: str = "en"
    answers: dict[str, Answer] = Field(default_factory=dict)
    scores: dict[str, Total] = Field(
        default_factory=dict, description="Each instrument's total that day (None when an item was left out)."
    )
    previous: str = Field(default="", description="Fingerprint of the visit before ('' for the first).")
    fingerprint: str = Field(description="SHA-256 (hex) of this visit's canonical JSON with `previous`.")

    def intake(self) -> Intake:
        """The visit's answers as an Intake."""
        return Intake(
            bank_id=self.bank_id, bank_version=self.bank_version, language=self.language, answers=dict(self.answers)
        )


class Series(BaseModel):
    """The file embedded in the PDF: every visit, oldest first."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["ketamine-intake-visits"] = "ketamine-intake-visits"
    format_version: int = Field(default=VISITS_FORMAT_VERSION, ge=1)
    visits: list[Visit] = Field(default_factory=list, max_length=MAX_VISITS)


def canonical_json(value: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, ASCII escapes (so any text, even a lone surrogate)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode()


def _content(visit: Visit) -> dict[str, Any]:
    data = visit.model_dump(mode="json")
    del data["fingerprint"]
    return data


def fingerprint_of(visit: Visit) -> str:
    """The SHA-256 (hex) the visit should carry: its content, including the fingerprint before it."""
    return hashlib.sha256(canonical_json(_content(visit))).hexdigest()


def short(fingerprint: str) -> str:
    """The fingerprint as printed on every page: its first hex digits in groups of four."""
    head = fingerprint[:SHORT_CHARS]
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


def totals(bank: Bank, intake: Intake, scores: list[Score] | None = None) -> dict[str, Total]:
    """Each shown instrument's total for these answers (None when incomplete), by instrument id.

    `scores`: the answers' scores when the caller has them already (a Summary's), so they are not worked out again.
    """
    return {s.instrument_id: s.total for s in (score(bank, intake) if scores is None else scores)}


def make_visit(
    bank: Bank, intake: Intake, day: dt.date, before: Visit | None = None, scores: list[Score] | None = None
) -> Visit:
    """The visit of these answers on `day`, chained to `before` (`scores`: the answers' scores, if known)."""
    draft = Visit(
        date=day,
        bank_id=intake.bank_id,
        bank_version=intake.bank_version,
        language=intake.language,
        answers=dict(intake.answers),
        scores=totals(bank, intake, scores),
        previous=before.fingerprint if before else "",
        fingerprint="",
    )
    return draft.model_copy(update={"fingerprint": fingerprint_of(draft)})


def extend(
    bank: Bank, earlier: list[Visit], intake: Intake, day: dt.date, scores: list[Score] | None = None
) -> list[Visit]:
    """The series with today's visit added last (VisitError when the series is full).

    Two visits may share a day: starting a follow-up is the patient's own statement that this is a new
    visit. (Making the same visit's summary again, as `python -m summaries render` does from a PDF,
    passes the visits before it as `earlier`.)
    """
    if len(earlier) >= MAX_VISITS:
        raise VisitError("visits.error.too_many")
    if earlier and day < earlier[-1].date:
        raise VisitError("visits.error.before_last")
    return [*earlier, make_visit(bank, intake, day, earlier[-1] if earlier else None, scores)]


def chain_problem(visits: list[Visit]) -> str | None:
    """None when every fingerprint matches its visit and each visit names the one before; else a words key."""
    if not visits:
        return "visits.error.empty"
    if visits[0].previous:
        return "visits.error.chain"
    for index, visit in enumerate(visits):
        if visit.fingerprint != fingerprint_of(visit):
            return "visits.error.fingerprint"
        if index and visit.previous != visits[index - 1].fingerprint:
            return "visits.error.chain"
        if index and visit.date < visits[index - 1].date:
            return "visits.error.order"
    return None


def series_file(visits: list[Visit]) -> bytes:
    """The series as the JSON file embedded in the PDF."""
    series = Series(visits=visits)
    return json.dumps(series.model_dump(mode="json"), ensure_ascii=True, separators=(",", ":")).encode()


def read_series(data: bytes) -> list[Visit]:
    """The visits of an embedded series file, checked: VisitError when it is unreadable or its chain is broken."""
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        raise VisitError("visits.error.unreadable") from None
    if not isinstance(raw, dict) or raw.get("format") != VISITS_FORMAT:
        raise VisitError("visits.error.unreadable")
    version = raw.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VISITS_FORMAT_VERSION:
        raise VisitError("visits.error.newer")
    try:
        series = Series.model_validate(raw)
    except ValidationError:
        raise VisitError("visits.error.unreadable") from None
    problem = chain_problem(series.visits)
    if problem:
        raise VisitError(problem)
    return series.visits
