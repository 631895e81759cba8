"""Every visit's FHIR QuestionnaireResponse and score and safety Observations, each dated the day of its
visit, in one Bundle.

A follow-up PDF carries `questionnaire-responses-all-visits.json` beside today's response: a Bundle of
type "collection" holding every visit's response, each followed by its Observations (derivedFrom that
response, effective on the visit's day), oldest first, so a record system can import and chart the whole
series from the latest PDF. Each visit's response and Observations are rendered from one Summary.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from questions import Bank
from questions.visits import Visit
from summaries.fhir import canonical, response_from_summary
from summaries.fhir_observations import observation_id, observations
from summaries.summary import build_summary

VISITS_RESPONSES_FILE = "questionnaire-responses-all-visits.json"


def authored(day: dt.date) -> dt.datetime:
    """The moment a visit's response is dated: 00:00 UTC on the day of its summary (as the PDF's own date)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def visits_bundle(bank: Bank, visits: list[Visit]) -> dict[str, Any]:
    """A FHIR Bundle (collection) of every visit's QuestionnaireResponse to `bank`'s Questionnaire, oldest first.

    Each entry's id is derived from the visit's fingerprint, so the same series gives the same Bundle.
    """
    entries: list[dict[str, Any]] = []
    for visit in visits:
        intake = visit.intake()
        summary = build_summary(bank, intake, created=visit.date, today=visit.date)
        response = response_from_summary(bank, summary, authored(visit.date))
        response["id"] = f"visit-{visit.fingerprint[:16]}"
        response_id = uuid.uuid5(uuid.NAMESPACE_URL, canonical(bank) + "#" + visit.fingerprint)
        response_url = f"urn:uuid:{response_id}"
        entries.append({"fullUrl": response_url, "resource": response})
        for resource in observations(bank, summary, response, response_url):
            entries.append({"fullUrl": f"urn:uuid:{observation_id(response_id, resource)}", "resource": resource})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}
