"""The error summary of a refused Next (issue 15, point 3) in Chromium, on a laptop and on a phone: after Next
is refused at the bottom of the step, the box "There is a problem" is on screen with the keyboard focus, lists
each answer with a problem by its label and reason, and each entry takes the page and the focus to its field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from patient import DESKTOP, PHONE, Patient
from playwright.sync_api import expect

from questions import Bank, problem_with, tr
from ui.error_summary import anchor, css_class

pytestmark = pytest.mark.browser

TOO_EARLY = "1990-06-01"
"""Before the first appointment's earliest day (2000): the field keeps it and says the rule."""

# The focus is in the field, on a control the keyboard reaches (not a widget's hidden helper).
_FOCUS_INSIDE = """field => { const e = document.activeElement;
  return field.contains(e) && e.tabIndex >= 0 && !e.closest('[aria-hidden="true"]'); }"""


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_refused_next_shows_the_summary_and_each_entry_leads_to_its_field(
    new_patient: Callable[..., Patient], bank: Bank, size: str, viewport: dict[str, int]
) -> None:
    patient = new_patient(viewport, size)
    patient.click("Start")
    about = bank.sections[0]
    patient.expect_heading(tr(about.title))
    appointment = bank.question("appointment_date")
    patient.type_date(patient.date_group(appointment), TOO_EARLY)
    expect(patient.page.locator(".intake-error-summary")).to_have_count(0)  # nothing before Next is pressed

    summary = patient.refuse_next()  # Next is at the bottom: Playwright scrolls there, as a patient would
    patient.expect_heading(tr(about.title))
    expect(summary.get_by_role("alert")).to_have_count(1)

    # Each question with a problem, in step order, by its label and the reason its own field shows.
    wanted = [q for q in patient.shown_questions(about) if q.required or q.id == appointment.id]
    expect(summary.get_by_role("link")).to_have_count(len(wanted))
    entries = []
    for q in wanted:
        reason = problem_with(q, TOO_EARLY if q is appointment else None, "en")
        assert reason
        entry = patient.summary_entry(summary, tr(q.label), reason)
        expect(entry).to_have_count(1)
        field = patient.page.locator(f".{css_class(anchor(q.id))}")
        expect(field.get_by_role("alert").filter(has_text=reason)).to_have_count(1)
        entries.append((q, entry, field))
    assert summary.get_by_role("link").all_inner_texts()[0].startswith(tr(wanted[0].label)), "step order"
    patient.screenshot_of(summary, "error-summary")

    # The last entry is the farthest down; then back up to the first. Each time the field comes into view
    # with the focus inside it, and the address gains no #fragment (no history entry either).
    for q, entry, field in (entries[-1], entries[0]):
        entry.scroll_into_view_if_needed()
        patient.follow_summary_entry(entry, tr(q.label))
        expect(field).to_be_in_viewport()
        assert field.evaluate(_FOCUS_INSIDE), f"the focus is not in the field of {tr(q.label)!r}"
    assert "#" not in patient.page.url

    # Typing the answer in the focused field takes its entry off the list and does not move the page.
    first = wanted[0]
    patient.act(lambda: (patient.page.keyboard.type("Ana Diaz"), patient.page.keyboard.press("Tab")))
    expect(summary.get_by_role("link")).to_have_count(len(wanted) - 1)
    expect(patient.textbox(first)).to_be_in_viewport()
    expect(patient.textbox(first)).to_have_value("Ana Diaz")
