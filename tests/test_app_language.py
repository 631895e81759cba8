"""Choosing the language in the app (AppTest): a link's ?lang=, the clinic's default, the control on every
step that loses no answer, and a saved file that resumes in the other language with every answer kept.

Which language wins on resume: the patient's current choice, not the file's (answers are stored by option
value, so they read the same in either language).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from journey import APP, DownloadCapture, click, current_step, fill_section, set_answer
from streamlit.testing.v1 import AppTest

from questions import Bank, Kind
from questions.words import say
from samples.patients import answer_shown, maximal, second_choices
from ui.language import CONTROL, LINK
from ui.widgets import PREFIX, key

TYPED = "Typed just before switching"


def _open(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, link: str | None = None, default: str = "en") -> AppTest:
    settings = tmp_path / "clinic.yaml"
    settings.write_text(f"default_language: {default}\n", encoding="utf-8")
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(settings))
    at = AppTest.from_file(APP, default_timeout=90)
    if link is not None:
        at.query_params[LINK] = link
    at.run()
    assert not at.exception, at.exception
    return at


def _choose(at: AppTest, code: str) -> None:
    at.radio(key=CONTROL).set_value(code).run()
    assert not at.exception, at.exception


def _widget_values(at: AppTest) -> dict[str, Any]:
    state = at.session_state.to_dict()
    return {k: v for k, v in state.items() if k.startswith(PREFIX)}


@pytest.mark.parametrize(
    ("link", "default", "opens_in"),
    [("es", "en", "es"), ("en", "es", "en"), ("xx", "en", "en"), ("xx", "es", "es"), ("", "es", "es")],
)
def test_a_link_opens_in_its_language_and_an_unknown_one_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, link: str, default: str, opens_in: str
) -> None:
    at = _open(monkeypatch, tmp_path, link, default)
    assert at.title[0].value == say(opens_in, "app.title")
    assert at.radio(key=CONTROL).value == opens_in
    assert not at.error, "an unknown ?lang= is ignored quietly"


def test_the_control_offers_each_language_in_its_own_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = _open(monkeypatch, tmp_path)
    control = at.radio(key=CONTROL)
    assert control.label == say("en", "language.choose")
    assert control.options == ["English", "Español"]  # as shown: each in its own language
    _choose(at, "es")
    assert at.title[0].value == say("es", "app.title")
    assert at.query_params[LINK] == "es", "the choice is kept in the link, so a reload keeps it"
    _choose(at, "en")
    assert at.title[0].value == say("en", "app.title")


def test_a_click_whose_address_is_a_step_behind_moves_on_and_keeps_the_language(
    bank: Bank, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every rerun carries the address the page held when it was sent; a click just after a step change or a
    language switch may carry the one before (seen in CI: Next, Next landed one step short). Only the
    browser's Back or Forward follows the address (tests/browser/test_history.py, test_spanish_phone.py)."""
    at = _open(monkeypatch, tmp_path)
    _choose(at, "es")
    click(at, "start")
    fill_section(at, bank, bank.sections[0])
    click(at, "next")
    assert current_step(at) == 2
    assert at.query_params["step"] == "2"
    at.query_params["step"] = "1"  # the address before the last Next
    del at.query_params[LINK]  # and before the switch
    click(at, "back")
    assert current_step(at) == 1, "Back from step 2, not from the step the stale address names"
    assert at.query_params["step"] == "1"
    assert at.button(key="next").label == say("es", "step.next"), "the choice stays"
    at.query_params["step"] = "2"  # the address before that Back
    click(at, "next")
    assert current_step(at) == 2
    assert at.button(key="next").label == say("es", "step.next")


def test_a_back_whose_mark_was_merged_away_is_still_followed(
    bank: Bank, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Streamlit drops a Back's history mark when another rerun request is merged into it. Once a run has
    carried the step last written (the page took it in), an address that moves again is the patient's Back."""
    at = _open(monkeypatch, tmp_path)
    click(at, "start")
    fill_section(at, bank, bank.sections[0])
    click(at, "next")
    at.run()  # a run that carries ?step=2: the page has taken it in
    assert current_step(at) == 2
    at.query_params["step"] = "1"  # Back, its mark lost
    at.run()
    assert current_step(at) == 1
    assert at.query_params["step"] == "1", "no new entry: the address already names the step"


def test_switching_on_every_step_loses_no_answer(bank: Bank, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every kind of widget keeps what it holds when its labels change language, and back again; a value
    entered in the same moment as the switch (still in its widget) is kept too."""
    at = _open(monkeypatch, tmp_path)
    click(at, "start")
    kinds = set()
    for number, section in enumerate(bank.sections, start=1):
        fill_section(at, bank, section, maximal)
        answers, widgets = dict(at.session_state["answers"]), _widget_values(at)
        typed = next((q for q in section.questions if q.kind is Kind.SHORT_TEXT and _drawn(at, key(q.id))), None)
        if typed is not None:
            set_answer(at, typed, TYPED)  # no run of its own: it reaches the app with the switch
            answers[typed.id] = widgets[key(typed.id)] = TYPED
        for code in ("es", "en"):
            _choose(at, code)
            assert at.button(key="next").label == say(code, "step.next")
            assert at.session_state["answers"] == answers, (section.id, code)
            assert _widget_values(at) == widgets, (section.id, code)
        kinds |= {bank.question(qid).kind for qid in at.session_state["answers"]}
        click(at, "next")
        assert current_step(at) == number + 1
    assert kinds == set(Kind), "every kind of widget was switched with an answer in it"


def _drawn(at: AppTest, widget_key: str) -> bool:
    try:
        at.get_by_key(widget_key)
    except KeyError:
        return False
    return True


@pytest.mark.parametrize(("saved_in", "resumed_in"), [("en", "es"), ("es", "en")])
def test_a_file_saved_in_one_language_resumes_in_the_other_with_every_answer(
    bank: Bank,
    capture: DownloadCapture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    saved_in: str,
    resumed_in: str,
) -> None:
    answers = answer_shown(bank, second_choices if saved_in == "es" else maximal)
    first = _open(monkeypatch, tmp_path, saved_in)
    first.session_state["answers"] = answers
    first.session_state["step"] = len(bank.sections) + 1
    first.run()
    assert not first.exception, first.exception
    saved = capture.bytes_of("save")
    assert json.loads(saved)["language"] == saved_in

    second = _open(monkeypatch, tmp_path, resumed_in)
    second.file_uploader[0].set_value(("mis-respuestas.json", saved, "application/json")).run()
    assert not second.exception, second.exception
    assert second.session_state["answers"] == answers
    assert say(resumed_in, "files.loaded") in [s.value for s in second.success]
    assert second.session_state["language"] == resumed_in, "the patient's current choice wins, not the file's"
    # Every step drawn again in the other language (widgets seeded from the answers, read back): nothing lost.
    second.session_state["step"] = 1
    second.run()
    while current_step(second) <= len(bank.sections):
        assert second.button(key="next").label == say(resumed_in, "step.next")
        click(second, "next")
    assert second.session_state["answers"] == answers
    assert json.loads(capture.bytes_of("save"))["language"] == resumed_in
