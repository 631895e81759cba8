"""A patient at the keyboard and mouse: drive the running app in Chromium by visible labels and roles.

Every action that makes Streamlit rerun the script goes through `Patient.act`, which waits until that
rerun is over and drawn (no stale elements, no loading skeletons, a short quiet spell on the websocket),
so the tests need no fixed sleeps.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Dialog, Download, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from questions import Bank, Kind, Question, Section, shown_ids, tr
from questions.check import resolve_date
from questions.kinds.lists import ListOfRows
from questions.kinds.number import Number
from questions.words import say
from samples.answers import sample_answer
from samples.patients import answer_shown

# Counts the messages the server sends over Streamlit's websocket, and when the last one came, so a wait can
# tell "the rerun I caused is drawn" from "it has not started yet". (The stApp script-state attribute alone
# is not enough: React may batch "running" and "notRunning" of a fast run into one render.)
RUN_COUNTER = """
(() => {
  window.__intakeFrames = 0;
  window.__intakeLastFrame = 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => {
        window.__intakeFrames += 1;
        window.__intakeLastFrame = performance.now();
      });
    }
  };
})();
"""

_DRAWN = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === "notRunning"
  && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')"""
_QUIET_MS = 60


def _rerun_done(quiet_ms: int) -> str:
    """JS: more frames than n came, none for quiet_ms, and the page is drawn."""
    return (
        f"n => window.__intakeFrames > n && performance.now() - window.__intakeLastFrame > {quiet_ms} && ({_DRAWN})()"
    )


_STATE = """() => ({frames: window.__intakeFrames,
  script: document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState,
  stale: document.querySelectorAll('[data-stale="true"]').length,
  skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
  focus: document.activeElement?.getAttribute("aria-label") || document.activeElement?.tagName})"""

# The accessible name of the focused element, and the radio group it belongs to (if any).
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {name: "", group: ""};
  const name = e.getAttribute("aria-label") || (e.labels && e.labels[0] && e.labels[0].innerText) || e.innerText || "";
  const group = e.closest('[role="radiogroup"]');
  return {name: name.trim(), group: group ? (group.getAttribute("aria-label") || "") : ""};
}"""

ERROR_SUMMARY = ".intake-error-summary"
"""The error summary of a refused Next (ui/error_summary.py)."""

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

SETTLE_MS = 15_000
DOWNLOAD_MS = 20_000
MAX_TABS = 80
BP_TOP, BP_BOTTOM, BP_DAY = (say("en", f"kinds.blood_pressure.{part}") for part in ("top", "bottom", "day"))
"""The labels of a blood pressure reading's two numbers and its day (in English)."""


def bp_label(part: str, language: str = "en") -> str:
    """The label of a blood pressure reading's part ("top", "bottom", "day") in a language."""
    return say(language, f"kinds.blood_pressure.{part}")


def label_of(q: Question, language: str = "en") -> str:
    """The label the app shows for a question (a star marks a required one)."""
    return tr(q.label, language) + (" *" if q.required else "")


def _thing(q: ListOfRows, language: str) -> str:
    return (tr(q.item_label, language) or say(language, "widgets.row")).lower()


def row_field_label(q: ListOfRows, field_index: int, row: int, language: str = "en") -> str:
    """The label of one text box in a list question's row (rows count from 1; a star only when the field and
    the list are both required: a star means required)."""
    f = q.fields[field_index]
    field = f"{tr(f.label, language)}{' *' if f.required and q.required else ''}"
    return say(language, "widgets.row_field", field=field, thing=_thing(q, language), number=row)


def option_label(q: Question, value: Any, language: str = "en") -> str:
    """What the patient reads for a choice (scales show their numbers)."""
    if q.kind is Kind.SCALE:
        return str(value)
    return tr(q.option(value).label, language)  # type: ignore[union-attr]


