"""The crisis panel in a real browser with no network beyond the app: it draws no icon (Streamlit's icon font
showed an empty box in the screenshot), nothing is fetched from elsewhere, and a yes to an ASQ question shows
it at once, once, on the Symptoms step."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

import pytest
from patient import DESKTOP, Patient, browser_answer
from playwright.sync_api import Route, expect

from questions import Bank, tr

pytestmark = pytest.mark.browser


def test_crisis_panel_draws_no_icon_and_needs_no_network(new_patient: Callable[..., Patient], bank: Bank) -> None:
    patient = new_patient(DESKTOP, "desktop")
    elsewhere: list[str] = []

    def only_the_app(route: Route) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    patient.page.context.route("**/*", only_the_app)
    patient.open()
    patient.click("Start")
    symptoms = next(s for s in bank.sections if any(q.id == "asq_1" for q in s.questions))
    for section in bank.sections:
        patient.expect_heading(tr(section.title))
        if section.id == symptoms.id:
            break
        patient.fill_section(section, browser_answer)
        patient.click("Next")
    panels = patient.page.locator('[data-testid="stMain"] [data-testid="stAlert"]').filter(has_text="988")
    expect(panels).to_have_count(0)
    patient.answer(bank.question("asq_1"), "yes")
    expect(panels).to_have_count(1)
    panel = panels.first
    expect(panel).to_contain_text("Nobody is reading these answers right now")
    expect(panel.locator('[data-testid="stIconMaterial"], [data-testid="stIconEmoji"]')).to_have_count(0)
    patient.answer(bank.question("asq_3"), "yes")
    expect(panels).to_have_count(1)  # once per step, however many safety answers
    assert elsewhere == [], f"the page asked for files from elsewhere: {elsewhere[:3]}"
    patient.screenshot_of(panel, "crisis-panel-no-icon")  # tests/artifacts; docs/screenshots has a reviewed copy
