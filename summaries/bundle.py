"""The PDF the app and the CLI hand out: the summary, with the answers, the visits and their FHIR export inside it."""

from __future__ import annotations

import datetime as dt
import json

from reportlab.platypus import Flowable

from questions import Bank, Intake
from questions.clinic import Clinic
from questions.follow_up import FollowUp, load_follow_up
from questions.visits import VISITS_NAME, Visit, extend, series_file
from questions.words import DEFAULT_LANGUAGE
from summaries.fhir import QUESTIONNAIRE_FILE, fhir_bundle_files, to_json
from summaries.fhir_visits import VISITS_RESPONSES_FILE, visits_bundle
from summaries.pdf import render_pdf
from summaries.pdf_layout import Layout
from summaries.pdf_since_last import since_last_flowables
from summaries.record import mark
from summaries.since_last import build_since_last
from summaries.summary import build_summary, creation_date


def summary_pdf(
    bank: Bank,
    intake: Intake,
    *,
    clinic: Clinic | None = None,
    created: dt.date | None = None,
    page_size: str | None = None,
    earlier: list[Visit] | None = None,
    follow_up: FollowUp | None = None,
    language: str | None = None,
) -> bytes:
    """The summary PDF with `intake-answers.json`, `intake-visits.json`, `questionnaire.json` and
    `questionnaire-response.json` attached (and, for a follow-up, every visit's response in
    `questionnaire-responses-all-visits.json`).

    `earlier` are the visits before this one (from the patient's last summary PDF): the series embedded
    is those and today's, and the record's fingerprint is printed on every page; page 1 of a follow-up
    says what changed since the last one (`follow_up`: the bundled bank's follow-up settings unless
    given; pass its `bank` as `bank` for a follow-up's answers). The FHIR response is stamped with the
    summary's date, so the same answers and date give the same bytes (unless the clinic signs its PDFs:
    a signature carries the time it was made). The answers are derived once (the Summary), and the PDF
    and the FHIR response are both rendered from it.
    `language` is the summary's language: by default the clinic's `provider_language` (English without a
    clinic); the patient's own copy passes the language they answered in. Page 1 says when the two differ.
    """
    created = created or creation_date()
    language = language or (clinic.provider_language if clinic is not None else DEFAULT_LANGUAGE)
    summary = build_summary(bank, intake, created=created, clinic=clinic, language=language, today=created)
    visits = extend(bank, list(earlier or []), intake, summary.created, summary.scores)
    authored = dt.datetime.combine(summary.created, dt.time(), tzinfo=dt.UTC)
    files = fhir_bundle_files(bank, intake, authored=authored, summary=summary)
    files[QUESTIONNAIRE_FILE] = _compact(files[QUESTIONNAIRE_FILE])
    files[VISITS_NAME] = series_file(visits)
    if len(visits) > 1:
        files[VISITS_RESPONSES_FILE] = to_json(visits_bundle(bank, visits))
    since = build_since_last(follow_up or load_follow_up(), visits, summary.language) if len(visits) > 1 else None

    def page_one(layout: Layout) -> list[Flowable]:
        return since_last_flowables(since, layout, summary.language)

    pdf = render_pdf(
        summary,
        page_size=page_size,
        attachments=files,
        mark=mark(visits, summary.language),
        page_one=page_one,
        shared=frozenset({QUESTIONNAIRE_FILE}),
    )
    if clinic is not None and clinic.signing is not None:
        from summaries.signing import sign

        pdf = sign(pdf, clinic.signing)
    return pdf


_COMPACT: dict[bytes, bytes] = {}
"""The FHIR Questionnaire without indentation, by its pretty-printed bytes (bank data only, never answers)."""


def _compact(questionnaire: bytes) -> bytes:
    """The Questionnaire as compact JSON, once per bank: what a record system reads from the
    PDF (the same resource as the indented download on the review step, 20% smaller once deflated)."""
    compact = _COMPACT.get(questionnaire)
    if compact is None:
        if len(_COMPACT) >= 8:
            _COMPACT.clear()
        resource = json.loads(questionnaire)
        compact = _COMPACT[questionnaire] = json.dumps(resource, ensure_ascii=False, separators=(",", ":")).encode()
    return compact
