"""The PDF the app and the CLI hand out: the summary, with the answers, the visits and their FHIR export inside it."""

from __future__ import annotations

import datetime as dt

from questions import Bank, Intake
from questions.clinic import Clinic
from questions.visits import VISITS_NAME, Visit, extend, series_file
from summaries.fhir import fhir_bundle_files
from summaries.pdf import render_pdf
from summaries.record import mark
from summaries.summary import build_summary


def summary_pdf(
    bank: Bank,
    intake: Intake,
    *,
    clinic: Clinic | None = None,
    created: dt.date | None = None,
    page_size: str | None = None,
    earlier: list[Visit] | None = None,
) -> bytes:
    """The summary PDF with `intake-answers.json`, `intake-visits.json`, `questionnaire.json` and
    `questionnaire-response.json` attached.

    `earlier` are the visits before this one (from the patient's last summary PDF): the series embedded
    is those and today's, and the record's fingerprint is printed on every page. The FHIR response is
    stamped with the summary's date, so the same answers and date give the same bytes (unless the clinic
    signs its PDFs: a signature carries the time it was made).
    """
    summary = build_summary(bank, intake, created=created, clinic=clinic)
    visits = extend(bank, list(earlier or []), intake, summary.created)
    authored = dt.datetime.combine(summary.created, dt.time(), tzinfo=dt.UTC)
    files = fhir_bundle_files(bank, intake, authored=authored, today=summary.created)
    files[VISITS_NAME] = series_file(visits)
    pdf = render_pdf(summary, page_size=page_size, attachments=files, mark=mark(visits, summary.language))
    if clinic is not None and clinic.signing is not None:
        from summaries.signing import sign

        pdf = sign(pdf, clinic.signing)
    return pdf
