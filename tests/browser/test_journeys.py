"""Patients in a real browser: the whole intake on a laptop and on a phone, the keyboard alone, going back,
the crisis panel, saving progress and carrying on in a new browser, and the warning before leaving."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from patient import DESKTOP, PHONE, Patient, browser_answer, label_of, option_label, row_field_label, typed_texts
from playwright.sync_api import expect
from pypdf import PdfReader

from questions import Bank, Kind, Question, Section, load_bank, problem_with, tr
from questions.words import say

pytestmark = pytest.mark.browser

CRISIS_NUMBER = "988"
IN_2030 = "2030-06-01"
SAFETY_ITEMS = {rule.item for instrument in load_bank().instruments for rule in instrument.safety}
"""The questions whose score above 0 raises a safety alert (taken from the bank, not named here)."""


def _normal(text: str) -> str:
    return " ".join(text.split())


def _crisis_panels(patient: Patient):  # type: ignore[no-untyped-def]
    """Crisis panels on the current step (the before-you-start notice is not one: it is not on a step)."""
    return patient.page.locator('[data-testid="stMain"] [data-testid="stAlert"]').filter(has_text=CRISIS_NUMBER)


def _no_to_yes_no(q: Question) -> Any:
    """'No' to every yes / no question (and to the yes / no self-harm screen): the phone takes the path with few
    follow-ups and no safety answer (the laptop takes them all)."""
    if q.kind is Kind.YES_NO or (q.safety_when and q.option("no") is not None):
        return "no"
    return browser_answer(q)


def _positive_safety(q: Question) -> Any:
    """Answer a scored questionnaire's safety item (the PHQ-9's self-harm item) with the first choice above
    'Not at all' ('Several days': a safety alert)."""
    if q.id in SAFETY_ITEMS:
        return next(o.value for o in q.choices() if (o.score or 0) > 0)
    return browser_answer(q)


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_whole_intake_to_the_pdf(
    new_patient: Callable[..., Patient], bank: Bank, downloads: Path, size: str, viewport: dict[str, int]
) -> None:
    """Start, answer every question shown on every step, review, download the PDF through the browser, and
    clear the answers: the patient's way of issue 15, by visible labels and roles only (tests/browser/patient.py).

    On the way: a date of birth in the future keeps its day and says the rule at the field; Next refused on
    the first step and on the longest step with a required question (Medical history, where the field is far
    above Next) shows the error summary on screen with the focus, and its entry takes the focus to the field.
    On the laptop every follow-up is opened and answered too, and the self-harm item gets 'Several days': the
    crisis panel, its numbers and chat links, must appear on that step at once. On the phone yes / no
    questions get 'No' (few follow-ups) and the self-harm item 'Not at all': no panel may appear on that step.
    """
    patient = new_patient(viewport, size)
    patient.screenshot("00-before-you-start")
    patient.click("Start")
    positive = size == "desktop"
    longest = max(
        (s for s in bank.sections[1:] if any(q.required for q in s.questions)), key=lambda s: len(s.questions)
    )
    for number, section in enumerate(bank.sections, start=1):
        patient.expect_heading(tr(section.title))
        expect(patient.page.get_by_text(f"Step {number} of {len(bank.sections) + 1}:")).to_be_visible()
        if number == 1:
            _future_birth_date_and_a_refused_next(patient, section)
        elif section is longest:
            _refused_next_far_below_the_question(patient, section)
        patient.fill_section(section, _positive_safety if positive else _no_to_yes_no)
        if SAFETY_ITEMS & {q.id for q in section.questions}:
            if positive:
                panel = _crisis_panels(patient)
                expect(panel).to_have_count(1)
                expect(panel).to_be_visible()
                expect(panel).to_contain_text("Nobody is reading these answers right now")
                # Help one tap away: the numbers and the chat are links the phone can follow.
                hrefs = panel.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
                assert {"tel:988", "sms:988", "https://988lifeline.org/chat/", "tel:911"} <= set(hrefs), hrefs
                patient.expect_heading(tr(section.title))  # right there, on the same step
                patient.screenshot_of(panel, f"{number:02d}-crisis-panel")
            else:
                expect(_crisis_panels(patient)).to_have_count(0)
        patient.screenshot(f"{number:02d}-{section.id}")
        patient.click("Next")

    patient.expect_heading("Review your answers")
    main = patient.page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(typed_texts(bank, patient.entered)[0])
    patient.screenshot(f"{len(bank.sections) + 1:02d}-review")

    pdf = patient.download("Download my summary (PDF)")
    assert pdf.suggested_filename.endswith(".pdf")
    path = downloads / pdf.suggested_filename
    pdf.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    text = _normal("\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))
    missing = [t for t in typed_texts(bank, patient.entered) if _normal(t) not in text]
    assert not missing, f"typed answers missing from the downloaded PDF: {missing[:8]}"
    assert patient.unsaved_flag() == "no", "downloading the summary counts as keeping the answers"

    # Clearing asks first, and says it means every answer on every step; then the first screen, empty.
    patient.click(say("en", "clear.button"))
    expect(patient.page.get_by_text(say("en", "way.clear.confirm"))).to_be_visible()
    patient.click(say("en", "clear.yes"))
    expect(patient.button("Start")).to_be_visible()
    expect(patient.page).not_to_have_url(re.compile("step="))  # written when Streamlit handles the run's page info
    expect(main).not_to_contain_text(typed_texts(bank, patient.entered)[0])


def _future_birth_date_and_a_refused_next(patient: Patient, section: Section) -> None:
    """A required date that must be today or earlier, given in 2030: the day stays and the rule is said at the
    field; Next is refused with the error summary, whose entry for it takes the focus into the date."""
    born = next(q for q in section.questions if q.kind is Kind.DATE and q.required and q.max_date == "today")
    group = patient.date_group(born)
    patient.type_date(group, IN_2030)
    rule = say("en", "way.date.today_or_earlier")
    expect(patient.page.get_by_role("alert").filter(has_text=rule)).to_be_visible()
    summary = patient.refuse_next()
    patient.expect_heading(tr(section.title))
    assert re.sub(r"\D", "", group.inner_text()) == IN_2030.replace("-", ""), "the typed day was dropped"
    patient.screenshot_of(summary, "way-error-summary")
    patient.follow_summary_entry(patient.summary_entry(summary, tr(born.label), rule), tr(born.label))


def _refused_next_far_below_the_question(patient: Patient, section: Section) -> None:
    """Next pressed at once at the bottom of a long step: the summary lists each required question, and its
    first entry takes the focus to the first of them, far above."""
    required = [q for q in patient.shown_questions(section) if q.required]
    summary = patient.refuse_next()
    expect(summary.get_by_role("link")).to_have_count(len(required))
    first = required[0]
    reason = problem_with(first, None, "en")
    assert reason
    patient.follow_summary_entry(patient.summary_entry(summary, tr(first.label), reason), tr(first.label))


def _keyboard_answer(patient: Patient, q: Question, value: Any) -> None:
    """Answer one question with Tab, typing, Space and Enter only."""
    keys = patient.page.keyboard
    patient.entered[q.id] = value
    if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        patient.tab_to(label_of(q))
        keys.type(str(value))
        patient.act(lambda: keys.press("Tab"))
    elif q.kind is Kind.DATE:
        patient.tab_to(f"year, {label_of(q)}")
        keys.type(value.replace("-", ""))
        keys.press("Tab")  # the calendar button, still inside the date widget

        patient.act(lambda: keys.press("Tab"))
    elif q.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.SCALE):
        first = option_label(q, q.choices()[0].value) if q.kind is not Kind.SCALE else str(int(q.min or 0))
        patient.tab_to(first, group=label_of(q))  # Tab enters the group on its first option
        for _ in range(len(q.choices()) if q.kind is not Kind.SCALE else int(q.max or 10) + 1):
            if patient.focused()["name"] == option_label(q, value):
                break
            keys.press("ArrowDown")
        patient.act(lambda: keys.press("Space"))
        expect(patient.radio(q, value)).to_be_checked()
    elif q.kind is Kind.MULTIPLE_CHOICE:
        for picked in value:
            patient.tab_to(option_label(q, picked))
            patient.act(lambda: keys.press("Space"))
            expect(patient.checkbox(q, picked)).to_be_checked()
    elif q.kind is Kind.LIST:
        for row, cells in enumerate(value, start=1):
            for index, f in enumerate(q.fields):
                if cells.get(f.id):
                    patient.tab_to(row_field_label(q, index, row))
                    keys.type(cells[f.id])
                    patient.act(lambda: keys.press("Tab"))
    else:
        raise AssertionError(f"no keyboard recipe for {q.kind}")


def test_keyboard_alone_then_back_and_forward_keep_values(new_patient: Callable[..., Patient], bank: Bank) -> None:
    """Start, About you and What brings you with Tab, typing, Space and Enter only (no mouse); then Back, Back
    and Next: every value is still in its widget."""
    patient = new_patient()
    keys = patient.page.keyboard
    patient.tab_to("Start")
    patient.act(lambda: keys.press("Enter"))
    for section in bank.sections[:2]:
        patient.expect_heading(tr(section.title))
        done: set[str] = set()
        while todo := [q for q in patient.shown_questions(section) if q.id not in done]:
            q = todo[0]
            done.add(q.id)
            _keyboard_answer(patient, q, browser_answer(q))
        patient.tab_to("Next")
        patient.act(lambda: keys.press("Enter"))
    patient.expect_heading(tr(bank.sections[2].title))

    # Going back and forward keeps every value typed (Streamlit forgets the widgets of a step not drawn).
    about, brings = bank.sections[:2]
    for move, section in (("Back", brings), ("Back", about), ("Next", brings)):
        patient.click(move)
        patient.expect_heading(tr(section.title))
        for q in patient.shown_questions(section):
            patient.expect_answer(q, patient.entered[q.id])


def test_save_progress_leave_guard_and_resume_in_a_new_browser(
    new_patient: Callable[..., Patient], bank: Bank, downloads: Path
) -> None:
    """Save my progress on step 3, then carry on from that file in a new browser context; the leave guard
    warns on reload only while there are answers that are not saved anywhere."""
    patient = new_patient()
    assert patient.unsaved_flag() == "no"
    patient.click("Start")
    about, brings, symptoms = bank.sections[:3]
    patient.fill_section(about)
    # The leave guard's script runs once the rerun is drawn: wait for it rather than read it at once.
    expect(patient.page.locator("html")).to_have_attribute("data-unsaved-answers", "yes")  # only in this tab
    patient.click("Next")
    patient.fill_section(brings)
    patient.click("Next")
    patient.expect_heading(tr(symptoms.title))
    some_symptoms = patient.shown_questions(symptoms)[:3]
    for q in some_symptoms:
        patient.answer(q, q.choices()[1].value)
    saved_answers = dict(patient.entered)

    saved = patient.download("Save my progress")
    assert saved.suggested_filename.endswith(".json")
    path = downloads / saved.suggested_filename
    saved.save_as(path)
    content = json.loads(path.read_text(encoding="utf-8"))
    assert content["answers"]["full_name"] == saved_answers["full_name"]
    assert patient.unsaved_flag() == "no", "after Save my progress nothing is at risk"
    patient.screenshot("03-symptoms-saved")

    # One more answer after saving: now a reload asks first.
    extra = patient.shown_questions(symptoms)[3]
    patient.answer(extra, extra.choices()[0].value)
    expect(patient.page.locator("html")).to_have_attribute("data-unsaved-answers", "yes")
    # The tab's own copy (ui/tabstore.py) brings every answer back after the reload, on the same step.
    assert patient.reload() == ["beforeunload"], "reloading with unsaved answers must ask first"
    patient.expect_heading(tr(symptoms.title))
    patient.expect_answer(extra, extra.choices()[0].value)

    # A new browser context (no shared storage): carry on from the saved file.
    later = new_patient()
    uploader = later.page.locator('[data-testid="stFileUploader"]').filter(has_text="Carry on from a saved file")
    expect(uploader).to_be_visible()
    later.act(lambda: uploader.locator('input[type="file"]').set_input_files(str(path)))
    expect(later.page.get_by_text("Your saved answers are loaded")).to_be_visible()
    later.entered = dict(saved_answers)
    later.expect_heading(tr(bank.sections[3].title))  # the first step that has no answers yet
    for section in (symptoms, brings, about):
        later.click("Back")
        later.expect_heading(tr(section.title))
        for q in later.shown_questions(section):
            if q.id in saved_answers:
                later.expect_answer(q, saved_answers[q.id])
    assert extra.id not in saved_answers
    later.click("Next")
    later.click("Next")
    expect(later.radio(extra, extra.choices()[0].value)).not_to_be_checked()

    # Loaded from a file: the answers are safe, so leaving does not ask.
    assert later.unsaved_flag() == "no"
    assert later.reload() == []
