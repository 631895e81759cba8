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
- Every question is an item whose linkId is the question id; its type and answer come from its kind's entry in
  summaries/fhir_items.py (FHIR_KINDS): short_text -> string, long_text -> text (both with maxLength), date ->
  date, single_choice and yes_no -> choice (radio buttons), multiple_choice -> choice with repeats (check
  boxes; an exclusive option carries `questionnaire-optionExclusive`), scale -> integer with minValue /
  maxValue, number -> integer or decimal with minValue / maxValue and the unit as `questionnaire-unit`, or a
  quantity with one `questionnaire-unitOption` per unit when the patient picks the unit; list -> a repeating
  group with one string item per column (linkId `<question>.<column>`); blood_pressure -> a group coded as
  LOINC 85354-9 of two quantities in UCUM mm[Hg] (8480-6, 8462-4) and the day taken.
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

from questions.intake import Intake
from questions.schema import DEFAULT_LANGUAGE, Bank, Instrument, Question, Section, tr
from questions.scoring import DISCLAIMER
from questions.words import PSEUDO, languages
from summaries.fhir_items import (
    BASE,
    EXT,
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    UCUM,
    UCUM_UNITS,
    coding,
    ext,
    fhir_kind,
    item_control,
    option_coding,
    unit_coding,
)
from summaries.fhir_profiles import response_header
from summaries.summary import Summary, build_summary

__all__ = [
    "BASE",
    "EXT",
    "ITEM_CONTROL",
    "ITEM_CONTROL_SYSTEM",
    "LOINC",
    "UCUM",
    "UCUM_UNITS",
    "bundle",
    "canonical",
    "exported_answers",
    "fhir_bundle_files",
    "option_coding",
    "questionnaire",
    "questionnaire_json",
    "questionnaire_response",
    "response_from_summary",
    "to_json",
    "unit_coding",
]

LOINC = "http://loinc.org"

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


_coding = coding


# ---------------------------------------------------------------------------------------------------------------
# Questionnaire


_ext = ext
_item_control = item_control


def _help_item(link_id: str, text: str) -> dict[str, Any]:
    return {"linkId": link_id, "text": text, "type": "display", "extension": [_item_control("help")]}


def _enable_when(bank: Bank, q: Question, language: str) -> dict[str, Any]:
    """show_if (any condition holds; a condition holds when the answer is any of its values) as enableWhen."""
    conditions = []
    for condition in q.show_if or []:
        target = bank.question(condition.question)
        if condition.at_least is not None:
            whole = condition.at_least == int(condition.at_least) and getattr(target, "integer", False)
            bound = {"answerInteger": int(condition.at_least)} if whole else {"answerDecimal": condition.at_least}
            conditions.append({"question": target.id, "operator": ">=", **bound})
            continue
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
    parts = fhir_kind(q.kind).item(bank, q, language)
    item.update(parts.fields)
    if q.required:
        item["required"] = True
    if q.show_if:
        item.update(_enable_when(bank, q, language))
    hint = q.hint(language)
    children = [_help_item(f"{q.id}.help", hint)] if hint else []
    children += parts.children
    if parts.extensions:
        item["extension"] = parts.extensions
    if children:
        item["item"] = children
    return item


def _total_item(instrument: Instrument) -> dict[str, Any]:
    word = "mean" if instrument.scoring == "mean" else "total"
    item: dict[str, Any] = {"linkId": total_link(instrument)}
    if instrument.total_code is not None:
        item["code"] = [_coding(instrument.total_code)]
    item["text"] = f"{tr(instrument.name, DEFAULT_LANGUAGE)} {word} score, by the published rule. {DISCLAIMER}"
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
        group["text"] = tr(instrument.name, language)
        group["type"] = "group"
        group["item"] = [_question_item(bank, m, language) for m in members]
        if instrument.total_code is not None:
            group["item"].append(_total_item(instrument))
        children.append(group)
    return children


_BUILT: dict[tuple[str, str, tuple[str, ...]], tuple[Bank, bytes]] = {}
"""Each bank's Questionnaire as JSON, by (bank id, version, the languages it carries), with the bank object it
was built from (a bank loaded again, its texts perhaps changed, is built again). Bank data and the app's own
words only (never anything from answers), so sharing it between sessions is safe."""


def translated_languages(bank: Bank) -> tuple[str, ...]:
    """The languages the Questionnaire carries as translations: the bank's and the app's, English aside."""
    return tuple(sorted({*bank.languages, *languages()} - {DEFAULT_LANGUAGE, PSEUDO}))


