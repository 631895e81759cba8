"""Shared computers: a page left idle past the clinic's idle_minutes warns, then forgets its answers and goes
back to the first screen, as "Clear my answers" does (ui/idle.py). A short limit from a clinic file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from journey import click, current_step, set_answer, start_app
from streamlit.testing.v1 import AppTest

from questions import load_bank
from questions.clinic import ENV_VAR
from questions.words import say
from ui import idle

LIMIT_MINUTES = 0.2  # twelve seconds; the warning shows for the last third (four seconds)


@pytest.fixture
def short_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "clinic.yaml"
    settings.write_text(f"idle_minutes: {LIMIT_MINUTES}\n")
    monkeypatch.setenv(ENV_VAR, str(settings))


def _with_a_name() -> AppTest:
    at = start_app()
    click(at, "start")
    set_answer(at, load_bank().question("full_name"), "Ana Ruiz")
    at.run()
    assert at.session_state["answers"]["full_name"] == "Ana Ruiz"
    return at


def _watcher_run(at: AppTest, idle_for: float) -> None:
    """A run as the watcher's own timer makes it (not a click): the page has been idle for `idle_for` s."""
    at.session_state[idle.ACTIVITY] = time.monotonic() - idle_for
    at.session_state[idle.SELF_RERUN] = True
    at.run()
    assert not at.exception


def test_a_page_idle_past_the_limit_forgets_the_answers(short_limit: None) -> None:
    at = _with_a_name()
    assert current_step(at) == 1
    time.sleep(LIMIT_MINUTES * 60 + 0.5)
    at.run()  # the next click, or the watcher, finds the page idle too long
    assert not at.exception
    assert at.session_state["answers"] == {}
    assert at.session_state["step"] == 0
    assert say("en", "idle.cleared") in [i.value for i in at.info]


def test_the_warning_comes_first_and_the_patient_can_keep_going(short_limit: None) -> None:
    at = _with_a_name()
    assert say("en", "idle.warning") not in [w.value for w in at.warning]
    _watcher_run(at, idle_for=LIMIT_MINUTES * 60 - 3.5)  # margin for a slow run
    assert say("en", "idle.warning") in [w.value for w in at.warning]
    at.button(key="idle_keep_going").click().run()
    assert not at.exception
    _watcher_run(at, idle_for=0)
    assert say("en", "idle.warning") not in [w.value for w in at.warning]
    assert at.session_state["answers"]["full_name"] == "Ana Ruiz"
    assert current_step(at) == 1


def test_activity_keeps_the_answers(short_limit: None) -> None:
    """Three clicks, each two thirds of the limit after the one before: twice the limit in all, and no gap
    reaches it (the clock is set back rather than slept through; the test above sleeps for real)."""
    at = _with_a_name()
    for _ in range(3):
        at.session_state[idle.ACTIVITY] = time.monotonic() - LIMIT_MINUTES * 60 * 2 / 3
        at.run()  # the patient does something
        assert not at.exception
        assert time.monotonic() - at.session_state[idle.ACTIVITY] < LIMIT_MINUTES * 60 / 3, "the click counts"
    _watcher_run(at, idle_for=LIMIT_MINUTES * 60 / 2)  # before the warning (the last third)
    assert say("en", "idle.warning") not in [w.value for w in at.warning]
    assert at.session_state["answers"]["full_name"] == "Ana Ruiz"


def test_the_default_is_thirty_minutes() -> None:
    at = _with_a_name()
    _watcher_run(at, idle_for=27 * 60)
    assert say("en", "idle.warning") not in [w.value for w in at.warning]
    _watcher_run(at, idle_for=29 * 60)
    assert say("en", "idle.warning") in [w.value for w in at.warning]
    assert at.session_state["answers"]["full_name"] == "Ana Ruiz"
    _watcher_run(at, idle_for=30 * 60 + 1)
    assert at.session_state["answers"] == {}
