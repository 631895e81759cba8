"""The FHIR item and answer of each question kind: one table, keyed by kind (see summaries/fhir.py for the map).

Each entry says what a kind adds to its Questionnaire item (type, limits, options, unit, columns) and how a
valid answer reads as QuestionnaireResponse item(s). `fhir_kind` raises UnknownKind for a kind with no entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from questions.kinds import Kind, lookup
from questions.kinds.base import DEFAULT_LANGUAGE, Coding, Option, QuestionBase, tr
from questions.kinds.blood_pressure import BloodPressure
from questions.kinds.choice import MultipleChoice, SingleChoice, YesNo
from questions.kinds.lists import ListOfRows
from questions.kinds.number import Number
from questions.kinds.scale import Scale
from questions.kinds.text import LongText, ShortText
from questions.schema import Bank
from questions.words import PSEUDO, say

BASE = "urn:ketamine-pre-visit-intake"
"""Prefix of the canonical URL and of the code systems this app defines itself."""

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


@dataclass
class ItemParts:
    """What a kind adds to its Questionnaire item: fields (type, maxLength, ...), extensions, child items."""

    fields: dict[str, Any] = field(default_factory=dict)
    extensions: list[dict[str, Any]] = field(default_factory=list)
    children: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class FhirKind:
    """A kind's FHIR rendering: its item parts, and the response item(s) of a valid answer."""

    item: Callable[[Bank, Any, str], ItemParts]
    response: Callable[[Bank, Any, Any, str], list[dict[str, Any]]]


# --- shared pieces ------------------------------------------------------------------------------------------


def ext(name: str, **value: Any) -> dict[str, Any]:
    return {"url": EXT + name, **value}


