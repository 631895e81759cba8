"""Journeys through the app with Streamlit's AppTest: every step filled through its widgets."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from journey import DownloadCapture, click, current_step, fill_section, start_app
from pypdf import PdfReader

from questions import Bank, Kind
from ui.widgets import key


def _text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _typed_texts(bank: Bank, entered: dict[str, Any]) -> list[str]:
    """The free text a patient typed (what must come back out of the PDF word for word)."""
    texts = []
    for qid, value in entered.items():
        kind = bank.question(qid).kind
        if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            texts.append(value)
        elif kind is Kind.LIST:
            texts.extend(v for row in value for v in row.values())
    return texts


def _list_values(bank: Bank, entered: dict[str, Any]) -> set[str]:
    return {
        v
        for qid, value in entered.items()
        if bank.question(qid).kind is Kind.LIST
        for row in value
        for v in row.values()
    }


def test_full_journey_back_and_forth_review_and_pdf(bank: Bank, capture: DownloadCapture) -> None:
    at = start_app()
    click(at, "start")
    entered: dict[str, Any] = {}
    for number, section in enumerate(bank.sections, start=1):
        assert current_step(at) == number
        entered.update(fill_section(at, bank, section))
        click(at, "next")
        if number == 3:
            # Three steps back, then forward again: every value is still in its widget.
            for _ in range(3):
                click(at, "back")
            assert current_step(at) == 1
            for q in bank.sections[0].questions:
                if bank.question(q.id).kind is Kind.SHORT_TEXT and q.id in entered:
                    assert at.text_input(key=key(q.id)).value == entered[q.id]
            for _ in range(3):
                click(at, "next")
            assert current_step(at) == 4
    review = len(bank.sections) + 1
    assert current_step(at) == review
    shown = " ".join(m.value for m in at.markdown) + " ".join(t.value for t in at.text)
    assert "Review your answers" in " ".join(h.value for h in at.header)
    assert entered["full_name"] in shown
    assert at.session_state["answers"]["full_name"] == entered["full_name"]
    pdf = capture.bytes_of("download_pdf")
    assert pdf.startswith(b"%PDF")
    text = _flat(_text_of(pdf))
    missing = [t for t in _typed_texts(bank, entered) if _flat(t) not in text]
    # Table cells wrap inside words, so list values are matched with all white space removed.
    squeezed = "".join(text.split())
    missing = [t for t in missing if not (t in _list_values(bank, entered) and t in squeezed)]
    assert not missing, f"typed answers missing from the PDF: {missing[:5]}"


def test_required_answer_stops_next_on_that_step_only() -> None:
    at = start_app()
    click(at, "start")
    click(at, "next")
    assert current_step(at) == 1
    errors = [e.value for e in at.error]
    assert "Please answer this question." in errors
    at.text_input(key=key("full_name")).input("Ana Ruiz")
    at.date_input(key=key("date_of_birth")).set_value(__import__("datetime").date(1985, 2, 3))
    at.run()
    click(at, "next")
    assert current_step(at) == 2
    # The next step is not blocked by the first step's old errors.
    assert not [e for e in at.error if "answer this question" in e.value]


def test_range_error_is_shown_at_the_field_and_keeps_the_value(bank: Bank) -> None:
    number = next((q for q in bank.questions() if q.kind is Kind.NUMBER and q.show_if is None), None)
    if number is None:
        pytest.fail("the bank has no unconditional number question to test")
    section = bank.section_of(number.id)
    at = start_app()
    at.session_state["step"] = bank.sections.index(section) + 1
    at.run()
    widget_key = key(number.id, "value") if number.units else key(number.id)
    limit = number.units[0].max if number.units else number.max
    assert limit is not None
    at.number_input(key=widget_key).set_value(limit + 1000).run()
    messages = " ".join(e.value for e in at.error)
    assert "Please enter a number from" in messages
    assert at.number_input(key=widget_key).value == limit + 1000


def test_clear_my_answers_asks_first() -> None:
    at = start_app()
    click(at, "start")
    at.text_input(key=key("full_name")).input("Kim Lee").run()
    click(at, "clear")
    assert at.session_state["answers"]["full_name"] == "Kim Lee"
    click(at, "clear_no")
    assert at.session_state["answers"]["full_name"] == "Kim Lee"
    click(at, "clear")
    click(at, "clear_yes")
    assert at.session_state["answers"] == {}
    assert current_step(at) == 0


def test_review_lets_the_patient_jump_back_to_a_step(bank: Bank) -> None:
    at = start_app()
    at.session_state["step"] = len(bank.sections) + 1
    at.run()
    target = bank.sections[1]
    click(at, f"edit:{target.id}")
    assert current_step(at) == 2
    assert target.title["en"] in " ".join(h.value for h in at.header)


def test_paper_form_download_on_the_first_screen(bank: Bank, capture: DownloadCapture) -> None:
    at = start_app()
    assert "Prefer paper?" in [s.value for s in at.subheader]
    pdf = capture.bytes_of("paper_form")
    text = _flat(_text_of(pdf))
    assert _flat(bank.question("full_name").label["en"]) in text
    assert "Answer only if you answered" in text


def test_review_offers_fhir_files_and_the_pdf_carries_them(bank: Bank, capture: DownloadCapture) -> None:
    from questions.limits import ATTACHMENT_NAME
    from samples.patients import typical
    from summaries.attachments import attachments

    at = start_app()
    at.session_state["answers"] = dict(typical(bank).answers)
    at.session_state["step"] = len(bank.sections) + 1
    at.run()
    response = json.loads(capture.bytes_of("fhir:questionnaire-response.json"))
    assert response["resourceType"] == "QuestionnaireResponse"
    assert "Jordan Ellis" in json.dumps(response)
    questionnaire = json.loads(capture.bytes_of("fhir:questionnaire.json"))
    assert questionnaire["resourceType"] == "Questionnaire"
    embedded = attachments(capture.bytes_of("download_pdf"))
    # visits: every PDF also carries the series of visits (intake-visits.json)
    assert set(embedded) == {ATTACHMENT_NAME, "questionnaire.json", "questionnaire-response.json", "intake-visits.json"}
    assert b"Jordan Ellis" in embedded["questionnaire-response.json"]
