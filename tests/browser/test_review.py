"""The review step in Chromium (issue 15, point 4): the summary download is in the first screen at laptop and
phone size, a link in the list of the page's parts moves the page to its heading, and after the download a
plain sentence says what was saved and to bring it to the visit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from patient import DESKTOP, PHONE, Patient, full_answers
from playwright.sync_api import expect

from questions import Bank, Intake, tr
from questions.words import say

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_download_is_in_the_first_screen_and_the_parts_jump(
    new_patient: Callable[..., Patient],
    make_intake: Callable[..., Intake],
    bank: Bank,
    tmp_path: Path,
    size: str,
    viewport: dict[str, int],
) -> None:
    saved = tmp_path / "answers.json"
    saved.write_text(make_intake(full_answers(bank)).model_dump_json())
    patient = new_patient(viewport, size)
    uploader = patient.page.locator('[data-testid="stFileUploader"]').filter(has_text=say("en", "files.resume"))
    patient.act(lambda: uploader.locator('input[type="file"]').set_input_files(str(saved)))
    patient.expect_heading(say("en", "review.head"))

    top = patient.button(say("en", "review.download_top"))
    expect(top).to_be_visible()
    box = top.bounding_box()
    assert box is not None
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= viewport["height"], f"not in the first screen: {box}"
    patient.screenshot_of(top, "review-top")

    target = tr(bank.sections[len(bank.sections) // 2].title)
    heading = patient.page.get_by_role("heading", name=target, exact=True)
    expect(heading).not_to_be_in_viewport()
    patient.page.get_by_role("link", name=target, exact=True).click()
    expect(heading).to_be_in_viewport()

    # Reading the review costs the server nothing: no look every few seconds (ui/download_watch.py). Count what
    # the page sends on its websocket while nobody clicks: every socket's send is the native prototype's
    # (ui/tabstore.py puts a subclass of WebSocket in front of it, without a send of its own).
    patient.page.evaluate(
        """() => { window.__sent = 0; let proto = WebSocket.prototype;
        while (!Object.prototype.hasOwnProperty.call(proto, "send")) proto = Object.getPrototypeOf(proto);
        const send = proto.send;
        proto.send = function (...args) { window.__sent += 1; return send.apply(this, args); }; }"""
    )
    patient.page.wait_for_timeout(4_500 if size == "desktop" else 0)  # once is enough: the page is the same
    sent = patient.page.evaluate("window.__sent")
    assert sent <= 1, f"{sent} messages in 4.5 s on an idle review (one idle-timer look at most)"

    download = patient.download(say("en", "review.download_top"))
    assert download.suggested_filename.endswith(".pdf")
    said = say("en", "review.saved", file=download.suggested_filename)
    notes = patient.page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text=said)
    expect(notes).to_have_count(2, timeout=10_000)  # under both buttons: each looks after the click, no page rerun
    expect(notes.first).to_be_visible()
    assert patient.page.evaluate("window.__sent") > sent, "the click made the notes look"
    patient.screenshot_of(notes.first, "review-saved")
    glance = patient.page.get_by_role("heading", name=say("en", "review.glance_head"), exact=True)
    patient.page.get_by_role("link", name=say("en", "review.glance_head"), exact=True).click()
    expect(glance).to_be_in_viewport()
    scores = patient.page.get_by_text(say("en", "review.scores_head"), exact=True)
    patient.screenshot_of(scores, "review-scores")
