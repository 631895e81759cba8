"""Every visit's FHIR QuestionnaireResponse, each dated (`authored`) the day of its visit, in one Bundle.

A follow-up PDF carries `questionnaire-responses-all-visits.json` beside today's response: a Bundle of
type "collection" holding the response of every visit in the series, oldest first, so a record system
can import the whole series from the latest PDF. Built with summaries/fhir.py's own response builder.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from questions import Bank
from questions.visits import Visit
from summaries.fhir import canonical, questionnaire_response

VISITS_RESPONSES_FILE = "questionnaire-responses-all-visits.json"


def authored(day: dt.date) -> dt.datetime:
    """The moment a visit's response is dated: 00:00 UTC on the day of its summary (as the PDF's own date)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def visits_bundle(bank: Bank, visits: list[Visit]) -> dict[str, Any]:
    """A FHIR Bundle (collection) of every visit's QuestionnaireResponse to `bank`'s Questionnaire, oldest first.

    Each entry's id is derived from the visit's fingerprint, so the same series gives the same Bundle.
    """
    entries = []
    for visit in visits:
        response = questionnaire_response(bank, visit.intake(), authored(visit.date), today=visit.date)
        response["id"] = f"visit-{visit.fingerprint[:16]}"
        entries.append(
            {
                "fullUrl": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, canonical(bank) + '#' + visit.fingerprint)}",
                "resource": response,
            }
        )
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}
