"""Spanish in a real browser at phone size: `<html lang>` follows the choice (screen readers pronounce by it),
switching language keeps a value still being typed, and the whole intake walked in Spanish by its visible
Spanish labels, to the PDF download, shows no English catalogue text on any step.

The bank's own texts are checked too once the bank declares Spanish (`languages: [en, es]` in bank.yaml):
then no English bank text may show on a Spanish step either. Until then the bank's questions fall back to
English, and the walk finds them by those labels (the Patient looks every label up in its language).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from patient import PHONE, RUN_COUNTER, Patient, browser_answer
from playwright.sync_api import Browser, expect
from test_app_spanish import RUNS

from questions import Bank, Kind, Question, Section, tr
from questions.words import raw, say

pytestmark = pytest.mark.browser

ES = "es"
TYPED = "Ana Torres"


@pytest.fixture
def spanish_patient(browser: Browser, app_url: str, bank: Bank, screenshots: Path) -> Iterator[Callable[..., Patient]]:
    """spanish_patient(link) -> a Patient reading Spanish labels at phone size, on `app_url + link`."""
    contexts = []

    def make(link: str = "") -> Patient:
        context = browser.new_context(viewport=PHONE, accept_downloads=True)  # type: ignore[arg-type]
        context.add_init_script(RUN_COUNTER)
        context.set_default_timeout(15_000)
        contexts.append(context)
        patient = Patient(
            context.new_page(), bank, app_url + link, screenshots, "phone-es", language=ES if link else "en"
        )
        patient.open()
        return patient

    yield make
    for context in contexts:
        context.close()


def _html_lang(patient: Patient) -> str:
    return str(patient.page.evaluate("document.documentElement.lang"))


def _expect_html_lang(patient: Patient, code: str) -> None:
    patient.page.wait_for_function("code => document.documentElement.lang === code", arg=code, timeout=15_000)
    assert _html_lang(patient) == code


def _option_langs(patient: Patient) -> list[str]:
    """The lang attribute of each option of the language control, in order."""
    group = patient.page.get_by_role("radiogroup", name=say("en", "language.choose"), exact=True)
    return group.locator("label").evaluate_all("labels => labels.map(l => l.lang)")  # type: ignore[no-any-return]


def _choose(patient: Patient, code: str) -> None:
    """Pick a language with the control at the top of the step, by its visible name."""
    group = patient.page.get_by_role("radiogroup", name=say(code, "language.choose"), exact=True)
    patient.pick(group.get_by_role("radio", name=say(code, "language.name"), exact=True))
    patient.language = code


def _bank_english(bank: Bank) -> dict[str, str]:
    """Each bank text of two or more words whose English differs from its Spanish (line by line), with where
    it is; empty while the bank does not declare Spanish."""
    if ES not in bank.languages:
        return {}
    found: dict[str, str] = {}

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict) and "en" in node and all(isinstance(v, str) and len(k) <= 3 for k, v in node.items()):
            if node.get(ES) and node[ES] != node["en"]:
                for line in node["en"].replace("**", "").splitlines():
                    line = re.sub(r"^\s*-\s+", "", line).strip(" .:;,()'\"")
                    if len(re.findall(r"[^\W\d_]+", line)) >= 2:
                        found[line] = where
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{where}.{key}" if where else str(key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(bank.model_dump(), "")
    return found


def _english_on_screen(patient: Patient, bank_english: dict[str, str]) -> list[str]:
    """English catalogue runs (and English bank texts, once the bank is in Spanish) on the visible page."""
    screen = patient.page.locator('[data-testid="stMain"]').inner_text()
    found = [f"{key}: {run}" for run, key in RUNS.items() if run in screen]
    return found + [f"bank {where}: {text}" for text, where in bank_english.items() if text in screen]


def test_html_lang_follows_the_link_and_the_choice_and_a_typed_value_survives_a_switch(
    spanish_patient: Callable[..., Patient], bank: Bank
) -> None:
    patient = spanish_patient("?lang=es")
    _expect_html_lang(patient, ES)
    assert _option_langs(patient) == ["en", ES], "each language's name is read in that language"
    expect(patient.page.get_by_role("heading", name=say(ES, "app.title"), exact=True)).to_be_visible()
    _choose(patient, "en")
    _expect_html_lang(patient, "en")
    expect(patient.button(say("en", "start.start"))).to_be_visible()
    assert _english_on_screen(patient, {}), "the check reads the screen: on an English screen it finds English"
    expect(patient.page).to_have_url(re.compile("lang=en"))  # the choice is kept in the link: a reload keeps it
    _choose(patient, ES)
    _expect_html_lang(patient, ES)
    patient.click(say(ES, "start.start"))
    name = bank.question("full_name")
    box = patient.textbox(name)
    box.fill(TYPED)  # still in the box: no Tab, no Enter
    _choose(patient, "en")
    _expect_html_lang(patient, "en")
    expect(patient.textbox(name)).to_have_value(TYPED)
    expect(patient.button(say("en", "step.next"))).to_be_visible()
    _choose(patient, ES)
    _expect_html_lang(patient, ES)
    expect(patient.textbox(name)).to_have_value(TYPED)
    assert _option_langs(patient) == ["en", ES], "still after switching back and forth"

    # A switch is an entry in the browser's history: Back shows the language before it, Forward the choice.
    patient.act(patient.page.go_back)
    patient.language = "en"
    _expect_html_lang(patient, "en")
    expect(patient.button(say("en", "step.next"))).to_be_visible()
    expect(patient.textbox(name)).to_have_value(TYPED)
    patient.act(patient.page.go_forward)
    patient.language = ES
    _expect_html_lang(patient, ES)
    expect(patient.button(say(ES, "step.next"))).to_be_visible()
    expect(patient.textbox(name)).to_have_value(TYPED)


def _lean(kinds: set[Kind]) -> Callable[[Question], Any]:
    """Answers for a lean walk: every required question, and the first question of each kind not answered
    yet (so each kind of widget is found by its Spanish labels once); 'No' to yes / no questions."""

    def choose(q: Question) -> Any:
        if not q.required and q.kind in kinds:
            return None
        kinds.add(q.kind)
        return "no" if q.kind is Kind.YES_NO else browser_answer(q)

    return choose


def _fill(patient: Patient, section: Section, choose: Callable[[Question], Any]) -> None:
    """Answer what `choose` answers on this step, follow-ups as they appear (conditions only look back)."""
    asked: set[str] = set()
    while todo := [q for q in patient.shown_questions(section) if q.id not in asked]:
        q = todo[0]
        asked.add(q.id)
        value = choose(q)
        if value is not None:
            patient.answer(q, value)


def test_the_whole_intake_in_spanish_at_phone_size(
    spanish_patient: Callable[..., Patient], bank: Bank, downloads: Path
) -> None:
    patient = spanish_patient()  # the clinic's default (English) until the patient chooses Español
    _choose(patient, ES)
    _expect_html_lang(patient, ES)
    bank_english = _bank_english(bank)
    found = {"start": _english_on_screen(patient, bank_english)}
    kinds: set[Kind] = set()
    patient.click(say(ES, "start.start"))
    for section in bank.sections:
        patient.expect_heading(tr(section.title, ES))
        _fill(patient, section, _lean(kinds))
        found[section.id] = _english_on_screen(patient, bank_english)
        patient.click(say(ES, "step.next"))
    patient.expect_heading(say(ES, "review.head"))
    found["review"] = _english_on_screen(patient, bank_english)
    assert {where: english for where, english in found.items() if english} == {}
    always_shown = {q.kind for q in bank.questions() if q.show_if is None}
    assert kinds >= always_shown, "each kind of widget on the path was answered by its Spanish labels"
    _expect_html_lang(patient, ES)
    # The clinic's provider reads English (the default): the patient's own copy is the Spanish one.
    pdf = patient.download(say(ES, "translation.own_copy", language="español"))
    prefix = raw(ES, "files.summary_pdf").split("{")[0]  # "resumen-previo-"
    assert pdf.suggested_filename.startswith(prefix), pdf.suggested_filename
    path = downloads / pdf.suggested_filename
    pdf.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
