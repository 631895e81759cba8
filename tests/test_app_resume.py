"""Save and resume through the app (AppTest): a new session carries on from the saved file or the PDF."""

from __future__ import annotations

import pytest
from journey import DownloadCapture, click, current_step, fill_section, start_app
from test_restore import BAD_FILES

from questions import Bank
from ui.widgets import key


def test_save_at_step_three_then_resume_in_a_new_session(bank: Bank, capture: DownloadCapture) -> None:
    at = start_app()
    click(at, "start")
    entered = {}
    for section in bank.sections[:2]:
        entered.update(fill_section(at, bank, section))
        click(at, "next")
    assert current_step(at) == 3
    saved = capture.bytes_of("save")
    assert b'"full_name"' in saved

    fresh = start_app()  # a new session: nothing carried over in memory
    assert fresh.session_state["answers"] == {}
    fresh.file_uploader[0].set_value(("my-answers.json", saved, "application/json")).run()
    assert not fresh.exception
    assert current_step(fresh) == 3, "lands on the first step that still needs answers"
    assert "Your saved answers are loaded" in " ".join(s.value for s in fresh.success)
    click(fresh, "back")
    click(fresh, "back")
    assert fresh.text_input(key=key("full_name")).value == entered["full_name"]
    for section in bank.sections:
        while current_step(fresh) <= bank.sections.index(section):
            click(fresh, "next")
        if current_step(fresh) == bank.sections.index(section) + 1 and section.id not in (
            "about_you",
            "what_brings_you",
        ):
            fill_section(fresh, bank, section)
    while current_step(fresh) <= len(bank.sections):
        click(fresh, "next")
    pdf = capture.bytes_of("download_pdf")
    assert pdf.startswith(b"%PDF")

    # The PDF itself resumes a third session with the same answers.
    third = start_app()
    third.file_uploader[0].set_value(("summary.pdf", pdf, "application/pdf")).run()
    assert not third.exception
    assert third.session_state["answers"] == fresh.session_state["answers"]


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_upload_mid_way_changes_nothing(bank: Bank, name: str) -> None:
    at = start_app()
    click(at, "start")
    fill_section(at, bank, bank.sections[0])
    click(at, "next")
    before = dict(at.session_state["answers"])
    at.session_state["step"] = len(bank.sections) + 1  # the review step has the uploader too
    at.run()
    data, expected = BAD_FILES[name]
    at.file_uploader[0].set_value((f"{name}.json", data, "application/octet-stream")).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(expected in e for e in errors), errors
    assert at.session_state["answers"] == before
    assert current_step(at) == len(bank.sections) + 1


def test_a_download_marks_the_answers_as_saved_until_they_change(capture: DownloadCapture) -> None:
    from ui.files import digest

    at = start_app()
    click(at, "start")
    at.text_input(key=key("full_name")).input("Sam Okafor").run()
    marker = at.session_state["save_marker"]
    assert marker.digest is None
    capture.bytes_of("save")  # what the browser fetches when the button is clicked
    assert marker.digest == digest(at.session_state["answers"])
    at.text_input(key=key("preferred_name")).input("Sam").run()
    assert marker.digest != digest(at.session_state["answers"]), "a new answer is not saved yet"
