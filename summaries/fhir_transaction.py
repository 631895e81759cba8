"""FHIR Bundles of everything the export holds: a `collection` (the file a patient or clinic keeps) and a
`transaction` a clinic can post to its own FHIR server (the app itself sends nothing anywhere).

Both hold the Questionnaire, the QuestionnaireResponse and its Observations (summaries/fhir_observations.py),
each with a `fullUrl` (`urn:uuid:...`); the Observations' `derivedFrom` points at the response's fullUrl,
which a server rewrites to the id it gives the response. In the transaction every entry has a `request`:
the Questionnaire is a conditional create (`ifNoneExist` on its url and version, so posting many patients'
bundles stores it once), the response and the Observations are plain creates.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from questions import Bank, Intake
from summaries.fhir import canonical, questionnaire, questionnaire_url, response_from_summary
from summaries.fhir_observations import observation_id, observations
from summaries.summary import build_summary


def _entries(bank: Bank, intake: Intake, authored: dt.datetime | None, today: dt.date | None) -> list[dict[str, Any]]:
    if intake.bank_id != bank.id:
        raise ValueError(f"the answers are to the form '{intake.bank_id}', not '{bank.id}'")
    summary = build_summary(bank, intake, created=today, today=today)  # one derivation: response and Observations
    response = response_from_summary(bank, summary, authored)
    response_id = uuid.uuid4()
    response_url = f"urn:uuid:{response_id}"
    entries = [
        {
            "fullUrl": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, canonical(bank))}",
            "resource": questionnaire(bank),
        },
        {"fullUrl": response_url, "resource": response},
    ]
    for resource in observations(bank, summary, response, response_url):
        entries.append({"fullUrl": f"urn:uuid:{observation_id(response_id, resource)}", "resource": resource})
    return entries


def collection(
    bank: Bank, intake: Intake, authored: dt.datetime | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The Questionnaire, the response and its Observations in a Bundle of type "collection"."""
    return {"resourceType": "Bundle", "type": "collection", "entry": _entries(bank, intake, authored, today)}


def transaction(
    bank: Bank, intake: Intake, authored: dt.datetime | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The same resources as a "transaction" Bundle: each entry with the request that files it."""
    entries = _entries(bank, intake, authored, today)
    for entry in entries:
        kind = entry["resource"]["resourceType"]
        request: dict[str, str] = {"method": "POST", "url": kind}
        if kind == "Questionnaire":
            request["ifNoneExist"] = f"url={questionnaire_url(bank)}&version={bank.version}"
        entry["request"] = request
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}
