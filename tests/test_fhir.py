"""FHIR R4 export: the Questionnaire and QuestionnaireResponse, checked twice (fhir.resources R4B models and our
own check_response), hand-broken responses, the download files and `python -m summaries fhir`."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir_check import Checker, check_response
from pydantic import ValidationError

from questions import Bank, Intake, Kind, Question, check, score, shown_ids
from samples.answers import sample_answer
from samples.patients import answer_shown
from summaries.fhir import (
    LOINC,
    canonical,
    fhir_bundle_files,
    option_coding,
    questionnaire,
    questionnaire_response,
)

RunSummaries = Callable[..., subprocess.CompletedProcess[str]]
AUTHORED = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 1)
NAME = "Zoë Łukasz Ødegård"

TYPES = {
    Kind.SHORT_TEXT: "string",
    Kind.LONG_TEXT: "text",
    Kind.DATE: "date",
    Kind.SINGLE_CHOICE: "choice",
    Kind.YES_NO: "choice",
    Kind.MULTIPLE_CHOICE: "choice",
    Kind.SCALE: "integer",
    Kind.LIST: "group",
    Kind.BLOOD_PRESSURE: "group",
}

# The LOINC codes the bank carries, each checked against a published source (see summaries/fhir.py).
PANELS = {
    "phq9": ("44249-1", "44261-6"),
    "gad7": ("69737-5", "70274-6"),
    "pcl5": ("101697-1", "101698-9"),
    "peg": ("91148-7", "91147-9"),
    "audit_c": ("72109-2", "75626-2"),
}
ITEM_CODES = {
    "phq9_1": "44250-9", "phq9_2": "44255-8", "phq9_3": "44259-0", "phq9_4": "44254-1", "phq9_5": "44251-7",
    "phq9_6": "44258-2", "phq9_7": "44252-5", "phq9_8": "44253-3", "phq9_9": "44260-8", "phq9_difficulty": "69722-7",
    "gad7_1": "69725-0", "gad7_2": "68509-9", "gad7_3": "69733-4", "gad7_4": "69734-2", "gad7_5": "69735-9",
    "gad7_6": "69689-8", "gad7_7": "69736-7",
    "audit_c_1": "68518-0", "audit_c_2": "68519-8", "audit_c_3": "68520-6",
    "peg_1": "75893-8", "peg_2": "91145-3", "peg_3": "91146-1",
}  # fmt: skip
FREQUENCY_ANSWERS = {
    "not_at_all": "LA6568-5",
    "several_days": "LA6569-3",
    "more_than_half_the_days": "LA6570-1",
    "nearly_every_day": "LA6571-9",
}


def full_answers(bank: Bank, **given: Any) -> dict[str, Any]:
    """An answer to every question shown (follow-ups included), valid on TODAY; `given` answers win."""
    return answer_shown(bank, _answer_on_today, given)


def _answer_on_today(q: Question) -> Any:
    return "2024-03-31" if q.kind is Kind.DATE else sample_answer(q)


@pytest.fixture
def full_intake(bank: Bank, make_intake: Callable[..., Intake]) -> Intake:
    """Every shown question answered, with PTSD and chronic pain among the concerns (so PCL-5 and PEG show)."""
    return make_intake(
        full_answers(
            bank,
            full_name=NAME,
            date_of_birth="1985-03-03",
            concerns=["depression", "ptsd", "chronic_pain"],
            phq9_2="more_than_half_the_days",
            phq9_9="several_days",
            weight={"value": 70.5, "unit": "kg"},
        )
    )


@pytest.fixture
def q_json(bank: Bank) -> dict[str, Any]:
    return questionnaire(bank)


@pytest.fixture
def r_json(bank: Bank, full_intake: Intake) -> dict[str, Any]:
    return questionnaire_response(bank, full_intake, authored=AUTHORED, today=TODAY)


def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every item of a Questionnaire or response, depth first (answers' nested items included)."""
    for item in items:
        yield item
        yield from walk(item.get("item", []))
        for answer in item.get("answer", []):
            yield from walk(answer.get("item", []))


