"""HL7 FHIR R4 export: the bank as a Questionnaire, a patient's answers as a QuestionnaireResponse.

Both are plain JSON-ready dicts (no FHIR library at run time). The tests check that a response fits its
Questionnaire (tests/fhir_check.py), validate both with the `fhir.resources` R4B models and load them into
NLM's LHC-Forms in a browser.

How the bank maps onto FHIR (R4, with core and SDC extensions that LHC-Forms understands):

- One `group` item per section (linkId `section.<id>`; ids of questions never contain a dot), its intro as a
  `display` item. An instrument with a published panel code (PHQ-9, GAD-7, PCL-5, PEG, AUDIT-C) whose items
  sit together in one section is a `group` inside it (linkId `instrument.<id>`) carrying that code, followed by
  a read-only total item (linkId `<id>.total`) with the published score code; the response fills it in only
  when every item was answered, as the scoring module computes it (a screening score, not a diagnosis).
- Every question is an item whose linkId is the question id: short_text -> string, long_text -> text (both
  with maxLength), date -> date, single_choice and yes_no -> choice (radio buttons), multiple_choice ->
  choice with repeats (check boxes; an exclusive option carries `questionnaire-optionExclusive`), scale ->
  integer with minValue / maxValue (a number the patient picks, which is also how LOINC codes the PEG items),
  number -> integer or decimal with minValue / maxValue and the unit as `questionnaire-unit`; a number the
  patient gives in a unit of their choice (height in cm or in) -> quantity with one `questionnaire-unitOption`
  per unit (UCUM where the unit has a UCUM code) and a valueQuantity answer, so value and unit stay together
  in one answer. A list -> a repeating group with one string item per column (linkId `<question>.<column>`).
- Answer codes: an option's published code (LOINC LA6568-5 "Not at all", ...) where the bank gives one;
  otherwise the option's stored value in a code system of the question's own
  (`urn:ketamine-pre-visit-intake:<bank>:<question>`), so codes never clash between questions. Scored options
  carry their published points as `ordinalValue`.
- show_if -> enableWhen (operator "=", one per value; enableBehavior "any" when there are several), which is
  exactly "any condition holds"; help text -> a `display` child with itemControl "help".

The codes on the instruments and their items are in the bank files (`code:` lines), each checked against a
published source: PHQ-9 panel 44249-1 (items 44250-9, 44255-8, 44259-0, 44254-1, 44251-7, 44258-2, 44252-5,
44253-3, 44260-8; difficulty 69722-7; total 44261-6), GAD-7 69737-5 (69725-0, 68509-9, 69733-4, 69734-2,
69735-9, 69689-8, 69736-7; total 70274-6), AUDIT-C 72109-2 (68518-0, 68519-8, 68520-6; total 75626-2), PCL-5
panel 101697-1 and score 101698-9 (item codes not confirmed, so left out), PEG 91148-7 (75893-8, 91145-3,
91146-1; mean 91147-9), and the PHQ / GAD answer list LA6568-5, LA6569-3, LA6570-1, LA6571-9.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from questions.check import check, problem_with, shown_ids
from questions.intake import Intake, is_answered
from questions.schema import DEFAULT_LANGUAGE, Bank, Coding, Instrument, Kind, Option, Question, Section, tr
from questions.scoring import DISCLAIMER, score
from summaries.fhir_profiles import response_header

BASE = "urn:ketamine-pre-visit-intake"
"""Prefix of the canonical URL and of the code systems this app defines itself."""

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
EXT = "http://hl7.org/fhir/StructureDefinition/"
ITEM_CONTROL = EXT + "questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"

UCUM_UNITS = {
    "cm": "cm",
    "m": "m",
    "in": "[in_i]",
    "ft": "[ft_i]",
    "kg": "kg",
    "g": "g",
    "lb": "[lb_av]",
    "mmhg": "mm[Hg]",
}
"""Unit ids (or labels) of the bank that have a UCUM code."""

QUESTIONNAIRE_FILE = "questionnaire.json"
RESPONSE_FILE = "questionnaire-response.json"


# ---------------------------------------------------------------------------------------------------------------
# Names and codes


def questionnaire_url(bank: Bank) -> str:
    """The Questionnaire's canonical URL (the version goes after a '|' where it is referenced)."""
    return f"{BASE}:questionnaire:{bank.id}"


def canonical(bank: Bank) -> str:
    """The versioned canonical reference a QuestionnaireResponse uses: url|version."""
    return f"{questionnaire_url(bank)}|{bank.version}"


def section_link(section: Section) -> str:
    return f"section.{section.id}"


def instrument_link(instrument: Instrument) -> str:
    return f"instrument.{instrument.id}"


def total_link(instrument: Instrument) -> str:
    return f"{instrument.id}.total"


