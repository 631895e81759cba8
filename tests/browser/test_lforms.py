"""A real FHIR client accepts the export: NLM's LHC-Forms (npm package `lforms`) renders our Questionnaire with
the patient's QuestionnaireResponse in headless Chromium, shows the answers, logs no errors, and hands back the
same answers when asked for its own QuestionnaireResponse; from the SDC scoring rules alone it computes the same
instrument totals as questions.scoring, and none for an incomplete instrument.

LHC-Forms is served from node_modules (`.ci/run` installs it with npm) by Python's http.server on a free
loopback port; every request that would leave 127.0.0.1 is blocked and makes the test fail.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Request, Route, sync_playwright

from questions import Bank, Intake, Kind
from samples.answers import sample_answer
from samples.patients import build
from summaries.fhir import fhir_bundle_files

ROOT = Path(__file__).resolve().parents[2]
LFORMS = ROOT / "node_modules" / "lforms" / "dist" / "lforms"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
INSTALL = "npm ci --ignore-scripts --legacy-peer-deps"
READY_SECONDS = 60

NAME = "Zoë Łukasz Ødegård"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="lforms/webcomponent/styles.css">
</head><body>
<div id="form"></div>
<script src="lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="lforms/webcomponent/runtime.js"></script>
<script src="lforms/webcomponent/polyfills.js"></script>
<script src="lforms/webcomponent/main.js"></script>
<script src="lforms/fhir/R4/lformsFHIR.min.js"></script>
<script>
  window.formState = "loading";
  Promise.all([fetch("questionnaire.json"), fetch("questionnaire-response.json")])
    .then(responses => Promise.all(responses.map(r => r.json())))
    .then(([questionnaire, response]) => LForms.Util.addFormToPage(
      questionnaire, "form", {questionnaireResponse: response, fhirVersion: "R4"}))
    .then(() => { window.formState = "ready"; },
          error => { window.formState = "failed: " + error; console.error("addFormToPage failed", error); });
</script>
</body></html>
"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def lforms_dist() -> Path:
    """LHC-Forms' built files; missing skips the test, or fails it on CI (where .ci/run installs them)."""
    if (LFORMS / "webcomponent" / "main.js").is_file() and (LFORMS / "fhir" / "R4" / "lformsFHIR.min.js").is_file():
        return LFORMS
    reason = f"{LFORMS} is missing: run `{INSTALL}` in the repository root to install LHC-Forms"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """Debian's headless Chromium (never a downloaded one); missing skips the test, or fails it on CI.

    The browser tests' shared session browser when tests/browser/conftest.py provides one (Playwright's sync API
    runs one instance per thread), else one launched here.
    """
    try:
        yield request.getfixturevalue("browser")
        return
    except pytest.FixtureLookupError:
        pass
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path, lforms_dist: Path) -> Iterator[Callable[[dict[str, bytes]], str]]:
    """serve(files) -> the URL of a page that loads them into LHC-Forms, from a temporary folder on 127.0.0.1."""
    (tmp_path / "lforms").symlink_to(lforms_dist, target_is_directory=True)
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()

    def serve(files: dict[str, bytes]) -> str:
        for name, data in files.items():
            (tmp_path / name).write_bytes(data)
        return f"http://127.0.0.1:{server.server_address[1]}/index.html"

    try:
        yield serve
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def full_intake(bank: Bank) -> Intake:
    """Every shown question answered (PCL-5 and PEG included), with a few answers the test looks for."""
    answers: dict[str, Any] = {
        "full_name": NAME,
        "date_of_birth": "1985-03-03",
        "concerns": ["depression", "ptsd", "chronic_pain"],
        "phq9_2": "more_than_half_the_days",
        "weight": {"value": 70.5, "unit": "kg"},
        "medication_list": [{"name": "Sertraline", "dose": "50 mg", "how_often": "daily", "since_when": "2023"}],
    }
    return build(bank, lambda q: "2024-03-31" if q.kind is Kind.DATE else sample_answer(q), answers)


def _answers(items: list[dict[str, Any]], out: dict[str, list[Any]] | None = None) -> dict[str, list[Any]]:
    """linkId -> its answer values, from a QuestionnaireResponse's items (codings without extensions)."""
    out = {} if out is None else out
    for item in items:
        for answer in item.get("answer", []):
            key, value = next((k, v) for k, v in answer.items() if k.startswith("value"))
            if key == "valueCoding":
                value = {k: v for k, v in value.items() if k != "extension"}
            out.setdefault(item["linkId"], []).append(value)
            _answers(answer.get("item", []), out)
        _answers(item.get("item", []), out)
    return out


