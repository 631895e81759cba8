"""Our own check that a FHIR QuestionnaireResponse fits its Questionnaire (used by the tests, not the app).

Every linkId exists and sits where the Questionnaire puts it, each answer has the value type its item takes,
choices and units come from the item, numbers and text stay in their limits, enableWhen is respected, and a
completed response answers every enabled required item.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

from summaries.fhir import EXT

__all__ = ["VALUE_KEYS", "Checker", "check_response"]


VALUE_KEYS = {
    "boolean": "valueBoolean",
    "decimal": "valueDecimal",
    "integer": "valueInteger",
    "date": "valueDate",
    "dateTime": "valueDateTime",
    "time": "valueTime",
    "string": "valueString",
    "text": "valueString",
    "url": "valueUri",
    "choice": "valueCoding",
    "quantity": "valueQuantity",
    "attachment": "valueAttachment",
    "reference": "valueReference",
}
"""The answer value[x] each item type takes."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _walk_response(items: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from _walk_response(item.get("item", []))
        for answer in item.get("answer", []):
            yield from _walk_response(answer.get("item", []))


def _value(answer: dict[str, Any]) -> tuple[str | None, Any]:
    keys = [k for k in answer if k.startswith("value")]
    if len(keys) != 1:
        return None, None
    return keys[0], answer[keys[0]]


def _same_coding(a: Any, b: Any) -> bool:
    if not isinstance(a, dict) or not isinstance(b, dict):
        return False
    return a.get("code") == b.get("code") and (not a.get("system") or not b.get("system") or a["system"] == b["system"])


def _compare(operator: str, actual: Any, wanted: Any) -> bool:
    if operator == "=":
        return _same_coding(actual, wanted) if isinstance(wanted, dict) else actual == wanted
    if operator == "!=":
        return not _compare("=", actual, wanted)
    try:
        return {">": actual > wanted, "<": actual < wanted, ">=": actual >= wanted, "<=": actual <= wanted}[operator]
    except (TypeError, KeyError):
        return False