def browser_answer(q: Question) -> Any:
    """sample_answer, with dates kept inside the question's own limits (the date widget refuses others)."""
    value = sample_answer(q)
    if q.kind is Kind.DATE:
        today = dt.date.today()
        earliest, latest = resolve_date(q.min_date, today), resolve_date(q.max_date, today)
        day = dt.date.fromisoformat(value)
        if earliest and day < earliest:
            day = earliest
        if latest and day > latest:
            day = latest
        value = day.isoformat()
    return value


def full_answers(bank: Bank, choose: Callable[[Question], Any] = browser_answer) -> dict[str, Any]:
    """Answers to every question that ends up shown (follow-ups included), as a patient would give them."""
    return answer_shown(bank, choose)


def typed_texts(bank: Bank, answers: dict[str, Any]) -> list[str]:
    """Every piece of free text in these answers (lines of long answers, list cells)."""
    texts: list[str] = []
    for qid, value in answers.items():
        kind = bank.question(qid).kind
        if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            texts.extend(line for line in str(value).splitlines() if line.strip())
        elif kind is Kind.LIST:
            texts.extend(cell for row in value for cell in row.values() if cell.strip())
    return texts


class Patient:
    """One browser tab on the app."""

    def __init__(
        self, page: Page, bank: Bank, base_url: str, shots: Path | None = None, size: str = "", language: str = "en"
    ) -> None:
        self.language = language
        """The language of the screens: every label is looked for in it."""
        self.page = page
        self.bank = bank
        self.base_url = base_url
        self.shots = shots
        self.size = size
        self.entered: dict[str, Any] = {}

    # --- waiting -------------------------------------------------------------------------------------
    def frames(self) -> int:
        return int(self.page.evaluate("window.__intakeFrames || 0"))

    def settled(self) -> None:
        """Wait until no script run is going and everything is drawn."""
        self.page.wait_for_function(_DRAWN, timeout=SETTLE_MS)

    def act(self, action: Callable[[], Any]) -> None:
        """Do something that makes the app rerun, and wait until that rerun is drawn."""
        before = self.frames()
        action()
        self._wait(_rerun_done(_QUIET_MS), before, action)

    def _wait(self, condition: str, before: int, what: object) -> None:
        try:
            self.page.wait_for_function(condition, arg=before, timeout=SETTLE_MS)
        except PlaywrightTimeoutError:
            state = self.page.evaluate(_STATE)
            raise AssertionError(f"no rerun was drawn after {what!r}: frames before {before}, now {state}") from None

    # --- navigation ----------------------------------------------------------------------------------
    def open(self) -> None:
        self.page.goto(self.base_url)
        start = self.page.get_by_role("button", name=say(self.language, "start.start"), exact=True)
        expect(start).to_be_visible(timeout=SETTLE_MS)
        self.settled()

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def click(self, name: str) -> None:
        self.act(self.button(name).click)

    def expect_heading(self, text: str) -> None:
        expect(self.page.get_by_role("heading", name=text, exact=True).first).to_be_visible(timeout=SETTLE_MS)

    def download(self, name: str) -> Download:
        """Click a download button; return the file the browser received.

        Streamlit (1.67) builds a file given as a callable on click, by the id the last run gave it; the click
        also reruns the app (on_click), and when that rerun ends before the server looks the id up, the id is
        already retired: the button shows "Failed to generate file for download" for 5 s and no file comes
        (server log: "Deferred file ... not found"). A patient clicks again: so does this, once, with a
        warning, so that a button that never works still fails the test.
        """
        errors = self.page.locator('[data-testid="stDownloadButtonError"]')
        received: list[Download] = []

        def on_download(download: Download) -> None:
            received.append(download)

        self.page.on("download", on_download)
        try:
            for attempt in (1, 2):
                self.act(self.button(name).click)
                deadline = time.monotonic() + DOWNLOAD_MS / 1000
                while not received and not errors.count() and time.monotonic() < deadline:
                    self.page.wait_for_timeout(50)
                if received:
                    return received[0]
                said = errors.all_inner_texts() or ["nothing"]
                if attempt == 2:
                    raise AssertionError(f"{name!r} gave no file on two clicks; the button said {said}")
                warnings.warn(f"{name!r} gave no file on the first click; the button said {said}", stacklevel=2)
                expect(errors).to_have_count(0, timeout=10_000)
        finally:
            self.page.remove_listener("download", on_download)
        raise AssertionError("unreachable")

    # --- a refused Next -----------------------------------------------------------------------------------
    def refuse_next(self) -> Locator:
        """Press Next on a step with problems: the error summary ("There is a problem") is on screen with the
        keyboard focus, wherever the patient was on the step. Returns the summary."""
        self.click("Next")
        summary = self.page.locator(ERROR_SUMMARY)
        title = summary.get_by_role("heading", name=say("en", "error_summary.title"), exact=True)
        expect(title).to_be_visible(timeout=SETTLE_MS)  # the rerun that Next asks for may still be drawing
        expect(summary).to_be_in_viewport()
        expect(summary).to_be_focused()
        return summary

    def summary_entry(self, summary: Locator, label: str, reason: str) -> Locator:
        """The summary's link for a question: its label and the reason its field shows."""
        text = say("en", "error_summary.entry", label=label, reason=reason)
        return summary.get_by_role("link", name=text, exact=True)

    def follow_summary_entry(self, entry: Locator, label: str) -> None:
        """Click an entry of the error summary: the keyboard focus is in the question's field, on screen."""
        entry.click()
        focused = self.page.locator(":focus")
        # A radio's or check box's own input is a 1 px box: its label is what shows.
        shown = (
            focused.locator("xpath=ancestor::label[1]")
            if focused.get_attribute("type") in ("radio", "checkbox")
            else focused
        )
        expect(shown).to_be_in_viewport()
        assert label in self.focused()["name"], f"the focus is on {self.focused()}, not in {label!r}"

    def reload(self) -> list[str]:
        """Reload the tab, accepting any leave dialog, and wait until the tab's copy (ui/tabstore.py) has
        brought the answers back; the types of the dialogs the reload raised ("beforeunload" when it asked)."""
        dialogs: list[str] = []

        def on_dialog(dialog: Dialog) -> None:
            dialogs.append(dialog.type)
            dialog.accept()

        self.page.on("dialog", on_dialog)
        try:
            self.page.reload()
            expect(self.page.get_by_text(say("en", "tabstore.back"))).to_be_visible(timeout=SETTLE_MS)
        finally:
            self.page.remove_listener("dialog", on_dialog)
        self.settled()
        return dialogs

    def unsaved_flag(self) -> str | None:
        """What the leave guard put on <html data-unsaved-answers>."""
        return self.page.evaluate("document.documentElement.dataset.unsavedAnswers ?? null")  # type: ignore[no-any-return]

    def screenshot(self, name: str) -> Path | None:
        """The whole step (Streamlit scrolls inside its own container, so grow the viewport to fit it)."""
        if self.shots is None:
            return None
        viewport = self.page.viewport_size or {"width": 1280, "height": 800}
        height = self.page.evaluate(
            "() => Math.max(...[...document.querySelectorAll("
            "'[data-testid=stMain], [data-testid=stMainBlockContainer], [data-testid=stAppViewContainer]')]"
            ".map(e => e.scrollHeight))"
        )
        path = self.shots / f"{self.size}-{name}.png"
        self.page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], int(height))})
        try:
            self.settled()
            self.page.screenshot(path=str(path), full_page=True, animations="disabled")
        finally:
            self.page.set_viewport_size(viewport)
        return path

    def screenshot_of(self, locator: Locator, name: str) -> Path | None:
        """What the patient sees with this element scrolled into view (the viewport, not the whole step)."""
        if self.shots is None:
            return None
        locator.scroll_into_view_if_needed()
        path = self.shots / f"{self.size}-{name}.png"
        self.page.screenshot(path=str(path), animations="disabled")
        return path

    # --- finding a question's widgets by their labels --------------------------------------------------
    def shown_questions(self, section: Section) -> list[Question]:
        shown = shown_ids(self.bank, self.entered)
        return [q for q in section.questions if q.id in shown]

    def _occurrence(self, q: Question, same: Callable[[Question], bool]) -> int:
        """How many shown questions before this one on its step have a widget with the same name."""
        on_step = self.shown_questions(self.bank.section_of(q.id))
        return sum(1 for other in on_step[: on_step.index(q)] if same(other))

    def _pick(self, locator: Locator, index: int) -> Locator:
        return locator.nth(index) if index else locator.first

    def textbox(self, q: Question) -> Locator:
        label = label_of(q, self.language)
        index = self._occurrence(
            q, lambda o: o.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT) and label_of(o, self.language) == label
        )
        return self._pick(self.page.get_by_role("textbox", name=label, exact=True), index)

    def number_box(self, q: Number) -> Locator:
        unit = tr(q.unit, self.language)
        label = label_of(q, self.language)
        name = f"{label} ({unit})" if unit and not q.units else label
        return self.page.get_by_role("spinbutton", name=name, exact=True).first

    def unit_radio(self, q: Number, unit_id: str) -> Locator:
        name = say(self.language, "widgets.unit_for", question=tr(q.label, self.language).lower())
        group = self.page.get_by_role("radiogroup", name=name, exact=True).first
        unit = tr(next(u.label for u in q.units if u.id == unit_id), self.language)
        return group.get_by_role("radio", name=unit, exact=True)

    def date_group(self, q: Question) -> Locator:
        label = label_of(q, self.language)
        index = self._occurrence(q, lambda o: o.kind is Kind.DATE and label_of(o, self.language) == label)
        return self._pick(self.page.get_by_role("group", name=label, exact=True), index)

    def radio(self, q: Question, value: Any) -> Locator:
        label = label_of(q, self.language)
        index = self._occurrence(q, lambda o: o.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.SCALE)
                                 and label_of(o, self.language) == label)  # fmt: skip
        group = self._pick(self.page.get_by_role("radiogroup", name=label, exact=True), index)
        return group.get_by_role("radio", name=option_label(q, value, self.language), exact=True)

    def checkbox(self, q: Question, value: str) -> Locator:
        name = option_label(q, value, self.language)
        index = self._occurrence(
            q,
            lambda o: o.kind is Kind.MULTIPLE_CHOICE and any(tr(x.label, self.language) == name for x in o.options),
        )
        return self._pick(self.page.get_by_role("checkbox", name=name, exact=True), index)

    def row_box(self, q: ListOfRows, field_index: int, row: int) -> Locator:
        return self.page.get_by_role("textbox", name=row_field_label(q, field_index, row, self.language), exact=True)

    # --- answering ---------------------------------------------------------------------------------------
    def fill_section(self, section: Section, choose: Callable[[Question], Any] = browser_answer) -> dict[str, Any]:
        """Answer every question the step shows, follow-ups included, in screen order; return what was entered."""
        entered: dict[str, Any] = {}
        while True:
            todo = [q for q in self.shown_questions(section) if q.id not in entered]
            if not todo:
                return entered
            q = todo[0]
            entered[q.id] = choose(q)
            self.answer(q, entered[q.id])

    def answer(self, q: Question, value: Any) -> None:
        """Enter one answer in the question's widgets, found by their visible labels."""
        self.entered[q.id] = value
        if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            self.type_into(self.textbox(q), str(value))
        elif q.kind is Kind.NUMBER and q.units:
            self.type_into(self.number_box(q), str(value["value"]))
            self.pick(self.unit_radio(q, value["unit"]))
        elif q.kind is Kind.NUMBER:
            self.type_into(self.number_box(q), str(value))
        elif q.kind is Kind.DATE:
            self.type_date(self.date_group(q), value)
        elif q.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.SCALE):
            self.pick(self.radio(q, value))
        elif q.kind is Kind.MULTIPLE_CHOICE:
            for o in q.options:
                if o.value in value:
                    self.pick(self.checkbox(q, o.value))
        elif q.kind is Kind.BLOOD_PRESSURE:
            top, bottom, day = (bp_label(part, self.language) for part in ("top", "bottom", "day"))
            self.type_into(self.page.get_by_role("spinbutton", name=top, exact=True).first, str(value["systolic"]))
            self.type_into(self.page.get_by_role("spinbutton", name=bottom, exact=True).first, str(value["diastolic"]))
            if value.get("taken"):
                self.type_date(self.page.get_by_role("group", name=day, exact=True).first, value["taken"])
        elif q.kind is Kind.LIST:
            thing = _thing(q, self.language)
            for row, cells in enumerate(value, start=1):
                if row > 1 and not self.row_box(q, 0, row).count():
                    self.click(say(self.language, "widgets.add_another", thing=thing))
                for index, f in enumerate(q.fields):
                    if cells.get(f.id):
                        self.type_into(self.row_box(q, index, row), cells[f.id])

    def type_into(self, box: Locator, text: str) -> None:
        """Type into a text or number box and leave it (Tab), which hands the value to the app."""
        if box.input_value() == text:
            return

        def go() -> None:
            box.fill(text)
            box.press("Tab")

        self.act(go)

    def type_date(self, group: Locator, iso: str) -> None:
        """Type a date into its year / month / day fields, then Tab out of the widget to hand it over."""
        if re.sub(r"\D", "", group.inner_text()) == iso.replace("-", ""):
            return

        def go() -> None:
            group.get_by_role("spinbutton").first.click()
            self.page.keyboard.type(iso.replace("-", ""))
            self.page.keyboard.press("Tab")  # to the calendar button, still inside the widget
            self.page.keyboard.press("Tab")  # out of the widget: now the date is handed over

        self.act(go)

    def pick(self, control: Locator) -> None:
        """Tick a checkbox or choose a radio by clicking its visible label (Streamlit hides the 1 px input)."""
        if control.is_checked():
            return
        self.act(control.locator("xpath=ancestor::label[1]").click)
        expect(control).to_be_checked()

    # --- checking what the widgets show ----------------------------------------------------------------
    def expect_answer(self, q: Question, value: Any) -> None:
        """The question's widgets show this answer."""
        if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            expect(self.textbox(q)).to_have_value(str(value))
        elif q.kind is Kind.NUMBER and q.units:
            expect(self.number_box(q)).to_have_value(str(value["value"]))
            expect(self.unit_radio(q, value["unit"])).to_be_checked()
        elif q.kind is Kind.NUMBER:
            expect(self.number_box(q)).to_have_value(str(value))
        elif q.kind is Kind.DATE:
            assert re.sub(r"\D", "", self.date_group(q).inner_text()) == value.replace("-", ""), q.id
        elif q.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.SCALE):
            expect(self.radio(q, value)).to_be_checked()
        elif q.kind is Kind.MULTIPLE_CHOICE:
            for o in q.options:
                box = self.checkbox(q, o.value)
                expect(box).to_be_checked() if o.value in value else expect(box).not_to_be_checked()
        elif q.kind is Kind.BLOOD_PRESSURE:
            expect(
                self.page.get_by_role("spinbutton", name=bp_label("top", self.language), exact=True).first
            ).to_have_value(str(value["systolic"]))
            expect(
                self.page.get_by_role("spinbutton", name=bp_label("bottom", self.language), exact=True).first
            ).to_have_value(str(value["diastolic"]))
        elif q.kind is Kind.LIST:
            for row, cells in enumerate(value, start=1):
                for index, f in enumerate(q.fields):
                    expect(self.row_box(q, index, row)).to_have_value(cells.get(f.id, ""))

    # --- the keyboard alone --------------------------------------------------------------------------------
    def focused(self) -> dict[str, str]:
        return self.page.evaluate(_FOCUSED)  # type: ignore[no-any-return]

    def tab_to(self, name: str, group: str | None = None) -> None:
        """Press Tab until the control with this accessible name (in this radio group) has the focus."""
        seen = []
        for _ in range(MAX_TABS):
            now = self.focused()
            if now["name"] == name and (group is None or now["group"] == group):
                return
            seen.append(now["name"])
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {name!r}; it went through {seen}")
