"""The error summary of a refused Next (issue 15, point 3) in Chromium, on a laptop and on a phone: after Next
is refused at the bottom of the step, the box "There is a problem" is on screen with the keyboard focus, lists
each answer with a problem by its label and reason, and each entry takes the page and the focus to its field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from patient import DESKTOP, PHONE, Patient, label_of
from playwright.sync_api import Locator, expect

from questions import Bank, tr
from questions.words import say
from ui.error_summary import anchor, css_class

pytestmark = pytest.mark.browser

TOO_EARLY = "1990-06-01"
"""Before the first appointment's earliest day (2000): the field keeps it and says the rule."""

# The focus is in the field, on a control the keyboard reaches (not a widget's hidden helper).
_FOCUS_INSIDE = """field => { const e = document.activeElement;
  return field.contains(e) && e.tabIndex >= 0 && !e.closest('[aria-hidden="true"]'); }"""


def _summary(patient: Patient) -> Locator:
    return patient.page.locator(".intake-error-summary")


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
    summary = _summary(patient)
    expect(summary).to_have_count(0)  # nothing before Next is pressed

    patient.click("Next")  # at the bottom of the step: Playwright scrolls there as a patient would
    patient.expect_heading(tr(about.title))
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name=say("en", "error_summary.title"))).to_be_visible()
    expect(summary.get_by_role("alert")).to_have_count(1)

    # Each question with a problem, in step order, by its label and the reason its own field shows.
    wanted = [q for q in patient.shown_questions(about) if q.required or q.id == appointment.id]
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(wanted))
    texts = links.all_inner_texts()
    for q, text in zip(wanted, texts, strict=True):
        assert text.startswith(tr(q.label) + " — "), text
        reason = text.split(" — ", 1)[1]
        field = patient.page.locator(f".{css_class(anchor(q.id))}")
        expect(field.get_by_role("alert").filter(has_text=reason)).to_have_count(1)
    patient.screenshot_of(summary, "error-summary")

    # The last entry is the farthest down: its field comes into view with the focus inside it.
    for q, link in ((wanted[-1], links.nth(len(wanted) - 1)), (wanted[0], links.first)):
        if q is wanted[0]:
            summary.scroll_into_view_if_needed()
        field = patient.page.locator(f".{css_class(anchor(q.id))}")
        link.click()
        expect(field).to_be_in_viewport()
        assert field.evaluate(_FOCUS_INSIDE), f"the focus is not in the field of {label_of(q)!r}"
        assert tr(q.label) in patient.focused()["name"], patient.focused()
    assert "#" not in patient.page.url, "the links add no #fragment (or history entry) to the address"

    # Typing the answer in the focused field takes its entry off the list and does not move the page.
    first = wanted[0]
    patient.act(lambda: (patient.page.keyboard.type("Ana Diaz"), patient.page.keyboard.press("Tab")))
    expect(links).to_have_count(len(wanted) - 1)
    expect(patient.textbox(first)).to_be_in_viewport()
    expect(patient.textbox(first)).to_have_value("Ana Diaz")