def test_lhc_forms_renders_our_questionnaire_with_the_answers(
    bank: Bank, chromium: Browser, served: Callable[[dict[str, bytes]], str]
) -> None:
    files = fhir_bundle_files(bank, full_intake(bank))
    ours = json.loads(files["questionnaire-response.json"])
    assert ours["status"] == "completed"
    url = served(files)
    origin = url.rsplit("/", 1)[0]

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        outside: list[str] = []

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                errors.append(f"console: {message.text}")

        def guard(route: Route, request: Request) -> None:
            if request.url.startswith(origin + "/") or request.url.startswith("data:"):
                route.continue_()
            else:
                outside.append(request.url)
                route.abort()

        page.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        context.route("**/*", guard)
        started = time.monotonic()
        page.goto(url, wait_until="load", timeout=READY_SECONDS * 1000)
        page.wait_for_function("window.formState !== 'loading'", timeout=READY_SECONDS * 1000)
        assert page.evaluate("window.formState") == "ready"
        seconds = time.monotonic() - started

        # The answers are on the screen: typed values in their fields, picked choices checked.
        values = page.evaluate("Array.from(document.querySelectorAll('input, textarea')).map(e => e.value)")
        assert NAME in values
        assert "03/03/1985" in values  # the date of birth, in the date picker's format
        assert "70.5" in values
        assert "kg" in values
        assert "Sertraline" in values
        checked = page.locator('lhc-item[id^="item-phq9_2/"] label.ant-radio-wrapper-checked')
        assert checked.count() == 1
        assert "More than half the days" in checked.inner_text()
        picked = page.locator('lhc-item[id^="item-concerns/"] label.ant-checkbox-wrapper-checked').all_inner_texts()
        assert "Trauma or PTSD" in " ".join(picked)
        assert page.get_by_text("PHQ-9 total score").count() == 1

        # LHC-Forms read every answer: its own QuestionnaireResponse holds exactly ours.
        theirs = page.evaluate(
            "LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form'))"
        )
        assert _answers(theirs["item"]) == _answers(ours["item"])

        assert errors == []
        assert outside == [], "LHC-Forms tried to load files from outside 127.0.0.1"
        assert seconds < READY_SECONDS
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------------------------
# SDC scoring rules: LHC-Forms computes the totals itself (tests/test_fhir_scoring.py checks the same rules with
# the npm fhirpath engine).


def _without_totals(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A response's items without our computed totals, so that only the form filler's own rules can fill them."""
    return [
        {**item, "item": _without_totals(item["item"])} if "item" in item else item
        for item in items
        if not item["linkId"].endswith(".total")
    ]


def _lhc_totals(chromium: Browser, url: str) -> tuple[dict[str, list[Any]], dict[str, str]]:
    """LHC-Forms' own response's totals (linkId -> values) and the totals shown on screen (linkId -> text)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.goto(url, wait_until="load", timeout=READY_SECONDS * 1000)
        page.wait_for_function("window.formState !== 'loading'", timeout=READY_SECONDS * 1000)
        assert page.evaluate("window.formState") == "ready"
        theirs = page.evaluate(
            "LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form'))"
        )
        shown = page.evaluate(
            "Object.fromEntries(Array.from(document.querySelectorAll('lhc-item[id^=\"item-\"]'))"
            ".filter(e => /^item-[a-z0-9_]+\\.total\\//.test(e.id))"
            ".map(e => [e.id.slice(5).split('/')[0], (e.querySelector('input') || {}).value || '']))"
        )
        assert errors == []
        return {k: v for k, v in _answers(theirs["item"]).items() if k.endswith(".total")}, shown
    finally:
        context.close()


def test_lhc_forms_computes_the_same_totals_and_none_for_an_incomplete_instrument(
    bank: Bank, chromium: Browser, served: Callable[[dict[str, bytes]], str]
) -> None:
    from questions import score
    from summaries.fhir import QUESTIONNAIRE_FILE, RESPONSE_FILE

    complete = full_intake(bank)
    complete = complete.model_copy(update={"answers": {**complete.answers, "peg_1": 7, "peg_2": 4, "peg_3": 5}})
    incomplete_answers = {k: v for k, v in complete.answers.items() if k != "phq9_4"}
    incomplete = complete.model_copy(update={"answers": {**incomplete_answers, "audit_c_1": "never"}})
    for intake in (complete, incomplete):
        files = fhir_bundle_files(bank, intake)
        response = json.loads(files[RESPONSE_FILE])
        response["item"] = _without_totals(response["item"])
        totals, shown = _lhc_totals(chromium, served({**files, RESPONSE_FILE: json.dumps(response).encode()}))
        expected = {
            f"{s.instrument_id}.total": s.total
            for s in score(bank, intake)
            if s.instrument_id != "single_drug_question"
        }
        assert set(expected) == set(shown) == {"phq9.total", "gad7.total", "pcl5.total", "peg.total", "audit_c.total"}
        for link, total in expected.items():
            if total is None:
                assert link not in totals, f"{link}: no total for an incomplete instrument"
                assert shown[link] == ""
            else:
                assert totals[link] == [total], link
                assert float(shown[link]) == total, link
        assert QUESTIONNAIRE_FILE in files
    assert expected["phq9.total"] is None
    assert expected["audit_c.total"] == 0
