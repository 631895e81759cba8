"""SDC scoring rules on the Questionnaire: each instrument's total as a FHIRPath `calculatedExpression`.

A form filler that knows SDC (LHC-Forms, for one) computes the totals itself from the answers, by the same
published rule as `questions.scoring`: the options carry their points as `ordinalValue` (set where the
Questionnaire is built), and the total item of each coded instrument gets an expression that

- sums the items' points: `weight()` of a choice answer, the number itself for a scale (PHQ-9, GAD-7,
  PCL-5, AUDIT-C); or takes their mean, rounded to the instrument's decimals (PEG);
- counts an item hidden by its enableWhen at the instrument's `skipped_item_score` when the form says so
  (AUDIT-C items 2 and 3 after "Never"), by repeating the item's show_if as FHIRPath;
- yields nothing (no total) while any other item is unanswered, as `questions.scoring` does.

The expressions read the response through `%resource`, by the linkIds of the section (and instrument) groups
that hold each item, so they do not depend on where the form filler evaluates them, and stay fast. The total
item also carries SDC's `observationExtract`, so an SDC extractor files it as an Observation
(summaries/fhir_observations.py builds the same one).

It also sets the SDC profiles the Questionnaire declares in `meta.profile` (summaries/fhir_profiles.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from questions.schema import DEFAULT_LANGUAGE, Bank, Instrument, Kind, Question, tr
from questions.scoring import instrument_of
from summaries.fhir import grouped_instruments, instrument_link, option_coding, section_link, total_link
from summaries.fhir_profiles import (
    CALCULATED_EXPRESSION,
    OBSERVATION_EXTRACT,
    QUESTIONNAIRE_PROFILES,
    VERSION_ALGORITHM,
    version_algorithm,
)


def _text(value: str) -> str:
    """A FHIRPath string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _group_path(bank: Bank, q: Question) -> str:
    """FHIRPath to the response group that holds a question: its section's, or its instrument's inside it."""
    path = f"%resource.item.where(linkId = {_text(section_link(bank.section_of(q.id)))})"
    instrument = instrument_of(bank, q.id)
    if instrument is not None and instrument in grouped_instruments(bank).values():
        path += f".item.where(linkId = {_text(instrument_link(instrument))})"
    return path


def _answers(bank: Bank, q: Question) -> str:
    return f"{_group_path(bank, q)}.item.where(linkId = {_text(q.id)}).answer"


def _shown(bank: Bank, q: Question, depth: int = 0) -> str | None:
    """FHIRPath that is true when the question is shown (its show_if as the response's answers); None: always."""
    if not q.show_if or depth > 20:
        return None
    tests = []
    for condition in q.show_if:
        target = bank.question(condition.question)
        outer = _shown(bank, target, depth + 1)
        if condition.at_least is not None:
            test = f"{_answers(bank, target)}.value.where($this >= {condition.at_least:g}).exists()"
            tests.append(f"({outer} and {test})" if outer else test)
            continue
        codes = []
        for value in condition.any_of:
            option = target.option(value)
            codes.append(option_coding(bank, target, option)["code"] if option is not None else value)
        if target.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.MULTIPLE_CHOICE):
            match = " or ".join(f"code = {_text(code)}" for code in codes)
        else:
            match = " or ".join(f"$this = {_text(code)}" for code in codes)
        test = f"{_answers(bank, target)}.value.where({match}).exists()"
        tests.append(f"({outer} and {test})" if outer else test)
    return tests[0] if len(tests) == 1 else "(" + " or ".join(tests) + ")"


def _points(bank: Bank, questions: Sequence[Question], choice: bool) -> str:
    ids = " | ".join(_text(q.id) for q in questions)
    where = f"{_group_path(bank, questions[0])}.item.where(linkId in ({ids})).answer.value"
    return f"{where}.weight()" if choice else where


def total_expression(bank: Bank, instrument: Instrument) -> str:
    """The FHIRPath that computes an instrument's total from a QuestionnaireResponse, or nothing if incomplete."""
    questions = [bank.question(item) for item in instrument.items]
    skippable = [q for q in questions if instrument.skipped_item_score is not None and q.show_if]
    required = [q for q in questions if q not in skippable]
    conditions = []
    if required:
        ids = " | ".join(_text(q.id) for q in required)
        answered = f"{_group_path(bank, required[0])}.item.where(linkId in ({ids}) and answer.exists()).count()"
        conditions.append(f"{answered} = {len(required)}")
    for q in skippable:
        conditions.append(f"({_answers(bank, q)}.exists() or {_shown(bank, q)}.not())")

    choice = [q for q in questions if q.kind is Kind.SINGLE_CHOICE]
    numbers = [q for q in questions if q.kind is not Kind.SINGLE_CHOICE]
    parts = [_points(bank, choice, choice=True)] if choice else []
    parts += [_points(bank, numbers, choice=False)] if numbers else []
    collected = parts[0] if len(parts) == 1 else f"{parts[0]}.combine({parts[1]})"
    total = f"{collected}.sum()"
    skipped = instrument.skipped_item_score
    if skipped:
        for q in skippable:
            total += f" + iif({_shown(bank, q)}, 0, {skipped:g})"
    if instrument.scoring == "mean":
        total = f"(({total}) / {len(questions)})"
    if instrument.scoring == "mean" or instrument.decimals > 0:
        total = f"({total}).round({instrument.decimals})"
    return f"iif({' and '.join(conditions)}, {total}, {{}})"


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for item in items:
        found.append(item)
        found += _walk(item.get("item", []))
    return found


def add_scoring_rules(bank: Bank, questionnaire: dict[str, Any]) -> dict[str, Any]:
    """The Questionnaire with a calculatedExpression and observationExtract on every instrument total item,
    the SDC profiles in meta.profile, and the computable name (que-0) and versionAlgorithm (sdc-2) they ask for
    (changes and returns the same dict)."""
    totals = {total_link(i): i for i in bank.instruments}
    for item in _walk(questionnaire.get("item", [])):
        instrument = totals.get(item.get("linkId", ""))
        if instrument is None:
            continue
        word = "mean" if instrument.scoring == "mean" else "total"
        rule = {
            "url": CALCULATED_EXPRESSION,
            "valueExpression": {
                "description": f"{tr(instrument.name, DEFAULT_LANGUAGE)} {word}",
                "language": "text/fhirpath",
                "expression": total_expression(bank, instrument),
            },
        }
        extract = {"url": OBSERVATION_EXTRACT, "valueBoolean": True}
        item["extension"] = [
            e for e in item.get("extension", []) if e.get("url") not in (CALCULATED_EXPRESSION, OBSERVATION_EXTRACT)
        ] + [rule, extract]
    questionnaire.setdefault("meta", {})["profile"] = list(QUESTIONNAIRE_PROFILES)
    questionnaire.setdefault("name", "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", bank.id)))
    extensions = [e for e in questionnaire.get("extension", []) if e.get("url") != VERSION_ALGORITHM]
    questionnaire["extension"] = [*extensions, version_algorithm(str(questionnaire.get("version", "")))]
    return questionnaire
