"""The FHIR profiles and SDC extensions our resources declare and use (canonical URLs only, no code)."""

from __future__ import annotations

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
