"""FHIR R4 Observations from the Summary: one per scored instrument with a total, one per safety answer.

This is how record systems chart PHQ-9 and GAD-7 over time. Each Observation is what SDC's observation-based
extraction makes of the Questionnaire's total item (which carries `observationExtract`): its code is the
instrument's published score code where the bank has one (LOINC PHQ-9 44261-6, GAD-7 70274-6, PCL-5
101698-9, PEG 91147-9, AUDIT-C 75626-2; checked as listed in summaries/fhir.py), the total as its value
(valueInteger; a mean with decimals, which R4 Observation cannot hold as a decimal, as a valueQuantity in
UCUM's `{score}`),
`derivedFrom` the QuestionnaireResponse, `effectiveDateTime` the response's `authored`, category `survey`.
The item answers are its `component`s, each coded with the item's LOINC code where the bank has one (PHQ-9,
GAD-7, PEG, AUDIT-C items), else with the question's id in a code system of the form's own (PCL-5 items,
whose LOINC codes were not confirmed). An instrument without a published score code gets a code of the
form's own, with text: the single drug question (LOINC 68524-8 has its wording, but the sources found
disagree on whether it takes a count, as here, or the NIDA answer list, so it is left out). An incomplete
instrument has no total, so no Observation.

Each safety answer (PHQ-9 item 9 above 0, a suicide attempt in the past year) is an Observation of its own:
the item's LOINC code where the bank has one (PHQ-9 item 9: 44260-8), else the form's own code with the
question as text; the answer as a CodeableConcept; a note for the provider. No ASQ is asked, so none is coded.

The subject is the response's: the patient's name as a display-only reference (the app makes no Patient
resource; the clinic's system links the response to its patient).
"""

from __future__ import annotations

import uuid
from typing import Any

from questions.schema import Bank, Question, tr
from questions.scoring import Score
from questions.words import say
from summaries.fhir import BASE, UCUM, option_coding
from summaries.summary import SafetyLine, Summary

CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}


def score_system(bank: Bank) -> str:
    """The code system of the form's own score codes (instrument ids), for scores without a published code."""
    return f"{BASE}:{bank.id}:scores"


def question_system(bank: Bank) -> str:
    """The code system of the form's own question codes (question ids), for items without a published code."""
    return f"{BASE}:{bank.id}:questions"


def _question_code(bank: Bank, q: Question, language: str) -> dict[str, Any]:
    label = tr(q.label, language)
    if q.code is not None:
        coding = {"system": q.code.system, "code": q.code.code}
        if q.code.display:
            coding["display"] = q.code.display
    else:
        coding = {"system": question_system(bank), "code": q.id}
    return {"coding": [coding], "text": label}


def _value(bank: Bank, q: Question, value: Any, language: str) -> dict[str, Any] | None:
    """The answer as an Observation value[x]: a CodeableConcept for a choice, an integer for a number."""
    if isinstance(value, str):
        option = q.option(value)
        if option is None:
            return None
        coding = option_coding(bank, q, option, language)
        return {"valueCodeableConcept": {"coding": [coding], "text": coding["display"]}}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"valueInteger": value}
    return None


def _score_observation(bank: Bank, summary: Summary, result: Score) -> dict[str, Any]:
    language = summary.language
    instrument = next(i for i in bank.instruments if i.id == result.instrument_id)
    text = say(language, "fhir.score_code", name=tr(instrument.name, language))
    if instrument.total_code is not None:
        coding = {"system": instrument.total_code.system, "code": instrument.total_code.code}
        if instrument.total_code.display:
            coding["display"] = instrument.total_code.display
    else:
        coding = {"system": score_system(bank), "code": instrument.id, "display": text}
    value: dict[str, Any] = (
        {"valueQuantity": {"value": result.total, "unit": "{score}", "system": UCUM, "code": "{score}"}}
        if instrument.decimals > 0
        else {"valueInteger": int(result.total or 0)}
    )
    out: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [CATEGORY],
        "code": {"coding": [coding], "text": text},
        **value,
        "note": [{"text": say(language, "fhir.score_note")}],
    }
    components = []
    if len(instrument.items) > 1:
        for item_id in instrument.items:
            q = bank.question(item_id)
            answer = _value(bank, q, summary.intake.answers.get(item_id), language)
            if answer is not None:
                components.append({"code": _question_code(bank, q, language), **answer})
    if components:
        out["component"] = components
    return out


def _safety_observation(bank: Bank, summary: Summary, line: SafetyLine) -> dict[str, Any] | None:
    language = summary.language
    q = bank.question(line.question_id)
    answer = _value(bank, q, summary.intake.answers.get(q.id), language)
    if answer is None:
        return None
    note = say(language, "fhir.safety_note", context=line.context) if line.context else None
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [CATEGORY],
        "code": _question_code(bank, q, language),
        **answer,
        "note": [{"text": note or say(language, "fhir.safety_note_plain")}],
    }


def observations(
    bank: Bank, summary: Summary, response: dict[str, Any], response_reference: str
) -> list[dict[str, Any]]:
    """The score and safety Observations of a Summary, each derived from the response at `response_reference`
    (a reference such as 'urn:uuid:...' or 'QuestionnaireResponse/ID'), dated and about whom the response is."""
    found = [_score_observation(bank, summary, s) for s in summary.scores if s.total is not None]
    found += [o for line in summary.safety if (o := _safety_observation(bank, summary, line)) is not None]
    for resource in found:
        if "subject" in response:
            resource["subject"] = response["subject"]
        resource["effectiveDateTime"] = response["authored"]
        resource["derivedFrom"] = [{"reference": response_reference}]
    return found


def observation_id(response_id: uuid.UUID, resource: dict[str, Any]) -> uuid.UUID:
    """A stable id for an Observation: the same response and code give the same id."""
    code = resource["code"]["coding"][0]
    return uuid.uuid5(response_id, f"{code['system']}|{code['code']}")