def _coding(code: Coding, display: str | None = None) -> dict[str, str]:
    out = {"system": code.system, "code": code.code}
    if code.display or display:
        out["display"] = code.display or display or ""
    return out


def option_coding(bank: Bank, q: Question, option: Option, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The Coding for one answer: its published code where the bank gives one, else its stored value."""
    label = tr(option.label, language)
    if option.code is not None:
        return _coding(option.code, label)
    return {"system": f"{BASE}:{bank.id}:{q.id}", "code": option.value, "display": label}


def _unit_coding(bank: Bank, unit_id: str, label: str) -> dict[str, str]:
    ucum = UCUM_UNITS.get(unit_id.lower()) or UCUM_UNITS.get(label.lower())
    if ucum:
        return {"system": UCUM, "code": ucum, "display": label}
    return {"system": f"{BASE}:{bank.id}:units", "code": unit_id, "display": label}


# ---------------------------------------------------------------------------------------------------------------
# Questionnaire


def _ext(name: str, **value: Any) -> dict[str, Any]:
    return {"url": EXT + name, **value}


def _item_control(code: str) -> dict[str, Any]:
    return {"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]}}


def _help_item(link_id: str, text: str) -> dict[str, Any]:
    return {"linkId": link_id, "text": text, "type": "display", "extension": [_item_control("help")]}


def _limits(kind: str, low: float | None, high: float | None) -> list[dict[str, Any]]:
    key = "valueInteger" if kind == "integer" else "valueDecimal"
    cast = int if kind == "integer" else float
    out = []
    if low is not None:
        out.append(_ext("minValue", **{key: cast(low)}))
    if high is not None:
        out.append(_ext("maxValue", **{key: cast(high)}))
    return out


def _enable_when(bank: Bank, q: Question, language: str) -> dict[str, Any]:
    """show_if (any condition holds; a condition holds when the answer is any of its values) as enableWhen."""
    conditions = []
    for condition in q.show_if or []:
        target = bank.question(condition.question)
        for value in condition.any_of:
            option = target.option(value)
            answer: dict[str, Any] = (
                {"answerCoding": option_coding(bank, target, option, language)}
                if option is not None
                else {"answerString": value}
            )
            conditions.append({"question": target.id, "operator": "=", **answer})
    out: dict[str, Any] = {"enableWhen": conditions}
    if len(conditions) > 1:
        out["enableBehavior"] = "any"
    return out


def _question_item(bank: Bank, q: Question, language: str) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": q.id}
    if q.code is not None:
        item["code"] = [_coding(q.code)]
    item["text"] = tr(q.label, language)
    extensions: list[dict[str, Any]] = []
    children: list[dict[str, Any]] = []
    kind = q.kind
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        item["type"] = "string" if kind is Kind.SHORT_TEXT else "text"
        if q.max_length is not None:
            item["maxLength"] = q.max_length
    elif kind is Kind.DATE:
        item["type"] = "date"
    elif kind in (Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.MULTIPLE_CHOICE):
        item["type"] = "choice"
        if kind is Kind.MULTIPLE_CHOICE:
            item["repeats"] = True
        extensions.append(_item_control("check-box" if kind is Kind.MULTIPLE_CHOICE else "radio-button"))
        options = []
        for option in q.choices():
            entry: dict[str, Any] = {"valueCoding": option_coding(bank, q, option, language)}
            option_ext = []
            if option.score is not None:
                option_ext.append(_ext("ordinalValue", valueDecimal=option.score))
            if option.exclusive:
                option_ext.append(_ext("questionnaire-optionExclusive", valueBoolean=True))
            if option_ext:
                entry["extension"] = option_ext
            options.append(entry)
        item["answerOption"] = options
    elif kind is Kind.SCALE:
        item["type"] = "integer"
        extensions += _limits("integer", q.min, q.max)
    elif kind is Kind.NUMBER and q.units:
        item["type"] = "quantity"
        for unit in q.units:
            extensions.append(
                _ext("questionnaire-unitOption", valueCoding=_unit_coding(bank, unit.id, tr(unit.label, language)))
            )
    elif kind is Kind.NUMBER:
        item["type"] = "integer" if q.integer else "decimal"
        extensions += _limits(item["type"], q.min, q.max)
        if q.unit:
            label = tr(q.unit, language)
            extensions.append(_ext("questionnaire-unit", valueCoding=_unit_coding(bank, label, label)))
    elif kind is Kind.LIST:
        item["type"] = "group"
        item["repeats"] = True
        extensions.append(_ext("questionnaire-maxOccurs", valueInteger=q.max_rows))
        for f in q.fields:
            column: dict[str, Any] = {"linkId": f"{q.id}.{f.id}", "text": tr(f.label, language), "type": "string"}
            if f.required:
                column["required"] = True
            column["maxLength"] = f.max_length
            children.append(column)
    if q.required:
        item["required"] = True
    if q.show_if:
        item.update(_enable_when(bank, q, language))
    help_lines = [tr(q.help, language)] if q.help else []
    if kind is Kind.SCALE and q.anchors:
        help_lines.append("; ".join(f"{point} = {tr(text, language)}" for point, text in sorted(q.anchors.items())))
    if help_lines:
        children.insert(0, _help_item(f"{q.id}.help", " ".join(help_lines)))
    if extensions:
        item["extension"] = extensions
    if children:
        item["item"] = children
    return item


def _total_item(instrument: Instrument) -> dict[str, Any]:
    word = "mean" if instrument.scoring == "mean" else "total"
    item: dict[str, Any] = {"linkId": total_link(instrument)}
    if instrument.total_code is not None:
        item["code"] = [_coding(instrument.total_code)]
    item["text"] = f"{instrument.name} {word} score, by the published rule. {DISCLAIMER}"
    item["type"] = "decimal" if instrument.decimals > 0 else "integer"
    item["readOnly"] = True
    return item


def grouped_instruments(bank: Bank) -> dict[str, Instrument]:
    """Instruments shown as a coded group: those with a panel code whose questions sit together in one section.

    Returns the id of each such instrument's first question -> the instrument.
    """
    out: dict[str, Instrument] = {}
    for instrument in bank.instruments:
        if instrument.code is None:
            continue
        members = set(instrument.items) | set(instrument.unscored_items)
        for section in bank.sections:
            ids = [q.id for q in section.questions]
            positions = [i for i, qid in enumerate(ids) if qid in members]
            if len(positions) == len(members) and positions == list(range(positions[0], positions[0] + len(positions))):
                out[ids[positions[0]]] = instrument
    return out


def _section_children(bank: Bank, section: Section, language: str) -> list[dict[str, Any]]:
    groups = grouped_instruments(bank)
    children: list[dict[str, Any]] = []
    if section.intro:
        children.append(
            {"linkId": f"{section_link(section)}.intro", "text": tr(section.intro, language), "type": "display"}
        )
    questions = iter(section.questions)
    for q in questions:
        instrument = groups.get(q.id)
        if instrument is None:
            children.append(_question_item(bank, q, language))
            continue
        size = len(set(instrument.items) | set(instrument.unscored_items))
        members = [q, *[next(questions) for _ in range(size - 1)]]
        group: dict[str, Any] = {"linkId": instrument_link(instrument)}
        if instrument.code is not None:
            group["code"] = [_coding(instrument.code)]
        group["text"] = instrument.name
        group["type"] = "group"
        group["item"] = [_question_item(bank, m, language) for m in members]
        if instrument.total_code is not None:
            group["item"].append(_total_item(instrument))
        children.append(group)
    return children


def questionnaire(bank: Bank, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The bank as a FHIR R4 Questionnaire resource (a JSON-ready dict), with the SDC scoring rules."""
    from summaries.fhir_scoring import add_scoring_rules  # it reads this module's codes

    resource = {
        "resourceType": "Questionnaire",
        "meta": {"profile": ["http://hl7.org/fhir/4.0/StructureDefinition/Questionnaire"]},
        "language": language,
        "url": questionnaire_url(bank),
        "identifier": [{"system": f"{BASE}:bank", "value": bank.id}],
        "version": bank.version,
        "title": tr(bank.title, language),
        "status": "active",
        "subjectType": ["Patient"],
        "description": (
            "Pre-visit questions a patient answers before a first visit about ketamine care. Non-diagnostic: the "
            "answers are what the patient reported; scores are screening scores, not a diagnosis."
        ),
        "item": [
            {
                "linkId": section_link(s),
                "text": tr(s.title, language),
                "type": "group",
                "item": _section_children(bank, s, language),
            }
            for s in bank.sections
        ],
    }
    return add_scoring_rules(bank, resource)


# ---------------------------------------------------------------------------------------------------------------
# QuestionnaireResponse


def _answers(bank: Bank, q: Question, value: Any, language: str) -> list[dict[str, Any]]:
    """The FHIR answer list for one valid answer."""
    kind = q.kind
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        return [{"valueString": value}]
    if kind is Kind.DATE:
        return [{"valueDate": value}]
    if kind in (Kind.SINGLE_CHOICE, Kind.YES_NO):
        return [{"valueCoding": option_coding(bank, q, q.option(value), language)}]  # type: ignore[arg-type]
    if kind is Kind.MULTIPLE_CHOICE:
        return [{"valueCoding": option_coding(bank, q, q.option(v), language)} for v in value]  # type: ignore[arg-type]
    if kind is Kind.SCALE:
        return [{"valueInteger": int(value)}]
    if kind is Kind.NUMBER and q.units:
        unit = next(u for u in q.units if u.id == value["unit"])
        coding = _unit_coding(bank, unit.id, tr(unit.label, language))
        return [
            {
                "valueQuantity": {
                    "value": value["value"],
                    "unit": coding["display"],
                    "system": coding["system"],
                    "code": coding["code"],
                }
            }
        ]
    if kind is Kind.NUMBER:
        return [{"valueInteger": int(value)}] if q.integer else [{"valueDecimal": value}]
    raise ValueError(f"no single answer for a {kind.value} question")  # lists are groups, handled by the caller


def _response_items(bank: Bank, q: Question, value: Any, language: str) -> list[dict[str, Any]]:
    """The response item(s) for one shown, valid, answered question (a list gives one group per row)."""
    text = tr(q.label, language)
    if q.kind is Kind.LIST:
        rows = []
        for row in value:
            cells = [
                {"linkId": f"{q.id}.{f.id}", "text": tr(f.label, language), "answer": [{"valueString": row[f.id]}]}
                for f in q.fields
                if row.get(f.id, "").strip()
            ]
            if cells:
                rows.append({"linkId": q.id, "text": text, "item": cells})
        return rows
    return [{"linkId": q.id, "text": text, "answer": _answers(bank, q, value, language)}]


def exported_answers(bank: Bank, intake: Intake, today: dt.date | None = None) -> dict[str, Any]:
    """The answers the export carries: shown questions with a valid answer (an invalid one is left out)."""
    shown = shown_ids(bank, intake.answers)
    out = {}
    for q in bank.questions():
        value = intake.answers.get(q.id)
        if q.id in shown and is_answered(value) and problem_with(q, value, intake.language, today) is None:
            out[q.id] = value
    return out


def questionnaire_response(
    bank: Bank, intake: Intake, authored: dt.datetime | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """A patient's answers as a FHIR R4 QuestionnaireResponse to `questionnaire(bank)` (a JSON-ready dict).

    Only questions shown given the other answers, with a valid answer, are included, nested in their section
    (and instrument) groups. The status is "completed" when `check()` finds nothing to fix, else "in-progress".
    """
    if intake.bank_id != bank.id:
        raise ValueError(f"the answers are to the form '{intake.bank_id}', not '{bank.id}'")
    language = intake.language
    answers = exported_answers(bank, intake, today)
    totals = {s.instrument_id: s for s in score(bank, intake)}
    groups = grouped_instruments(bank)
    when = authored or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)

    sections = []
    for section in bank.sections:
        children: list[dict[str, Any]] = []
        questions = iter(section.questions)
        for q in questions:
            instrument = groups.get(q.id)
            if instrument is None:
                if q.id in answers:
                    children += _response_items(bank, q, answers[q.id], language)
                continue
            size = len(set(instrument.items) | set(instrument.unscored_items))
            members = [q, *[next(questions) for _ in range(size - 1)]]
            inner = [i for m in members if m.id in answers for i in _response_items(bank, m, answers[m.id], language)]
            result = totals.get(instrument.id)
            if instrument.total_code is not None and result is not None and result.total is not None and inner:
                key = "valueDecimal" if instrument.decimals > 0 else "valueInteger"
                total = result.total if instrument.decimals > 0 else int(result.total)
                inner.append({"linkId": total_link(instrument), "answer": [{key: total}]})
            if inner:
                children.append({"linkId": instrument_link(instrument), "text": instrument.name, "item": inner})
        if children:
            sections.append({"linkId": section_link(section), "text": tr(section.title, language), "item": children})

    return {
        "resourceType": "QuestionnaireResponse",
        **response_header(bank, intake),
        "language": language,
        "questionnaire": canonical(bank),
        "status": "in-progress" if check(bank, intake, today) else "completed",
        "authored": when.replace(microsecond=0).isoformat(),
        "item": sections,
    }


def fhir_bundle_files(
    bank: Bank, intake: Intake, authored: dt.datetime | None = None, today: dt.date | None = None
) -> dict[str, bytes]:
    """The two files a patient downloads: {"questionnaire.json": ..., "questionnaire-response.json": ...}.

    Pretty-printed UTF-8 JSON, built in memory; nothing is written anywhere.
    """
    return {
        QUESTIONNAIRE_FILE: to_json(questionnaire(bank, intake.language)),
        RESPONSE_FILE: to_json(questionnaire_response(bank, intake, authored, today)),
    }


def bundle(
    bank: Bank, intake: Intake, authored: dt.datetime | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The Questionnaire, the response and its Observations in a Bundle of type "collection" (what
    `python -m summaries fhir` writes); summaries/fhir_transaction.py builds it."""
    from summaries.fhir_transaction import collection  # it builds on this module

    return collection(bank, intake, authored, today)


def to_json(resource: dict[str, Any]) -> bytes:
    """A resource as pretty-printed UTF-8 JSON."""
    return (json.dumps(resource, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
