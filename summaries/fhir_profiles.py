"""The FHIR profiles and SDC extensions our resources declare and use."""

from __future__ import annotations

import re
from typing import Any

from questions.intake import Intake
from questions.schema import Bank

SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
CALCULATED_EXPRESSION = SDC + "sdc-questionnaire-calculatedExpression"
OBSERVATION_EXTRACT = SDC + "sdc-questionnaire-observationExtract"

QUESTIONNAIRE_PROFILES = [
    SDC + "sdc-questionnaire",
    SDC + "sdc-questionnaire-behave",
    SDC + "sdc-questionnaire-extr-obsn",
]
"""The SDC profiles the Questionnaire follows: the base one, 'behavior' (calculatedExpression) and
observation-based extraction (observationExtract)."""

RESPONSE_PROFILES = [SDC + "sdc-questionnaireresponse"]
"""The SDC profile the QuestionnaireResponse follows."""

VERSION_ALGORITHM = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Questionnaire.versionAlgorithm[x]"
"""How versions compare (SDC's sdc-2 asks for it on a versioned Questionnaire): R5's element, as an R4 extension."""

_SEMVER = re.compile(r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")


def version_algorithm(version: str) -> dict[str, Any]:
    """The versionAlgorithm extension for a Questionnaire version: semver when it is one, else alphabetical."""
    code = "semver" if _SEMVER.match(version) else "alpha"
    return {"url": VERSION_ALGORITHM, "valueCoding": {"system": "http://hl7.org/fhir/version-algorithm", "code": code}}


def response_header(bank: Bank, intake: Intake) -> dict[str, Any]:
    """A QuestionnaireResponse's `meta` (the SDC profile) and `subject`.

    SDC says a response SHOULD have a subject (sdcqr-1, a warning). The app makes no Patient resource (the
    clinic's system knows its patients), so the subject is a reference by display only: the name the patient
    gave, which the response carries anyway. Without a name there is no subject.
    """
    header: dict[str, Any] = {"meta": {"profile": list(RESPONSE_PROFILES)}}
    name = intake.answers.get(bank.name_question)
    if isinstance(name, str) and name.strip():
        header["subject"] = {"display": " ".join(name.split())}
    return header
