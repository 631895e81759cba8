"""SDC scoring rules: the Questionnaire's calculatedExpressions, evaluated by an independent FHIRPath engine (npm
`fhirpath`, run by node) on the test patients' responses, give exactly questions.scoring's totals, and nothing
for an incomplete instrument. (tests/browser/test_lforms.py checks the same in LHC-Forms.)"""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

from fhir_tools import calculate

from questions import Bank, Intake, score
from questions.kinds.choice import SingleChoice
from questions.kinds.number import Number
from questions.kinds.scale import Scale
from questions.scoring import item_score
from samples.patients import build, maximal, minimal, second_choices, typical, unsure
from summaries.fhir import questionnaire, questionnaire_response, total_link
from summaries.fhir_profiles import CALCULATED_EXPRESSION, QUESTIONNAIRE_PROFILES, RESPONSE_PROFILES

AUTHORED = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)


def _random_patient(bank: Bank, seed: int) -> Intake:
    """Every instrument shown (PTSD and chronic pain among the concerns), random answers, some items left out."""
    rng = random.Random(seed)
    answers: dict[str, Any] = {"concerns": ["depression", "ptsd", "chronic_pain"], "sex_at_birth": "male"}
    for instrument in bank.instruments:
        for item in instrument.items:
            q = bank.question(item)
            if rng.random() < 0.06:
                continue  # left blank: the instrument has no total (unless the item is hidden)
            if isinstance(q, SingleChoice):
                answers[item] = rng.choice(q.options).value
            else:
                assert isinstance(q, Scale | Number)  # the other scored kinds (questions/kinds/)
                answers[item] = rng.randint(int(q.min or 0), int(q.max if q.max is not None else 30))
    return Intake(bank_id=bank.id, bank_version=bank.version, answers=answers)


def _patients(bank: Bank) -> dict[str, Intake]:
    patients = {
        "typical": typical(bank),
        "maximal": build(bank, maximal),
        "minimal": build(bank, minimal),
        "second choices": build(bank, second_choices),
        "unsure": build(bank, unsure),
    }
    patients.update({f"random {seed}": _random_patient(bank, seed) for seed in range(40)})
    return patients


def _python_totals(bank: Bank, intake: Intake) -> dict[str, list[Any]]:
    """What the FHIRPath rules must give: each coded instrument's Python total, [] when it has none or is hidden."""
    totals = {s.instrument_id: s.total for s in score(bank, intake)}
    return {
        total_link(i): [] if totals.get(i.id) is None else [totals[i.id]]
        for i in bank.instruments
        if i.total_code is not None
    }


def test_every_coded_instrument_total_carries_a_fhirpath_rule(bank: Bank) -> None:
    q_json = questionnaire(bank)
    rules: dict[str, str] = {}
    stack = list(q_json["item"])
    while stack:
        item = stack.pop()
        stack += item.get("item", [])
        for ext in item.get("extension", []):
            if ext["url"] == CALCULATED_EXPRESSION:
                assert ext["valueExpression"]["language"] == "text/fhirpath"
                rules[item["linkId"]] = ext["valueExpression"]["expression"]
    assert set(rules) == {total_link(i) for i in bank.instruments if i.total_code is not None}
    assert "weight()" in rules["phq9.total"]
    assert ".round(1)" in rules["peg.total"]
    assert q_json["meta"]["profile"] == QUESTIONNAIRE_PROFILES
    assert questionnaire_response(bank, typical(bank))["meta"]["profile"] == RESPONSE_PROFILES


def test_fhirpath_totals_are_the_python_totals(bank: Bank) -> None:
    patients = _patients(bank)
    q_json = questionnaire(bank)
    responses = [questionnaire_response(bank, p, authored=AUTHORED) for p in patients.values()]
    results = calculate(q_json, responses)
    seen = {"complete": 0, "incomplete": 0, "mean with decimals": 0, "skipped items": 0}
    for (name, intake), found in zip(patients.items(), results, strict=True):
        expected = _python_totals(bank, intake)
        assert found == expected, name
        seen["complete"] += sum(1 for v in expected.values() if v)
        seen["incomplete"] += sum(1 for v in expected.values() if not v)
        seen["mean with decimals"] += any(v and v[0] != int(v[0]) for k, v in expected.items() if k == "peg.total")
        seen["skipped items"] += intake.answers.get("audit_c_1") == "never"
    assert all(seen.values()), f"the patients cover every case: {seen}"


def test_one_missing_item_means_no_total_in_both(bank: Bank) -> None:
    full = build(bank, maximal)
    cases: list[tuple[str, Intake]] = []
    for instrument in bank.instruments:
        if instrument.total_code is None:
            continue
        for item in (instrument.items[0], instrument.items[-1]):
            answers = {k: v for k, v in full.answers.items() if k != item}
            cases.append((instrument.id, full.model_copy(update={"answers": answers})))
    responses = [questionnaire_response(bank, intake, authored=AUTHORED) for _, intake in cases]
    for (instrument_id, intake), found in zip(cases, calculate(questionnaire(bank), responses), strict=True):
        assert found[f"{instrument_id}.total"] == [], instrument_id
        assert next(s for s in score(bank, intake) if s.instrument_id == instrument_id).total is None
        others = {k: v for k, v in found.items() if k != f"{instrument_id}.total"}
        assert all(len(v) == 1 for v in others.values()), "the other instruments keep their totals"


def test_a_wrong_ordinal_value_changes_the_fhirpath_total(bank: Bank) -> None:
    """The rules read each option's points from the Questionnaire: change one and the total follows."""
    intake = typical(bank)
    q_json = questionnaire(bank)
    broken = copy.deepcopy(q_json)
    stack = list(broken["item"])
    while stack:
        item = stack.pop()
        stack += item.get("item", [])
        if item["linkId"] == "phq9_1":
            picked = bank.question("phq9_1").option(str(intake.answers["phq9_1"]))
            assert picked is not None
            option = next(o for o in item["answerOption"] if o["valueCoding"]["display"] == picked.label["en"])
            option["extension"][0]["valueDecimal"] = 100
    response = questionnaire_response(bank, intake, authored=AUTHORED)
    (found,) = calculate(broken, [response])
    points = item_score(bank.question("phq9_1"), intake.answers["phq9_1"])
    total = next(s for s in score(bank, intake) if s.instrument_id == "phq9").total
    assert points is not None
    assert total is not None
    assert found["phq9.total"] == [total - points + 100]
