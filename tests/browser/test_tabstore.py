"""The tab's own copy of the answers (ui/tabstore.py): a server killed mid-journey and started again loses no
answer, and a follow-up keeps its earlier visits; "Clear my answers" and closing the tab leave nothing in the
browser's storage."""

from __future__ import annotations

import io
import json
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from answers_back import answer_two_steps_and_some, expect_every_answer_back, session_storage
from patient import RUN_COUNTER, Patient, browser_answer
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader
from series import series_pdfs
from serving import free_port, start, stop

from questions import Bank, tr
from questions.follow_up import load_follow_up
from questions.visits import read_series
from questions.words import format_date, say
from summaries.record import visits_in
from ui.tabstore import ANSWERS_KEY, STEP_KEY, VISITS_KEY, unpack

ROOT = Path(__file__).resolve().parents[2]
RECONNECT_MS = 60_000


def everything_stored(context: BrowserContext, page: Page) -> str:
    """Cookies, localStorage and IndexedDB of the context, and this page's sessionStorage, as one text."""
    return repr(context.storage_state(indexed_db=True)) + repr(session_storage(page))


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    made.add_init_script(RUN_COUNTER)
    made.set_default_timeout(15_000)
    yield made
    made.close()


class Restartable:
    """The app on a port of its own, which a test may kill (SIGKILL) and start again on the same port."""

    def __init__(self, log: IO[bytes]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self.process = start(self.port, ROOT, log)

    def kill_and_start(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = start(self.port, ROOT, self.log)


@pytest.fixture(scope="module")
def restartable(chromium_path: Path) -> Iterator[Restartable]:
    with tempfile.TemporaryFile() as log:
        server = Restartable(log)
        try:
            yield server
        finally:
            stop(server.process)


def test_a_server_killed_mid_journey_loses_no_answer(
    restartable: Restartable, context: BrowserContext, bank: Bank
) -> None:
    """Kill the server (SIGKILL) on step 3, start a new one on the same port: the page reconnects to an empty
    session, and the tab's copy brings back every answer and the step."""
    patient = Patient(context.new_page(), bank, restartable.url)
    patient.open()
    assert session_storage(patient.page) == {}, "nothing is kept before there is an answer"
    entered = answer_two_steps_and_some(patient, bank)
    kept = session_storage(patient.page)
    assert set(kept) == {ANSWERS_KEY, STEP_KEY}, "a first visit keeps no earlier visits"
    assert kept[STEP_KEY] == "3"
    assert entered["full_name"] in kept[ANSWERS_KEY]

    restartable.kill_and_start()

    notice = patient.page.get_by_text(say("en", "tabstore.back"))
    expect(notice).to_be_visible(timeout=RECONNECT_MS)
    patient.settled()
    expect_every_answer_back(patient, bank, entered)
    expect(notice).to_have_count(0)  # said once
    patient.click("Next")
    patient.click("Next")
    third = bank.sections[2]
    for q in patient.shown_questions(third)[:2]:
        patient.expect_answer(q, entered[q.id])


def test_a_follow_up_killed_mid_check_in_keeps_its_earlier_visit(
    restartable: Restartable, context: BrowserContext, bank: Bank, tmp_path: Path
) -> None:
    """A follow-up started from a first summary, killed after its first check-in step: the tab brings back
    the earlier visit with the answers, so the summary made after the restart still says what changed since
    that visit. (Lean: one check-in answer; the questionnaires asked again are left blank.)"""
    first_pdf = tmp_path / "first.pdf"
    first_pdf.write_bytes(series_pdfs(bank, [16], [10])[0])
    (visit,) = visits_in(bank, first_pdf.read_bytes())
    plan = load_follow_up()
    patient = Patient(context.new_page(), plan.bank, restartable.url)
    patient.open()
    uploader = patient.page.locator('[data-testid="stFileUploader"]').filter(has_text=say("en", "visits.ui.upload"))
    patient.act(lambda: uploader.locator('input[type="file"]').set_input_files(first_pdf))
    asked = [plan.bank.sections[i] for i in plan.steps()]
    patient.expect_heading(tr(asked[0].title))
    check_in = patient.shown_questions(asked[0])[0]
    answer = browser_answer(check_in)
    patient.answer(check_in, answer)
    patient.click(say("en", "step.next"))
    patient.expect_heading(tr(asked[1].title))
    kept = session_storage(patient.page)
    assert set(kept) == {ANSWERS_KEY, STEP_KEY, VISITS_KEY}
    assert read_series(unpack(kept[VISITS_KEY]).encode()) == [visit]

    restartable.kill_and_start()

    expect(patient.page.get_by_text(say("en", "tabstore.back"))).to_be_visible(timeout=RECONNECT_MS)
    patient.settled()
    for section in asked[1:]:
        patient.expect_heading(tr(section.title))
        patient.click(say("en", "step.next"))
    patient.expect_heading(say("en", "review.head"))
    download = patient.download(say("en", "review.download_pdf"))
    saved = tmp_path / "second.pdf"
    download.save_as(saved)
    second = saved.read_bytes()
    record = visits_in(bank, second)
    assert record[0] == visit
    assert record[-1].answers[check_in.id] == answer
    page = " ".join((PdfReader(io.BytesIO(second)).pages[0].extract_text() or "").split())
    assert say("en", "visits.pdf.heading", date=format_date(visit.date, "en")) in page


def test_clear_and_closing_the_tab_leave_nothing_stored(app_url: str, context: BrowserContext, bank: Bank) -> None:
    """'Clear my answers' empties the tab's copy at once; a closed tab's copy is gone, and a new tab starts
    empty; no answer is ever in cookies, localStorage or IndexedDB."""
    patient = Patient(context.new_page(), bank, app_url)
    patient.open()
    entered = answer_two_steps_and_some(patient, bank)
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
    answer_two_steps_and_some(patient, bank)
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


_FILL = """() => {
  let n = 0;
  for (let size = 1 << 18; size >= 16; ) {
    try { sessionStorage.setItem("filler-" + n, "x".repeat(size)); n++; } catch (full) { size >>= 1; }
  }
  return n;
}"""
_EMPTY_FILLER = (
    "() => Object.keys(sessionStorage).filter(k => k.startsWith('filler-')).forEach(k => sessionStorage.removeItem(k))"
)


def test_a_tab_with_no_room_says_so_once_and_keeps_every_answer(
    app_url: str, context: BrowserContext, bank: Bank
) -> None:
    """With the tab's storage full (of other things), an answer cannot be copied: one sentence says so, the
    answer stays, and no half copy is left; with room again, the copy is kept again."""
    patient = Patient(context.new_page(), bank, app_url)
    patient.open()
    assert patient.page.evaluate(_FILL) > 0
    patient.click("Start")
    first, second = bank.sections[0].questions[:2]
    patient.answer(first, "Roomless Patient")
    full = patient.page.get_by_text(say("en", "tabstore.full"))
    expect(full).to_be_visible()
    patient.settled()
    assert ANSWERS_KEY not in session_storage(patient.page)
    patient.expect_answer(first, "Roomless Patient")

    patient.page.evaluate(_EMPTY_FILLER)
    patient.answer(second, browser_answer(second))
    expect(full).to_have_count(0)  # said once
    patient.page.wait_for_function(f"() => (sessionStorage.getItem({ANSWERS_KEY!r}) || '').includes('Roomless')")
    patient.expect_answer(first, "Roomless Patient")