def questionnaire_json(bank: Bank) -> bytes:
    """The bank's Questionnaire as pretty-printed JSON, built once per bank: in English, with every other
    language's texts as translation extensions."""
    key = (bank.id, bank.version, translated_languages(bank))
    built = _BUILT.get(key)
    if built is None or built[0] is not bank:
        if len(_BUILT) >= 8:
            _BUILT.clear()
        built = _BUILT[key] = (bank, to_json(_build_questionnaire(bank)))
    return built[1]


def questionnaire(bank: Bank) -> dict[str, Any]:
    """The bank as a FHIR R4 Questionnaire resource (a JSON-ready dict of its own, built once per bank)."""
    resource: dict[str, Any] = json.loads(questionnaire_json(bank))
    return resource


def _build_questionnaire(bank: Bank) -> dict[str, Any]:
    """The bank as a FHIR R4 Questionnaire in English (`language: en`), each text that reads differently in
    another language carrying that text as a translation extension (summaries/fhir_translations.py)."""
    from summaries.fhir_translations import add_translations

    resource = _questionnaire_in(bank, DEFAULT_LANGUAGE)
    for language in translated_languages(bank):
        add_translations(resource, _questionnaire_in(bank, language), language)
    return resource


def _questionnaire_in(bank: Bank, language: str) -> dict[str, Any]:
    """The bank as a FHIR R4 Questionnaire resource in one language, with the SDC scoring rules."""
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


def exported_answers(summary: Summary) -> dict[str, Any]:
    """The answers the export carries: the Summary's shown questions with a valid answer (invalid ones left out)."""
    return {
        item.question_id: item.value
        for section in summary.sections
        for item in section.items
        if item.problem is None and item.value is not None
    }


def _response_items(bank: Bank, q: Question, value: Any, language: str) -> list[dict[str, Any]]:
    return fhir_kind(q.kind).response(bank, q, value, language)


def questionnaire_response(
    bank: Bank, intake: Intake, authored: dt.datetime | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """A patient's answers as a FHIR R4 QuestionnaireResponse to `questionnaire(bank)` (a JSON-ready dict).

    Rendered from the answers' Summary (see `response_from_summary`); `today` is the day answers are checked on.
    """
    if intake.bank_id != bank.id:
        raise ValueError(f"the answers are to the form '{intake.bank_id}', not '{bank.id}'")
    return response_from_summary(bank, build_summary(bank, intake, today=today), authored)


def response_from_summary(bank: Bank, summary: Summary, authored: dt.datetime | None = None) -> dict[str, Any]:
    """The Summary's answers as a FHIR R4 QuestionnaireResponse to `questionnaire(bank)` (a JSON-ready dict).

    Only questions shown given the other answers, with a valid answer, are included, nested in their section
    (and instrument) groups, with the Summary's scores. The status is "completed" when the Summary has nothing
    left to fix, else "in-progress".
    """
    if summary.bank_id != bank.id:
        raise ValueError(f"the answers are to the form '{summary.bank_id}', not '{bank.id}'")
    language = summary.intake.language  # the response is in the language the patient read and answered in
    answers = exported_answers(summary)
    totals = {s.instrument_id: s for s in summary.scores}
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
                children.append(
                    {"linkId": instrument_link(instrument), "text": tr(instrument.name, language), "item": inner}
                )
        if children:
            sections.append({"linkId": section_link(section), "text": tr(section.title, language), "item": children})

    return {
        "resourceType": "QuestionnaireResponse",
        **response_header(bank, summary.intake),
        "language": language,
        "questionnaire": canonical(bank),
        "status": "in-progress" if summary.problems else "completed",
        "authored": when.replace(microsecond=0).isoformat(),
        "item": sections,
    }


def fhir_bundle_files(
    bank: Bank,
    intake: Intake,
    authored: dt.datetime | None = None,
    today: dt.date | None = None,
    *,
    summary: Summary | None = None,
) -> dict[str, bytes]:
    """The two files a patient downloads: {"questionnaire.json": ..., "questionnaire-response.json": ...}.

    Pretty-printed UTF-8 JSON, built in memory; nothing is written anywhere. `summary`: the Summary of these
    answers when the caller has built it already (the PDF), so the answers are derived once.
    """
    if intake.bank_id != bank.id:
        raise ValueError(f"the answers are to the form '{intake.bank_id}', not '{bank.id}'")
    summary = summary or build_summary(bank, intake, today=today)
    return {
        QUESTIONNAIRE_FILE: questionnaire_json(bank),
        RESPONSE_FILE: to_json(response_from_summary(bank, summary, authored)),
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
