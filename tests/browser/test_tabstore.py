"""The tab's own copy of the answers (ui/tabstore.py): a server killed mid-journey and started again loses no
answer; "Clear my answers" and closing the tab leave nothing in the browser's storage."""

from __future__ import annotations

import json
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from patient import RUN_COUNTER, Patient, browser_answer
from playwright.sync_api import Browser, BrowserContext, Page, expect
from serving import free_port, start, stop

from questions import Bank, Kind, tr
from questions.words import say
from ui.tabstore import ANSWERS_KEY, STEP_KEY

RECONNECT_MS = 60_000

_STORAGE = "() => Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)]))"


def session_storage(page: Page) -> dict[str, str]:
    """Everything this tab holds in sessionStorage."""
    return dict(page.evaluate(_STORAGE))


def everything_stored(context: BrowserContext, page: Page) -> str:
    """Cookies, localStorage and IndexedDB of the context, and this page's sessionStorage, as one text."""
    return repr(context.storage_state(indexed_db=True)) + repr(session_storage(page))


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(viewport={"width": 1280, "height": 900})
    made.add_init_script(RUN_COUNTER)
    made.set_default_timeout(15_000)
    yield made
    made.close()


def _answer_two_steps_and_some(patient: Patient, bank: Bank) -> dict[str, Any]:
    """On steps 1 and 2 every required question and every typed one (choices, text, numbers, dates, lists),
    and two answers on step 3; the patient stays on step 3."""
    patient.click("Start")
    first, second, third = bank.sections[:3]
    for section in (first, second):
        kinds: set[Kind] = set()
        while True:  # again after each answer: it may show a follow-up
            shown = [q for q in patient.shown_questions(section) if q.id not in patient.entered]
            todo = [q for q in shown if q.required or q.kind not in kinds]
            if not todo:
                break
            kinds.add(todo[0].kind)
            patient.answer(todo[0], browser_answer(todo[0]))
        patient.click("Next")
    patient.expect_heading(tr(third.title))
    for q in patient.shown_questions(third)[:2]:
        patient.answer(q, q.choices()[1].value)
    return dict(patient.entered)


def test_a_server_killed_mid_journey_loses_no_answer(chromium_path: Path, context: BrowserContext, bank: Bank) -> None:
    """Kill the server (SIGKILL) on step 3, start a new one on the same port: the page reconnects to an empty
    session, and the tab's copy brings back every answer and the step."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile() as log:
        server = start(port, ROOT, log)
        try:
            patient = Patient(context.new_page(), bank, url)
            patient.open()
            assert session_storage(patient.page) == {}, "nothing is kept before there is an answer"
            entered = _answer_two_steps_and_some(patient, bank)
            kept = session_storage(patient.page)
            assert set(kept) == {ANSWERS_KEY, STEP_KEY}
            assert kept[STEP_KEY] == "3"
            assert entered["full_name"] in kept[ANSWERS_KEY]

            server.send_signal(signal.SIGKILL)
            server.wait(timeout=10)
            server = start(port, ROOT, log)

            notice = patient.page.get_by_text(say("en", "tabstore.back"))
            expect(notice).to_be_visible(timeout=RECONNECT_MS)
            patient.settled()
            third = bank.sections[2]
            patient.expect_heading(tr(third.title))
            for section in reversed(bank.sections[:3]):
                patient.expect_heading(tr(section.title))
                for q in patient.shown_questions(section):
                    if q.id in entered:
                        patient.expect_answer(q, entered[q.id])
                if section is not bank.sections[0]:
                    patient.click("Back")
            expect(notice).to_have_count(0)  # said once
            patient.click("Next")
            patient.click("Next")
            for q in patient.shown_questions(third)[:2]:
                patient.expect_answer(q, entered[q.id])
        finally:
            stop(server)


def test_clear_and_closing_the_tab_leave_nothing_stored(app_url: str, context: BrowserContext, bank: Bank) -> None:
    """'Clear my answers' empties the tab's copy at once; a closed tab's copy is gone, and a new tab starts
    empty; no answer is ever in cookies, localStorage or IndexedDB."""
    patient = Patient(context.new_page(), bank, app_url)
    patient.open()
    entered = _answer_two_steps_and_some(patient, bank)
    name = entered["full_name"]
    assert name in session_storage(patient.page)[ANSWERS_KEY]
    assert name not in repr(context.storage_state(indexed_db=True))

    patient.click("Clear my answers")
    patient.click("Yes, clear my answers")
    expect(patient.button("Start")).to_be_visible()
    patient.page.wait_for_function(f"() => sessionStorage.getItem({ANSWERS_KEY!r}) === null")
    assert session_storage(patient.page) == {}
    patient.page.reload()
    expect(patient.button("Start")).to_be_visible()
    patient.settled()
    expect(patient.page.get_by_text(say("en", "tabstore.back"))).to_have_count(0)
    assert name not in everything_stored(context, patient.page)

    # Answers again, then the tab is closed: a new tab in the same browser holds nothing and starts empty.
    patient.entered = {}
    _answer_two_steps_and_some(patient, bank)
    assert name in session_storage(patient.page)[ANSWERS_KEY]
    patient.page.close()
    later = Patient(context.new_page(), bank, app_url)
    later.open()
    assert session_storage(later.page) == {}
    assert name not in everything_stored(context, later.page)
    expect(later.page.get_by_text(say("en", "tabstore.back"))).to_have_count(0)


def test_an_odd_copy_in_the_tab_comes_back_through_the_restore_checks(
    app_url: str, context: BrowserContext, bank: Bank
) -> None:
    """A copy holding an answer to a question the form no longer asks, and one that is not an answer at all,
    loads what fits and lists the rest in the same plain words as an uploaded file; a copy that is not ours
    at all loads nothing and is removed."""
    patient = Patient(context.new_page(), bank, app_url)
    patient.open()
    first = bank.sections[0]
    name_q = next(q for q in first.questions if q.id == "full_name")
    odd = {
        "format": "ketamine-intake-answers",
        "format_version": 1,
        "bank_id": bank.id,
        "bank_version": "0.0.1",
        "language": "en",
        "answers": {name_q.id: "Odd Copy", "a_question_long_gone": "kept?", "full_name_2": {"deep": [1, {"x": []}]}},
    }
    store = f"(copy) => {{ sessionStorage.setItem({ANSWERS_KEY!r}, copy); sessionStorage.setItem({STEP_KEY!r}, '1'); }}"
    patient.page.evaluate(store, json.dumps(odd))
    patient.page.reload()
    expect(patient.page.get_by_text(say("en", "tabstore.back"))).to_be_visible()
    patient.settled()
    gone = say("en", "restore.question_gone", answer="kept?")
    expect(patient.page.get_by_text(gone)).to_be_visible()
    patient.expect_heading(tr(first.title))
    patient.expect_answer(name_q, "Odd Copy")

    patient.page.evaluate(store, '{"not": "ours"}')
    patient.page.reload()
    expect(patient.button("Start")).to_be_visible()
    patient.settled()
    expect(patient.page.get_by_text(say("en", "tabstore.back"))).to_have_count(0)
    patient.page.wait_for_function(f"() => sessionStorage.getItem({ANSWERS_KEY!r}) === null")