class Checker:
    """One check of a response against its Questionnaire: `run()` lists the problems, `enabled(link)` reads
    enableWhen as the response answers it."""

    def __init__(self, questionnaire: dict[str, Any], response: dict[str, Any]) -> None:
        self.q = questionnaire
        self.r = response
        self.problems: list[str] = []
        self.items: dict[str, dict[str, Any]] = {}
        self.parent: dict[str, str | None] = {}
        self._index(questionnaire.get("item", []), None)
        self.answers: dict[str, list[dict[str, Any]]] = {}
        for item in _walk_response(response.get("item", [])):
            if isinstance(item, dict) and "linkId" in item:
                self.answers.setdefault(item["linkId"], []).extend(item.get("answer", []))
        self._enabled: dict[str, bool] = {}

    def _index(self, items: list[dict[str, Any]], parent: str | None) -> None:
        for item in items:
            link = str(item.get("linkId"))
            if link in self.items:
                self.problems.append(f"the Questionnaire uses linkId '{link}' twice")
            self.items[link] = item
            self.parent[link] = parent
            self._index(item.get("item", []), link)

    def enabled(self, link: str, seen: frozenset[str] = frozenset()) -> bool:
        """Whether an item is enabled: its parent is and its enableWhen holds (disabled items' answers don't count)."""
        if link in self._enabled:
            return self._enabled[link]
        if link in seen:  # a cycle of conditions: the Questionnaire is broken; count it as enabled
            return True
        item = self.items[link]
        parent = self.parent.get(link)
        result = parent is None or self.enabled(parent, seen | {link})
        conditions = item.get("enableWhen", [])
        if result and conditions:
            results = [self._holds(c, seen | {link}) for c in conditions]
            result = any(results) if item.get("enableBehavior") == "any" else all(results)
        self._enabled[link] = result
        return result

    def _holds(self, condition: dict[str, Any], seen: frozenset[str]) -> bool:
        target = condition.get("question")
        if target not in self.items:
            self.problems.append(f"enableWhen refers to unknown linkId '{target}'")
            return False
        answers = self.answers.get(target, []) if self.enabled(target, seen) else []
        operator = condition.get("operator")
        _, wanted = next(((k, v) for k, v in condition.items() if k.startswith("answer")), (None, None))
        if operator == "exists":
            return bool(answers) == bool(wanted)
        values = [_value(a)[1] for a in answers]
        return any(_compare(str(operator), v, wanted) for v in values)

    def run(self) -> list[str]:
        if self.r.get("resourceType") != "QuestionnaireResponse":
            self.problems.append("the response is not a QuestionnaireResponse")
        url, version = self.q.get("url"), self.q.get("version")
        if self.r.get("questionnaire") not in {url, f"{url}|{version}"}:
            self.problems.append(f"the response refers to '{self.r.get('questionnaire')}', not to '{url}|{version}'")
        self._check_items(self.r.get("item", []), self.q.get("item", []), "")
        if self.r.get("status") == "completed":
            self._check_required(self.r.get("item", []), self.q.get("item", []))
        return self.problems

    def _check_items(self, given: list[dict[str, Any]], expected: list[dict[str, Any]], where: str) -> None:
        allowed = {i.get("linkId"): i for i in expected}
        counts: dict[str, int] = {}
        for item in given:
            link = item.get("linkId")
            path = f"{where}/{link}"
            if not isinstance(link, str):
                self.problems.append(f"an item in '{where or '/'}' has no linkId")
                continue
            spec = allowed.get(link)
            if spec is None:
                known = "is not in the Questionnaire" if link not in self.items else "is not expected at this place"
                self.problems.append(f"item '{path}': linkId {known}")
                continue
            counts[link] = counts.get(link, 0) + 1
            if counts[link] == 2 and not spec.get("repeats"):
                self.problems.append(f"item '{path}': appears more than once but does not repeat")
            if not self.enabled(link):
                self.problems.append(f"item '{path}': answered, but its enableWhen does not hold (it is not shown)")
            kind = spec.get("type")
            if kind == "display":
                self.problems.append(f"item '{path}': a display item cannot be in a response")
                continue
            if kind == "group":
                if item.get("answer"):
                    self.problems.append(f"item '{path}': a group has items, not answers")
                self._check_items(item.get("item", []), spec.get("item", []), path)
                continue
            self._check_answers(item, spec, path)

    def _check_answers(self, item: dict[str, Any], spec: dict[str, Any], path: str) -> None:
        answers = item.get("answer", [])
        if not answers:
            self.problems.append(f"item '{path}': no answer")
        if len(answers) > 1 and not spec.get("repeats"):
            self.problems.append(f"item '{path}': {len(answers)} answers to a question that takes one")
        wanted = VALUE_KEYS.get(str(spec.get("type")))
        for answer in answers:
            key, value = _value(answer)
            if key is None:
                self.problems.append(f"item '{path}': an answer needs exactly one value[x]")
                continue
            if key != wanted:
                self.problems.append(f"item '{path}': answer is {key}, but a {spec.get('type')} item takes {wanted}")
                continue
            message = self._value_problem(spec, key, value)
            if message:
                self.problems.append(f"item '{path}': {message}")
            nested = answer.get("item", [])
            if nested:
                self._check_items(nested, [c for c in spec.get("item", []) if c.get("type") != "display"], path)

    def _value_problem(self, spec: dict[str, Any], key: str, value: Any) -> str | None:
        if key == "valueString":
            if not isinstance(value, str):
                return "valueString is not text"
            if "maxLength" in spec and len(value) > spec["maxLength"]:
                return f"text longer than maxLength {spec['maxLength']}"
        elif key == "valueInteger":
            if isinstance(value, bool) or not isinstance(value, int):
                return "valueInteger is not a whole number"
        elif key == "valueDecimal":
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                return "valueDecimal is not a number"
        elif key == "valueDate":
            if not isinstance(value, str) or not _DATE.match(value):
                return "valueDate is not a date like 2024-03-31"
        elif key == "valueCoding":
            options = [o.get("valueCoding") for o in spec.get("answerOption", [])]
            if not any(_same_coding(value, o) and o.get("system") == value.get("system") for o in options if o):
                return (
                    f"code {value.get('system') if isinstance(value, dict) else ''}|"
                    f"{value.get('code') if isinstance(value, dict) else value} is not one of its answerOptions"
                )
        elif key == "valueQuantity":
            if (
                not isinstance(value, dict)
                or isinstance(value.get("value"), bool)
                or not isinstance(value.get("value"), int | float)
            ):
                return "valueQuantity has no number"
            units = [e.get("valueCoding") for e in spec.get("extension", []) if e.get("url", "").endswith("unitOption")]
            if units and not any(_same_coding(value, u) for u in units):
                return f"unit '{value.get('code')}' is not one of its unitOptions"
        if key in ("valueInteger", "valueDecimal") and isinstance(value, int | float):
            for ext in spec.get("extension", []):
                limit = ext.get("valueInteger", ext.get("valueDecimal"))
                if ext.get("url") == EXT + "minValue" and limit is not None and value < limit:
                    return f"{value} is below minValue {limit}"
                if ext.get("url") == EXT + "maxValue" and limit is not None and value > limit:
                    return f"{value} is above maxValue {limit}"
        return None

    def _check_required(self, given: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
        """Every enabled required item is there. An absent non-repeating group counts as an empty one."""
        for spec in expected:
            link = str(spec.get("linkId"))
            if spec.get("type") == "display" or not self.enabled(link):
                continue
            present = [i for i in given if i.get("linkId") == link]
            has_content = any(i.get("answer") or i.get("item") for i in present)
            if spec.get("required") and not has_content:
                self.problems.append(f"item '{link}': required, but not answered")
            if spec.get("type") == "group":
                instances = present or ([] if spec.get("repeats") else [{}])
                for instance in instances:
                    self._check_required(instance.get("item", []), spec.get("item", []))


def check_response(questionnaire: dict[str, Any], response: dict[str, Any]) -> list[str]:
    """What is wrong with a QuestionnaireResponse as an answer to this Questionnaire; [] when nothing is.

    Every linkId exists and sits where the Questionnaire puts it, each answer has the value type its item takes
    (choices use one of the item's answerOptions, quantities one of its units, numbers stay within min / max,
    text within maxLength), non-repeating items are answered once, no item whose enableWhen does not hold is
    answered, and, in a completed response, every enabled required item is answered.
    """
    return Checker(questionnaire, response).run()
