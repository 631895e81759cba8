"""The PDF the app and the CLI hand out: the summary, with the answers and their FHIR export inside it."""

from __future__ import annotations

import datetime as dt

from questions import Bank, Intake
from questions.clinic import Clinic
from summaries.fhir import fhir_bundle_files
from summaries.pdf import render_pdf
from summaries.summary import build_summary


def summary_pdf(
    bank: Bank,
    intake: Intake,
    *,
    clinic: Clinic | None = None,
    created: dt.date | None = None,
    page_size: str | None = None,
    language: str | None = None,
) -> bytes:
    """The summary PDF with `intake-answers.json`, `questionnaire.json` and `questionnaire-response.json` attached.

    The FHIR response is stamped with the summary's date, so the same answers and date give the same bytes.
    `language` is the summary's language (default: the one the patient answered in).
    """
    summary = build_summary(bank, intake, created=created, clinic=clinic, language=language)
    authored = dt.datetime.combine(summary.created, dt.time(), tzinfo=dt.UTC)
    files = fhir_bundle_files(bank, intake, authored=authored, today=summary.created)
    return render_pdf(summary, page_size=page_size, attachments=files)