def by_link(resource: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for item in walk(resource["item"]):
        out.setdefault(item["linkId"], []).append(item)
    return out


# ---------------------------------------------------------------------------------------------------------------
# The Questionnaire


def test_questionnaire_names_the_bank_and_has_a_group_per_section(bank: Bank, q_json: dict[str, Any]) -> None:
    assert q_json["resourceType"] == "Questionnaire"
    assert q_json["status"] == "active"
    assert q_json["version"] == bank.version
    assert q_json["identifier"][0]["value"] == bank.id
    assert bank.id in q_json["url"]
    assert q_json["title"] == bank.title["en"]
    assert [i["text"] for i in q_json["item"]] == [s.title["en"] for s in bank.sections]
    assert all(i["type"] == "group" for i in q_json["item"])
    Questionnaire.model_validate(q_json)


def test_every_question_is_one_item_of_the_right_type(bank: Bank, q_json: dict[str, Any]) -> None:
    items = by_link(q_json)
    for q in bank.questions():
        assert len(items[q.id]) == 1, q.id
        item = items[q.id][0]
        assert item["text"] == q.label["en"]
        if q.kind is Kind.NUMBER:
            assert item["type"] == ("quantity" if q.units else "integer" if q.integer else "decimal"), q.id
        else:
            assert item["type"] == TYPES[q.kind], q.id
        assert item.get("required", False) is q.required, q.id
        assert item.get("repeats", False) is (q.kind in (Kind.MULTIPLE_CHOICE, Kind.LIST)), q.id
        if getattr(q, "max_length", None) is not None:  # a setting of text kinds only
            assert item["maxLength"] == q.max_length  # type: ignore[union-attr]
        if item["type"] == "choice":
            codes = [o["valueCoding"] for o in item["answerOption"]]
            assert [c["code"] for c in codes if c["system"] != LOINC] == [
                o.value for o in q.choices() if o.code is None
            ]
            assert [c["display"] for c in codes] == [o.label["en"] for o in q.choices()]
        if q.kind is Kind.LIST:
            assert [c["linkId"] for c in item["item"] if c["type"] != "display"] == [f"{q.id}.{f.id}" for f in q.fields]


def test_yes_no_and_units(bank: Bank, q_json: dict[str, Any]) -> None:
    items = by_link(q_json)
    yes_no = next(q for q in bank.questions() if q.kind is Kind.YES_NO)
    assert [o["valueCoding"]["display"] for o in items[yes_no.id][0]["answerOption"]] == ["Yes", "No", "Not sure"]
    units = [e["valueCoding"] for e in items["height"][0]["extension"] if e["url"].endswith("unitOption")]
    assert [(u["code"], u["display"]) for u in units] == [("cm", "cm"), ("[in_i]", "inches")]
    scale = items["peg_1"][0]
    limits = {e["url"].rsplit("/", 1)[1]: e["valueInteger"] for e in scale["extension"]}
    assert limits == {"minValue": 0, "maxValue": 10}


def test_show_if_becomes_enable_when(bank: Bank, q_json: dict[str, Any]) -> None:
    items = by_link(q_json)
    for q in bank.questions():
        item = items[q.id][0]
        if not q.show_if:
            assert "enableWhen" not in item
            continue
        expected: list[tuple[str, str, Any]] = []
        for c in q.show_if:
            target = bank.question(c.question)
            if c.at_least is not None:  # a number condition: the answer at least this
                expected.append((c.question, ">=", int(c.at_least)))
                continue
            expected += [(c.question, "=", option_coding(bank, target, target.option(v))) for v in c.any_of]  # type: ignore[arg-type]
        found = [
            (w["question"], w["operator"], w.get("answerCoding", w.get("answerInteger"))) for w in item["enableWhen"]
        ]
        assert found == expected
        assert item.get("enableBehavior") == ("any" if len(expected) > 1 else None)
    assert len(items["phq9_difficulty"][0]["enableWhen"]) == 27


def test_instruments_carry_their_loinc_codes(bank: Bank, q_json: dict[str, Any]) -> None:
    items = by_link(q_json)
    for instrument, (panel, total) in PANELS.items():
        group = items[f"instrument.{instrument}"][0]
        assert group["code"] == [{"system": LOINC, "code": panel, "display": group["code"][0]["display"]}]
        members = [i["linkId"] for i in group["item"]]
        inst = next(i for i in bank.instruments if i.id == instrument)
        assert members == [*inst.items, *inst.unscored_items, f"{instrument}.total"]
        assert items[f"{instrument}.total"][0]["code"][0]["code"] == total
        assert items[f"{instrument}.total"][0]["readOnly"] is True
    for qid, code in ITEM_CODES.items():
        assert items[qid][0]["code"][0] == {"system": LOINC, "code": code, **items[qid][0]["code"][0]}
    coded = {q.id for q in bank.questions() if q.code is not None}
    assert coded == set(ITEM_CODES), "every item code the bank carries is one the tests know was checked"
    for qid in ("phq9_1", "gad7_7"):
        answers = {o["valueCoding"]["code"] for o in items[qid][0]["answerOption"]}
        assert answers == set(FREQUENCY_ANSWERS.values())


# ---------------------------------------------------------------------------------------------------------------
# The QuestionnaireResponse


def test_full_response_passes_both_checks(
    bank: Bank, full_intake: Intake, q_json: dict[str, Any], r_json: dict[str, Any]
) -> None:
    assert check(bank, full_intake, TODAY) == []
    assert r_json["status"] == "completed"
    assert r_json["questionnaire"] == canonical(bank) == f"{q_json['url']}|{q_json['version']}"
    assert r_json["authored"] == "2026-06-01T09:30:00+00:00"
    QuestionnaireResponse.model_validate(r_json)
    Questionnaire.model_validate(q_json)
    assert check_response(q_json, r_json) == []


def test_response_holds_every_shown_answer_with_the_right_value(
    bank: Bank, full_intake: Intake, r_json: dict[str, Any]
) -> None:
    items = by_link(r_json)
    shown = shown_ids(bank, full_intake.answers)
    for q in bank.questions():
        if q.id not in shown:
            assert q.id not in items
            continue
        value: Any = full_intake.answers[q.id]
        found = items[q.id]
        if q.kind is Kind.LIST:
            assert len(found) == len(value)
            assert [c["answer"][0]["valueString"] for c in found[0]["item"]] == list(value[0].values())
            continue
        if q.kind is Kind.BLOOD_PRESSURE:  # a group: two quantities in UCUM mm[Hg], and the day
            parts = {c["linkId"]: c["answer"] for c in found[0]["item"]}
            for part in ("systolic", "diastolic"):
                mm_hg = {"value": value[part], "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}
                assert parts[f"{q.id}.{part}"] == [{"valueQuantity": mm_hg}]
            assert parts[f"{q.id}.taken"] == [{"valueDate": value["taken"]}]
            continue
        (item,) = found
        answers = item["answer"]
        if q.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.MULTIPLE_CHOICE):
            picked = value if isinstance(value, list) else [value]
            assert [a["valueCoding"] for a in answers] == [option_coding(bank, q, q.option(v)) for v in picked]  # type: ignore[arg-type]
            assert all({"system", "code", "display"} <= a["valueCoding"].keys() for a in answers)
        elif q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            assert answers == [{"valueString": value}]
        elif q.kind is Kind.DATE:
            assert answers == [{"valueDate": value}]
        elif q.kind is Kind.SCALE or (q.kind is Kind.NUMBER and q.integer):
            assert answers == [{"valueInteger": value}]
        elif q.kind is Kind.NUMBER and q.units:
            assert answers[0]["valueQuantity"]["value"] == value["value"]
        else:
            assert answers == [{"valueDecimal": value}]
    assert items["full_name"][0]["answer"] == [{"valueString": NAME}]
    assert items["weight"][0]["answer"] == [
        {"valueQuantity": {"value": 70.5, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}
    ]
    assert items["phq9_2"][0]["answer"][0]["valueCoding"] == {
        "system": LOINC, "code": "LA6570-1", "display": "More than half the days"
    }  # fmt: skip


def test_answers_nest_in_their_section_and_instrument(r_json: dict[str, Any]) -> None:
    sections = {s["linkId"]: s for s in r_json["item"]}
    phq = next(i for i in sections["section.symptoms"]["item"] if i["linkId"] == "instrument.phq9")
    assert [i["linkId"] for i in phq["item"]][:2] == ["phq9_1", "phq9_2"]
    about = [i["linkId"] for i in sections["section.about_you"]["item"]]
    assert about[0] == "full_name"


def test_totals_are_the_published_scores(bank: Bank, full_intake: Intake, r_json: dict[str, Any]) -> None:
    items = by_link(r_json)
    scores = {s.instrument_id: s for s in score(bank, full_intake)}
    assert items["phq9.total"][0]["answer"] == [{"valueInteger": scores["phq9"].total}]
    assert scores["phq9"].total == 3
    assert items["peg.total"][0]["answer"] == [{"valueDecimal": scores["peg"].total}]


def test_only_shown_and_valid_answers_are_exported(bank: Bank, make_intake: Callable[..., Intake]) -> None:
    intake = make_intake(
        full_name="Ana Ruiz",
        concerns=["depression"],  # no PTSD: the PCL-5 is hidden
        pcl5_1="extremely",  # a stale answer to a hidden question
        phq9_1="not_an_option",  # an invalid answer
        weight={"value": 70, "unit": "stone"},  # an invalid unit
        seizures="no",
        seizures_details="hidden follow-up",
    )
    response = questionnaire_response(bank, intake, authored=AUTHORED, today=TODAY)
    items = by_link(response)
    assert "pcl5_1" not in items
    assert "instrument.pcl5" not in items
    assert "phq9_1" not in items
    assert "weight" not in items
    assert "seizures_details" not in items
    assert items["seizures"][0]["answer"][0]["valueCoding"]["code"] == "no"
    assert response["status"] == "in-progress"
    assert "phq9.total" not in items, "no total without every item"
    assert check_response(questionnaire(bank), response) == []
    QuestionnaireResponse.model_validate(response)


def test_an_empty_intake_is_an_empty_in_progress_response(bank: Bank, make_intake: Callable[..., Intake]) -> None:
    response = questionnaire_response(bank, make_intake(), authored=AUTHORED)
    assert response["status"] == "in-progress"
    assert response["item"] == []
    assert check_response(questionnaire(bank), response) == []


def test_answers_to_another_form_are_refused(bank: Bank) -> None:
    other = Intake(bank_id="another-form", bank_version="1", answers={"full_name": "A"})
    with pytest.raises(ValueError, match="another-form"):
        questionnaire_response(bank, other)


def test_enable_when_agrees_with_show_if(bank: Bank, make_intake: Callable[..., Intake]) -> None:
    """Our check's reading of enableWhen is the app's show_if, for answers that show and hide follow-ups."""
    q_json = questionnaire(bank)
    variants = [
        {},
        full_answers(bank),
        full_answers(bank, concerns=["ptsd"], audit_c_1="never", substance_treatment="not_sure"),
        {k: v for k, v in full_answers(bank).items() if not k.startswith("phq9")},
    ]
    for answers in variants:
        response = questionnaire_response(bank, make_intake(answers), authored=AUTHORED, today=TODAY)
        checker = Checker(q_json, response)
        enabled = {q.id for q in bank.questions() if checker.enabled(q.id)}
        assert enabled == shown_ids(bank, answers)


# ---------------------------------------------------------------------------------------------------------------
# Hand-broken responses


def _section(response: dict[str, Any], link: str) -> dict[str, Any]:
    return next(s for s in response["item"] if s["linkId"] == link)


def _item(response: dict[str, Any], link: str) -> dict[str, Any]:
    return next(i for i in walk(response["item"]) if i["linkId"] == link)


def _unknown_link(r: dict[str, Any]) -> None:
    _section(r, "section.about_you")["item"].append({"linkId": "favourite_colour", "answer": [{"valueString": "red"}]})


def _wrong_type(r: dict[str, Any]) -> None:
    _item(r, "full_name")["answer"] = [{"valueInteger": 7}]


def _code_not_in_options(r: dict[str, Any]) -> None:
    _item(r, "phq9_1")["answer"] = [{"valueCoding": {"system": LOINC, "code": "LA9999-9", "display": "Always"}}]


def _answer_to_disabled_item(r: dict[str, Any]) -> None:
    _item(r, "seizures")["answer"][0]["valueCoding"] = copy.deepcopy(
        next(o for o in r["_q"]["seizures"]["answerOption"] if o["valueCoding"]["code"] == "no")["valueCoding"]
    )  # seizures_details (answered) is shown only after "yes"


def _missing_required(r: dict[str, Any]) -> None:
    section = _section(r, "section.about_you")
    section["item"] = [i for i in section["item"] if i["linkId"] != "date_of_birth"]


def _two_answers_to_one_question(r: dict[str, Any]) -> None:
    item = _item(r, "full_name")
    item["answer"] = [{"valueString": "A"}, {"valueString": "B"}]


def _too_long(r: dict[str, Any]) -> None:
    item = _item(r, "concerns_own_words")
    item["answer"] = [{"valueString": "x" * 100_000}]


def _out_of_range(r: dict[str, Any]) -> None:
    _item(r, "peg_1")["answer"] = [{"valueInteger": 11}]


def _wrong_unit(r: dict[str, Any]) -> None:
    _item(r, "weight")["answer"][0]["valueQuantity"]["code"] = "[stone_av]"


def _no_link_id(r: dict[str, Any]) -> None:
    del _item(r, "full_name")["linkId"]


def _two_values(r: dict[str, Any]) -> None:
    _item(r, "full_name")["answer"] = [{"valueString": "A", "valueInteger": 1}]


def _wrong_questionnaire(r: dict[str, Any]) -> None:
    r["questionnaire"] = "http://example.org/Questionnaire/other|1"


BROKEN = {
    "unknown linkId": (_unknown_link, "is not in the Questionnaire"),
    "wrong value type": (_wrong_type, "valueInteger, but a string item takes valueString"),
    "code not in options": (_code_not_in_options, "is not one of its answerOptions"),
    "answer to a disabled item": (_answer_to_disabled_item, "its enableWhen does not hold"),
    "missing required item": (_missing_required, "'date_of_birth': required, but not answered"),
    "two answers to a single question": (_two_answers_to_one_question, "2 answers to a question that takes one"),
    "text over maxLength": (_too_long, "longer than maxLength"),
    "number over maxValue": (_out_of_range, "above maxValue 10"),
    "unit not offered": (_wrong_unit, "is not one of its unitOptions"),
    "item without linkId": (_no_link_id, "has no linkId"),
    "answer with two values": (_two_values, "exactly one value[x]"),
    "another questionnaire": (_wrong_questionnaire, "refers to 'http://example.org/Questionnaire/other|1'"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_hand_broken_response_fails_our_check(
    name: str, bank: Bank, make_intake: Callable[..., Intake], q_json: dict[str, Any]
) -> None:
    answers = full_answers(bank, seizures="yes", concerns=["depression", "chronic_pain"])
    response = questionnaire_response(bank, make_intake(answers), authored=AUTHORED, today=TODAY)
    assert check_response(q_json, response) == []
    breaker, expected = BROKEN[name]
    broken = copy.deepcopy(response)
    broken["_q"] = {k: v[0] for k, v in by_link(q_json).items()}
    breaker(broken)
    del broken["_q"]
    problems = check_response(q_json, broken)
    assert any(expected in p for p in problems), problems


def test_required_items_are_only_enforced_in_a_completed_response(
    bank: Bank, q_json: dict[str, Any], r_json: dict[str, Any]
) -> None:
    broken = copy.deepcopy(r_json)
    _missing_required(broken)
    assert check_response(q_json, broken)
    broken["status"] = "in-progress"
    assert check_response(q_json, broken) == []


@pytest.mark.parametrize(
    "breaker",
    [
        lambda r: _item(r, "full_name").update(answer=[{"valueInteger": "seven"}]),
        lambda r: r.pop("status"),
        lambda r: _item(r, "full_name").update(answer=[{"valueString": "A", "valueInteger": 1}]),
        lambda r: _item(r, "full_name").pop("linkId"),
        lambda r: _item(r, "date_of_birth").update(answer=[{"valueDate": "31/03/1985"}]),
    ],
    ids=["integer that is not a number", "no status", "two values in one answer", "item without linkId", "bad date"],
)
def test_a_structurally_broken_response_fails_the_fhir_model(breaker: Any, r_json: dict[str, Any]) -> None:
    broken = copy.deepcopy(r_json)
    breaker(broken)
    with pytest.raises(ValidationError):
        QuestionnaireResponse.model_validate(broken)


# ---------------------------------------------------------------------------------------------------------------
# Files for the patient, and the command line


def test_bundle_files_are_pretty_utf8_json(bank: Bank, full_intake: Intake) -> None:
    files = fhir_bundle_files(bank, full_intake, authored=AUTHORED, today=TODAY)
    assert set(files) == {"questionnaire.json", "questionnaire-response.json"}
    text = files["questionnaire-response.json"].decode("utf-8")
    assert NAME in text, "names stay readable, not \\u escapes"
    assert text.startswith('{\n  "resourceType": "QuestionnaireResponse"')
    q_json = json.loads(files["questionnaire.json"])
    r_json = json.loads(text)
    assert q_json == questionnaire(bank)
    assert r_json == questionnaire_response(bank, full_intake, authored=AUTHORED, today=TODAY)
    assert check_response(q_json, r_json) == []


def test_cli_writes_a_bundle_with_both_resources(
    run_summaries: RunSummaries, tmp_path: Path, full_intake: Intake
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(full_intake.model_dump_json(), encoding="utf-8")
    out = tmp_path / "out.json"
    result = run_summaries("fhir", answers, "-o", out, "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    bundle = json.loads(out.read_text(encoding="utf-8"))
    Bundle.model_validate(bundle)
    q_json, r_json = (e["resource"] for e in bundle["entry"][:2])
    assert r_json["status"] == "completed"
    assert r_json["authored"].startswith("2026-06-01")
    assert check_response(q_json, r_json) == []

    result = run_summaries("fhir", answers, "-o", "-", "--resource", "response")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["resourceType"] == "QuestionnaireResponse"


def test_cli_notes_missing_answers_and_reads_a_summary_pdf(
    run_summaries: RunSummaries, tmp_path: Path, bank: Bank, make_intake: Callable[..., Intake]
) -> None:
    from summaries import build_summary, render_pdf

    intake = make_intake(full_name=NAME, concerns=["depression"])
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(render_pdf(build_summary(bank, intake)))
    out = tmp_path / "out.json"
    result = run_summaries("fhir", pdf, "-o", out, "--resource", "response")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("note: ")
    assert "in-progress" in result.stderr
    response = json.loads(out.read_text(encoding="utf-8"))
    assert response["status"] == "in-progress"
    assert _item(response, "full_name")["answer"] == [{"valueString": NAME}]


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "was not found"), (b"not json", "is not a JSON file"), (b'{"format": 1}', "")],
    ids=["missing", "not json", "not answers"],
)
def test_cli_errors_are_one_plain_line(
    run_summaries: RunSummaries, tmp_path: Path, content: bytes | None, message: str
) -> None:
    answers = tmp_path / "answers.json"
    if content is not None:
        answers.write_bytes(content)
    result = run_summaries("fhir", answers, "-o", tmp_path / "out.json")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()
