"""The patient's way through in Chromium (issue 15): a typed date outside the bank's limits stays in the
field (the browser's date picker used to refuse it), the rule is visible text in an alert at the field on a
phone too, and Next stays on the step; the crisis contacts are links."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from patient import DESKTOP, PHONE, Patient
from playwright.sync_api import expect

from questions import Bank, tr
from questions.words import say

pytestmark = pytest.mark.browser

IN_2030 = "2030-06-01"


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_future_birth_date_is_kept_and_said_in_an_alert(
    new_patient: Callable[..., Patient], bank: Bank, size: str, viewport: dict[str, int]
) -> None:
    patient = new_patient(viewport, size)
    patient.click("Start")
    first = bank.sections[0]
    patient.expect_heading(tr(first.title))
    born = bank.question("date_of_birth")
    group = patient.date_group(born)
    patient.type_date(group, IN_2030)
    rule = say("en", "way.date.today_or_earlier")
    alert = patient.page.get_by_role("alert").filter(has_text=rule)
    expect(alert).to_be_visible()
    assert re.sub(r"\D", "", patient.date_group(born).inner_text()) == "20300601", "the typed day was dropped"
    patient.click("Next")
    patient.expect_heading(tr(first.title))  # still on the same step
    shown = patient.page.get_by_role("alert").filter(has_text=rule).first
    expect(shown).to_be_visible()
    assert re.sub(r"\D", "", patient.date_group(born).inner_text()) == "20300601"
    patient.screenshot_of(shown, "way-future-birth-date")
