"""FHIR in two languages: the Questionnaire is written in English (`language: en`) and carries each text that reads
differently in Spanish as the core translation extension on that text's primitive element (`_text`, `_display`);
a Spanish QuestionnaireResponse says `language: es` and is in the words the patient read. Both pass the
fhir.resources R4B models, our response check and the SDC profiles' invariants (fhirpath)."""

from __future__ import annotations

from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir_check import check_response

from questions import Bank, Kind, tr
from questions.words import say
from samples.patients import build, maximal, typical
from summaries import fhir
from summaries.fhir import questionnaire, questionnaire_response
from summaries.fhir_translations import TRANSLATION, translated

LABEL_ES = "Su nombre completo (una prueba)"


def _translations(element: dict[str, Any] | None) -> dict[str, str]:
    """lang -> content of the translation extensions on a primitive element's `_x` object."""
    out: dict[str, str] = {}
    for extension in (element or {}).get("extension", []):
        assert extension["url"] == TRANSLATION
        parts = {e["url"]: e for e in extension["extension"]}
        assert set(parts) == {"lang", "content"}
        out[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return out


def _items(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        out[item["linkId"]] = item
        out.update(_items(item.get("item", [])))
    return out


@pytest.fixture
def spanish_bank(bank: Bank) -> Bank:
    """The bank with one question's Spanish label changed (as a bank loaded again after an edit)."""
    copy = bank.model_copy(deep=True)
    for q in [copy.question("full_name"), *[q for s in copy.sections for q in s.questions if q.id == "full_name"]]:
        q.label["es"] = LABEL_ES  # the sections' question and the id index's (a deep copy copies each)
    return copy


def test_the_questionnaire_is_english_and_carries_each_spanish_text(spanish_bank: Bank) -> None:
    resource = questionnaire(spanish_bank)
    assert resource["language"] == "en"
    items = _items(resource["item"])
    name = items["full_name"]
    assert name["text"] == tr(spanish_bank.question("full_name").label, "en")
    assert _translations(name["_text"]) == {"es": LABEL_ES}
    for q in spanish_bank.questions():  # every question: a translation exactly where its Spanish differs
        english, spanish = tr(q.label, "en"), tr(q.label, "es")
        assert _translations(items[q.id].get("_text")) == ({"es": spanish} if spanish != english else {}), q.id
    yes_no = next(q for q in spanish_bank.questions() if q.kind is Kind.YES_NO)
    yes = items[yes_no.id]["answerOption"][0]["valueCoding"]
    assert yes["display"] == say("en", "kinds.yes_no.yes")
    assert _translations(yes["_display"]) == {"es": say("es", "kinds.yes_no.yes")}
    Questionnaire.model_validate(resource)


def test_the_questionnaire_read_in_spanish(spanish_bank: Bank) -> None:
    """What a reader that takes the Spanish translations shows: the Spanish label, English where none exists."""
    spanish = translated(questionnaire(spanish_bank), "es")
    items = _items(spanish["item"])
    assert spanish["language"] == "es"
    assert items["full_name"]["text"] == LABEL_ES
    assert "_text" not in items["full_name"]


def test_a_new_bank_object_is_built_again_so_new_texts_show(bank: Bank, spanish_bank: Bank) -> None:
    """The cache is per bank object and the languages carried: the same bank id and version with new Spanish
    text (a bank loaded again) is not served the old Questionnaire."""

    def name_in_spanish(which: Bank) -> dict[str, str]:
        return _translations(_items(questionnaire(which)["item"])["full_name"].get("_text"))

    before = name_in_spanish(bank)
    assert before != {"es": LABEL_ES}
    assert name_in_spanish(spanish_bank) == {"es": LABEL_ES}
    assert name_in_spanish(bank) == before
    assert fhir.translated_languages(bank) == ("es",)


@pytest.mark.parametrize("patient", [typical, lambda bank: build(bank, maximal)], ids=["typical", "maximal"])
def test_a_spanish_response_says_es_and_fits_the_questionnaire(spanish_bank: Bank, patient: Any) -> None:
    intake = patient(spanish_bank).model_copy(update={"language": "es"})
    response = questionnaire_response(spanish_bank, intake)
    assert response["language"] == "es"
    items = _items(response["item"])
    assert items["full_name"]["text"] == LABEL_ES
    assert check_response(questionnaire(spanish_bank), response) == []
    QuestionnaireResponse.model_validate(response)
    displays = [a["valueCoding"] for i in items.values() for a in i.get("answer", []) if "valueCoding" in a]
    assert say("es", "kinds.yes_no.yes") in {d["display"] for d in displays}  # "Sí", as the patient read it


def test_the_spanish_resources_hold_the_sdc_profiles(spanish_bank: Bank) -> None:
    from test_fhir_profiles import ALLOWED_WARNINGS, profile_check

    intake = typical(spanish_bank).model_copy(update={"language": "es"})
    resources = [questionnaire(spanish_bank), questionnaire_response(spanish_bank, intake)]
    for found in profile_check(resources):
        assert found["problems"] == []
        assert {w.split()[1] for w in found["warnings"]} <= ALLOWED_WARNINGS