def item_control(code: str) -> dict[str, Any]:
    return {"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]}}


def coding(code: Coding, display: str | None = None) -> dict[str, str]:
    out = {"system": code.system, "code": code.code}
    if code.display or display:
        out["display"] = code.display or display or ""
    return out


def option_coding(bank: Bank, q: QuestionBase, option: Option, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The Coding for one answer: its published code where the bank gives one, else its stored value.

    A published code keeps its published display; in another language the label the patient read is carried
    beside it as a translation (`_display`, see summaries/fhir_translations.py)."""
    label = tr(option.label, language)
    if option.code is not None:
        out: dict[str, Any] = coding(option.code, label)
        if language not in (DEFAULT_LANGUAGE, PSEUDO) and out.get("display") != label:
            from summaries.fhir_translations import with_translation

            out["_display"] = with_translation(None, language, label)
        return out
    return {"system": f"{BASE}:{bank.id}:{q.id}", "code": option.value, "display": label}


def unit_coding(bank: Bank, unit_id: str, label: str) -> dict[str, str]:
    """A unit as a Coding: UCUM where the unit has a UCUM code, else the bank's own code."""
    ucum = UCUM_UNITS.get(unit_id.lower()) or UCUM_UNITS.get(label.lower())
    if ucum:
        return {"system": UCUM, "code": ucum, "display": label}
    return {"system": f"{BASE}:{bank.id}:units", "code": unit_id, "display": label}


def quantity(value: float, unit: dict[str, str]) -> dict[str, Any]:
    """A valueQuantity of `value` in the unit `unit` (a Coding)."""
    return {"valueQuantity": {"value": value, "unit": unit["display"], "system": unit["system"], "code": unit["code"]}}


def limits(kind: str, low: float | None, high: float | None) -> list[dict[str, Any]]:
    key = "valueInteger" if kind == "integer" else "valueDecimal"
    cast = int if kind == "integer" else float
    out = []
    if low is not None:
        out.append(ext("minValue", **{key: cast(low)}))
    if high is not None:
        out.append(ext("maxValue", **{key: cast(high)}))
    return out


def one_item(q: QuestionBase, answers: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """The response item of a question answered with `answers`."""
    return [{"linkId": q.id, "text": tr(q.label, language), "answer": answers}]


# --- each kind -----------------------------------------------------------------------------------------------


def _text_item(bank: Bank, q: ShortText | LongText, language: str) -> ItemParts:
    parts = ItemParts({"type": "string" if q.kind is Kind.SHORT_TEXT else "text"})
    if q.max_length is not None:
        parts.fields["maxLength"] = q.max_length
    return parts


def _text_response(bank: Bank, q: QuestionBase, value: str, language: str) -> list[dict[str, Any]]:
    return one_item(q, [{"valueString": value}], language)


def _date_item(bank: Bank, q: QuestionBase, language: str) -> ItemParts:
    return ItemParts({"type": "date"})


def _date_response(bank: Bank, q: QuestionBase, value: str, language: str) -> list[dict[str, Any]]:
    return one_item(q, [{"valueDate": value}], language)


def _choice_item(bank: Bank, q: SingleChoice | MultipleChoice | YesNo, language: str) -> ItemParts:
    several = q.kind is Kind.MULTIPLE_CHOICE
    parts = ItemParts({"type": "choice"})
    if several:
        parts.fields["repeats"] = True
    parts.extensions.append(item_control("check-box" if several else "radio-button"))
    options = []
    for option in q.choices():
        entry: dict[str, Any] = {"valueCoding": option_coding(bank, q, option, language)}
        option_ext = []
        if option.score is not None:
            option_ext.append(ext("ordinalValue", valueDecimal=option.score))
        if option.exclusive:
            option_ext.append(ext("questionnaire-optionExclusive", valueBoolean=True))
        if option_ext:
            entry["extension"] = option_ext
        options.append(entry)
    parts.fields["answerOption"] = options
    return parts


def _choice_response(bank: Bank, q: QuestionBase, value: str | list[str], language: str) -> list[dict[str, Any]]:
    picked = value if isinstance(value, list) else [value]
    return one_item(q, [{"valueCoding": option_coding(bank, q, q.option(v), language)} for v in picked], language)  # type: ignore[arg-type]


def _scale_item(bank: Bank, q: Scale, language: str) -> ItemParts:
    return ItemParts({"type": "integer"}, limits("integer", q.min, q.max))


def _scale_response(bank: Bank, q: QuestionBase, value: int, language: str) -> list[dict[str, Any]]:
    return one_item(q, [{"valueInteger": int(value)}], language)


def _number_item(bank: Bank, q: Number, language: str) -> ItemParts:
    if q.units:
        options = [
            ext("questionnaire-unitOption", valueCoding=unit_coding(bank, unit.id, tr(unit.label, language)))
            for unit in q.units
        ]
        return ItemParts({"type": "quantity"}, options)
    kind = "integer" if q.integer else "decimal"
    parts = ItemParts({"type": kind}, limits(kind, q.min, q.max))
    if q.unit:
        label = tr(q.unit, language)
        parts.extensions.append(ext("questionnaire-unit", valueCoding=unit_coding(bank, label, label)))
    return parts


def _number_response(bank: Bank, q: Number, value: Any, language: str) -> list[dict[str, Any]]:
    if q.units:
        unit = q.unit_of(value["unit"])
        assert unit is not None
        return one_item(q, [quantity(value["value"], unit_coding(bank, unit.id, tr(unit.label, language)))], language)
    answer = {"valueInteger": int(value)} if q.integer else {"valueDecimal": value}
    return one_item(q, [answer], language)


def _list_item(bank: Bank, q: ListOfRows, language: str) -> ItemParts:
    parts = ItemParts({"type": "group", "repeats": True}, [ext("questionnaire-maxOccurs", valueInteger=q.max_rows)])
    for f in q.fields:
        column: dict[str, Any] = {"linkId": f"{q.id}.{f.id}", "text": tr(f.label, language), "type": "string"}
        if f.required:
            column["required"] = True
        column["maxLength"] = f.max_length
        parts.children.append(column)
    return parts


def _list_response(bank: Bank, q: ListOfRows, value: list[dict[str, str]], language: str) -> list[dict[str, Any]]:
    """One repeating group per row with anything in it; each filled column a string item."""
    rows = []
    for row in value:
        cells = [
            {"linkId": f"{q.id}.{f.id}", "text": tr(f.label, language), "answer": [{"valueString": row[f.id]}]}
            for f in q.fields
            if row.get(f.id, "").strip()
        ]
        if cells:
            rows.append({"linkId": q.id, "text": tr(q.label, language), "item": cells})
    return rows


MM_HG = {"system": UCUM, "code": "mm[Hg]", "display": "mmHg"}
_LOINC = "http://loinc.org"
BLOOD_PRESSURE_CODES = {
    "panel": Coding(system=_LOINC, code="85354-9", display="Blood pressure panel with all children optional"),
    "systolic": Coding(system=_LOINC, code="8480-6", display="Systolic blood pressure"),
    "diastolic": Coding(system=_LOINC, code="8462-4", display="Diastolic blood pressure"),
}
"""LOINC codes of the FHIR blood pressure profile (hl7.org/fhir/R4/bp.html): the panel and its two numbers."""
_BP_WORDS = {"systolic": "kinds.blood_pressure.top", "diastolic": "kinds.blood_pressure.bottom"}


def _blood_pressure_item(bank: Bank, q: BloodPressure, language: str) -> ItemParts:
    """A group (coded as LOINC's blood pressure panel) of two quantities in mm[Hg] and the day of the reading."""
    parts = ItemParts({"type": "group"})
    if q.code is None:
        parts.fields["code"] = [coding(BLOOD_PRESSURE_CODES["panel"])]
    for part, words in _BP_WORDS.items():
        parts.children.append(
            {
                "linkId": f"{q.id}.{part}",
                "code": [coding(BLOOD_PRESSURE_CODES[part])],
                "text": say(language, words),
                "type": "quantity",
                "extension": [ext("questionnaire-unitOption", valueCoding=MM_HG)],
            }
        )
    parts.children.append(
        {"linkId": f"{q.id}.taken", "text": say(language, "kinds.blood_pressure.day"), "type": "date"}
    )
    return parts


def _blood_pressure_response(bank: Bank, q: BloodPressure, value: Any, language: str) -> list[dict[str, Any]]:
    """The group with the two numbers as valueQuantity in mm[Hg], and the day when it was given."""
    children = [
        {"linkId": f"{q.id}.{part}", "text": say(language, words), "answer": [quantity(value[part], MM_HG)]}
        for part, words in _BP_WORDS.items()
    ]
    if value.get("taken"):
        day = say(language, "kinds.blood_pressure.day")
        children.append({"linkId": f"{q.id}.taken", "text": day, "answer": [{"valueDate": value["taken"]}]})
    return [{"linkId": q.id, "text": tr(q.label, language), "item": children}]


FHIR_KINDS: dict[Kind, FhirKind] = {
    Kind.SHORT_TEXT: FhirKind(_text_item, _text_response),
    Kind.LONG_TEXT: FhirKind(_text_item, _text_response),
    Kind.NUMBER: FhirKind(_number_item, _number_response),
    Kind.DATE: FhirKind(_date_item, _date_response),
    Kind.SINGLE_CHOICE: FhirKind(_choice_item, _choice_response),
    Kind.MULTIPLE_CHOICE: FhirKind(_choice_item, _choice_response),
    Kind.YES_NO: FhirKind(_choice_item, _choice_response),
    Kind.SCALE: FhirKind(_scale_item, _scale_response),
    Kind.LIST: FhirKind(_list_item, _list_response),
    Kind.BLOOD_PRESSURE: FhirKind(_blood_pressure_item, _blood_pressure_response),
}
"""The FHIR renderer table: each kind's item and answer."""


def fhir_kind(kind: object) -> FhirKind:
    """The FHIR rendering of a kind (UnknownKind when the table has none)."""
    return lookup(FHIR_KINDS, kind, "FHIR item (summaries/fhir_items.py FHIR_KINDS)")
