"""The patient's record inside the summary PDF: the series of visits, its fingerprint, and checking both.

Every summary PDF embeds `intake-visits.json` (every visit, oldest first, chained by SHA-256
fingerprints; see questions/visits.py) beside today's `intake-answers.json`, and prints the short
fingerprint of the latest visit on every page. `verify()` reads a PDF back and says, in one sentence,
whether the embedded answers match that printed fingerprint and whether the chain of visits is intact.

What this proves: the answers inside the file are the ones the printed fingerprint was made from, and
no earlier visit was changed, dropped or reordered after it was chained. What it does not prove: who
made the file (anyone can build a new, self-consistent record and print its fingerprint); only a clinic
signature (summaries/signing.py) says who issued a file.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass, field

from pydantic import ValidationError

from questions import Bank, Intake
from questions.limits import ATTACHMENT_NAME, MAX_UPLOAD_BYTES
from questions.visits import VISITS_NAME, Visit, VisitError, make_visit, read_series, short
from questions.words import format_date, say


@dataclass(frozen=True)
class Opened:
    """What a summary PDF carries: the answers file, the series file (None before visits), and the page texts."""

    answers: bytes
    series: bytes | None
    page_texts: list[str] = field(default_factory=list)
    created: dt.date | None = None


@dataclass(frozen=True)
class Verdict:
    """The result of checking a PDF: ok, and the one plain sentence that says so."""

    ok: bool
    line: str


def _squeezed(text: str) -> str:
    return "".join(text.split()).lower()


def open_pdf(data: bytes, *, with_text: bool = False) -> Opened:
    """The files a summary PDF carries (VisitError with a words key when it cannot be read or is not ours)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a broken upload is answered in words, not logged
    if len(data) > MAX_UPLOAD_BYTES:
        raise VisitError("visits.error.too_large")
    try:
        reader = PdfReader(io.BytesIO(data))
        found = reader.attachments
        answers = found.get(ATTACHMENT_NAME)
        series = found.get(VISITS_NAME)
        texts = [page.extract_text() or "" for page in reader.pages] if with_text else []
        created = reader.metadata.creation_date.date() if reader.metadata and reader.metadata.creation_date else None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        raise VisitError("visits.error.unreadable_pdf") from None
    if not answers:
        raise VisitError("visits.error.not_ours")
    return Opened(answers=answers[0], series=series[0] if series else None, page_texts=texts, created=created)


def _intake(data: bytes) -> Intake:
    try:
        return Intake.model_validate_json(data)
    except (ValidationError, ValueError):
        raise VisitError("visits.error.unreadable") from None


def _matches(visit: Visit, intake: Intake) -> bool:
    return visit.intake().model_dump(mode="json") == intake.model_dump(mode="json")


def visits_in(bank: Bank, data: bytes, *, today: dt.date | None = None) -> list[Visit]:
    """Every visit a summary PDF holds, oldest first, checked (VisitError, with a words key, when not).

    A PDF from an app version before visits holds only its answers: it loads as one earlier visit, dated
    the day the PDF was made. A PDF whose series does not match its own answers file, or whose chain is
    broken, or whose printed fingerprint differs, is refused: nothing from it is used.
    """
    opened = open_pdf(data, with_text=True)
    intake = _intake(opened.answers)
    if intake.bank_id != bank.id:
        raise VisitError("visits.error.other_form")
    if opened.series is None:
        return [make_visit(bank, intake, opened.created or today or dt.date.today())]
    visits = read_series(opened.series)
    last = visits[-1]
    if not _matches(last, intake):
        raise VisitError("visits.error.answers_differ")
    if not printed_everywhere(last.fingerprint, opened.page_texts):
        raise VisitError("visits.error.printed")
    if any(v.bank_id != bank.id for v in visits):
        raise VisitError("visits.error.other_form")
    return visits


def printed_everywhere(fingerprint: str, page_texts: list[str]) -> bool:
    """Whether every page's text carries the short fingerprint (spaces and line breaks ignored)."""
    wanted = _squeezed(short(fingerprint))
    return bool(page_texts) and all(wanted in _squeezed(text) for text in page_texts)


def verify(data: bytes, language: str = "en") -> Verdict:
    """Whether the PDF's embedded answers match its printed fingerprint and its chain of visits is intact."""
    try:
        opened = open_pdf(data, with_text=True)
        intake = _intake(opened.answers)
        if opened.series is None:
            raise VisitError("visits.error.no_record")
        visits = read_series(opened.series)
        last = visits[-1]
        if not _matches(last, intake):
            raise VisitError("visits.error.answers_differ")
        if not printed_everywhere(last.fingerprint, opened.page_texts):
            raise VisitError("visits.error.printed")
    except VisitError as error:
        return Verdict(False, say(language, "visits.verify.failed", reason=say(language, error.key)))
    return Verdict(
        True,
        say(
            language,
            "visits.verify.ok",
            fingerprint=short(last.fingerprint),
            count=len(visits),
            first=format_date(visits[0].date, language),
            last=format_date(last.date, language),
        ),
    )


def mark(visits: list[Visit], language: str = "en") -> str:
    """The line printed on every page: the latest visit's short fingerprint and its place in the series."""
    return say(language, "visits.mark", fingerprint=short(visits[-1].fingerprint), number=len(visits))
