"""The SDC profiles the Questionnaire and the response declare (meta.profile), checked against the SDC
StructureDefinitions (npm package hl7.fhir.uv.sdc 4.0.0-ballot) as far as the tools here allow:

- every declared SDC profile exists in the package and is a profile on the resource's type;
- every invariant of every element of each profile's snapshot (SDC's own, such as sdcqr-1 and sdc-obsn-1, and
  the R4 ones it inherits) holds wherever the element occurs, evaluated by the npm `fhirpath` engine; invariants
  of severity "warning" are reported apart (the only one allowed: dom-6, we write no narrative);
- every element's cardinality (min..max), slices and choice types aside;
- every SDC extension we use is defined in the package, used where its context allows, with a value type it
  allows.

Not checked (no FHIR validator runs here): terminology bindings, slicing and discriminators, type profiles of
references, the core extensions' own definitions (they live in another package), and invariants on choice
elements (value[x]).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fhir_tools import INSTALL, NODE_MODULES, ROOT, need, sdc_definitions

from questions import Bank
from samples.patients import build, maximal, typical
from summaries.fhir import questionnaire, questionnaire_response
from summaries.fhir_profiles import CALCULATED_EXPRESSION, OBSERVATION_EXTRACT, SDC

PROFILE_JS = ROOT / "tests" / "node" / "profile.js"
ALLOWED_WARNINGS = {"dom-6"}
"""Invariants of severity warning we knowingly do not meet: dom-6, 'a resource should have narrative'."""


def profile_check(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """tests/node/profile.js's findings for each resource (see its header)."""
    definitions = sdc_definitions()
    node = shutil.which("node")
    need(node is not None, "node is missing (apt-get install nodejs)")
    need((NODE_MODULES / "fhirpath" / "package.json").is_file(), f"npm fhirpath is missing: run `{INSTALL}`")
    used = {url for r in resources for url in r.get("meta", {}).get("profile", []) if url in definitions}
    result = subprocess.run(
        [str(node), str(PROFILE_JS)],
        input=json.dumps({"definitions": {u: definitions[u] for u in used}, "resources": resources}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def _extensions(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(element path, extension) for every extension in a resource; nested items share their parent's path."""
    if isinstance(node, list):
        for child in node:
            yield from _extensions(child, path)
        return
    if not isinstance(node, dict):
        return
    for extension in node.get("extension", []):
        yield path, extension
    for key, value in node.items():
        if key == "extension":
            continue
        if key == "item" and (path.endswith(".item") or path.endswith(".answer")):
            inner = path if path.endswith(".item") else path.rsplit(".", 1)[0]
        else:
            inner = f"{path}.{key}"
        yield from _extensions(value, inner)


def extension_problems(resource: dict[str, Any]) -> list[str]:
    """What is wrong with the SDC extensions a resource uses, by their StructureDefinitions."""
    definitions = sdc_definitions()
    problems = []
    for path, extension in _extensions(resource, resource["resourceType"]):
        url = extension.get("url", "")
        if not url.startswith(SDC):
            continue
        definition = definitions.get(url)
        if definition is None:
            problems.append(f"{path}: {url} is not in the SDC package")
            continue
        contexts = {c["expression"] for c in definition.get("context", [])}
        if path not in contexts and "Element" not in contexts:
            problems.append(f"{path}: {url} may only be used on {sorted(contexts)}")
        value: dict[str, Any] = next(
            (e for e in definition["snapshot"]["element"] if e["id"] == "Extension.value[x]"), {"type": []}
        )
        allowed = {t["code"].lower() for t in value["type"]}
        keys = [k for k in extension if k.startswith("value")]
        if len(keys) != 1 or keys[0][5:].lower() not in allowed:
            problems.append(f"{path}: {url} takes a value of type {sorted(allowed)}, not {keys}")
    return problems


@pytest.fixture(scope="module")
def resources(bank: Bank) -> dict[str, dict[str, Any]]:
    return {
        "questionnaire": questionnaire(bank),
        "typical response": questionnaire_response(bank, typical(bank)),
        "maximal response": questionnaire_response(bank, build(bank, maximal)),
    }


def test_declared_sdc_profiles_hold(resources: dict[str, dict[str, Any]]) -> None:
    definitions = sdc_definitions()
    for name, resource in resources.items():
        profiles = resource["meta"]["profile"]
        assert profiles, name
        assert all(p.startswith(SDC) for p in profiles), name
        for url in profiles:
            assert definitions[url]["type"] == resource["resourceType"], url
    results = profile_check(list(resources.values()))
    for (name, resource), found in zip(resources.items(), results, strict=True):
        assert found["problems"] == [], name
        assert {w.split()[1] for w in found["warnings"]} <= ALLOWED_WARNINGS, (name, found["warnings"])
        assert found["checked"]["constraints"] > 30, found["checked"]
        assert found["checked"]["cardinalities"] > 20, found["checked"]
        assert extension_problems(resource) == [], name


def _first(items: list[dict[str, Any]], test: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    for item in items:
        if test(item):
            return item
        found = _first(item.get("item", []), test)
        if found:
            return found
    return {}


def _total(q: dict[str, Any]) -> dict[str, Any]:
    return _first(q["item"], lambda i: i["linkId"] == "phq9.total")


def _rule(q: dict[str, Any]) -> dict[str, Any]:
    extension: dict[str, Any] = _total(q)["extension"][0]
    return extension


BROKEN: dict[str, tuple[str, Callable[[dict[str, Any]], None], str]] = {
    "a response without a subject (a warning)": ("typical response", lambda r: r.pop("subject"), "sdcqr-1"),
    "a questionnaire without a url": ("questionnaire", lambda q: q.pop("url"), "Questionnaire.url: not 1..1"),
    "observationExtract on a display item": (
        "questionnaire",
        lambda q: (
            _first(q["item"], lambda i: i["type"] == "display")
            .setdefault("extension", [])
            .append({"url": OBSERVATION_EXTRACT, "valueBoolean": True})
        ),
        "sdc-obsn-1",
    ),
    "a version without its algorithm": ("questionnaire", lambda q: q.pop("extension"), "sdc-2"),
    "an empty group (a warning)": ("questionnaire", lambda q: q["item"][0].update(item=[]), "que-1b"),
    "an unknown SDC profile": (
        "questionnaire",
        lambda q: q["meta"]["profile"].append(SDC + "sdc-questionnaire-nonesuch"),
        "no such profile",
    ),
}


@pytest.fixture(scope="module")
def broken_results(resources: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """profile.js's findings for every hand-broken resource, in one run of node."""
    broken = []
    for target, breaker, _ in BROKEN.values():
        resource = copy.deepcopy(resources[target])
        breaker(resource)
        broken.append(resource)
    return dict(zip(BROKEN, profile_check(broken), strict=True))


@pytest.mark.parametrize("name", list(BROKEN))
def test_hand_broken_resources_break_the_profile(name: str, broken_results: dict[str, dict[str, Any]]) -> None:
    expected = BROKEN[name][2]
    found = broken_results[name]
    reported = found["warnings"] if "warning" in name else found["problems"]
    assert any(expected in p for p in reported), found


@pytest.mark.parametrize(
    ("breaker", "expected"),
    [
        (
            lambda q: _total(q)["extension"][0].update(
                valueString=_total(q)["extension"][0].pop("valueExpression")["expression"]
            ),
            "takes a value",
        ),
        (lambda q: q.setdefault("extension", []).append(_total(q)["extension"][0]), "may only be used on"),
        (lambda q: _total(q)["extension"][0].update(url=SDC + "sdc-questionnaire-nonesuch"), "not in the SDC"),
    ],
    ids=["calculatedExpression as text", "calculatedExpression on the Questionnaire", "unknown SDC extension"],
)
def test_misused_sdc_extensions_are_found(
    breaker: Callable[[dict[str, Any]], None], expected: str, resources: dict[str, dict[str, Any]]
) -> None:
    broken = copy.deepcopy(resources["questionnaire"])
    assert _total(broken)["extension"][0]["url"] == CALCULATED_EXPRESSION
    assert extension_problems(broken) == []
    breaker(broken)
    assert any(expected in p for p in extension_problems(broken)), extension_problems(broken)
