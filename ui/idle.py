"""Shared computers: a page left idle for the clinic's `idle_minutes` (default 30) is cleared, after a warning.

Every full run of the script is the patient doing something (a click, a typed answer), so it counts as
activity. A small fragment reruns on its own every few seconds while the tab is open (`st.fragment`'s
`run_every`); it does not count as activity. Near the limit it shows a warning with a button to keep going;
at the limit it reruns the page, whose first step (`guard`) forgets the answers as "Clear my answers" does
(ui/forget.py) and goes back to the first screen. A click that arrives after the limit (a tab asleep in the
background) finds the answers already gone: the check comes before the click counts.

The same fragment also reruns the page once when a download's build was stopped (ui/builds.py), so the
patient reads why.
"""

from __future__ import annotations

import time

import streamlit as st

from questions.words import say
from ui import builds
from ui.forget import forget_answers

ACTIVITY = "idle_last_activity"
SELF_RERUN = "idle_self_rerun"
CLEARED = "idle_cleared"

WARN_SECONDS = 120.0
"""The warning shows this long before the answers are cleared (or for the last third of a short limit)."""

TICK_SECONDS = 10.0
"""How often the watcher looks (or a tenth of a short limit, at least one second)."""


def _now() -> float:
    return time.monotonic()


def guard(idle_minutes: float, language: str = "en") -> None:
    """At the top of every full run: forget the answers of a page idle past the limit, else count activity;
    then draw the watcher."""
    limit = idle_minutes * 60
    ours = st.session_state.pop(SELF_RERUN, False)
    last = st.session_state.get(ACTIVITY)
    if last is not None and _now() - last >= limit and _has_something():
        forget_answers()
        st.session_state[CLEARED] = True
    if not ours or last is None:
        st.session_state[ACTIVITY] = _now()
    if st.session_state.get(CLEARED):
        st.info(say(language, "idle.cleared"), icon=":material/lock_reset:")
        if not ours:  # shown until the patient does something
            st.session_state[CLEARED] = False
    tick = max(1.0, min(TICK_SECONDS, limit / 10))
    st.fragment(_watch, run_every=tick)(limit, language)


def _has_something() -> bool:
    return bool(st.session_state.get("answers")) or st.session_state.get("step", 0) != 0


def keep_going() -> None:
    """The warning's button: the patient is here."""
    st.session_state[ACTIVITY] = _now()


def _watch(limit: float, language: str) -> None:
    if builds.needs_rerun():
        st.session_state[SELF_RERUN] = True
        st.rerun()
    if not _has_something():
        return
    idle = _now() - st.session_state.get(ACTIVITY, _now())
    if idle >= limit:
        st.session_state[SELF_RERUN] = True
        st.rerun()
    if idle >= limit - min(WARN_SECONDS, limit / 3):
        st.warning(say(language, "idle.warning"), icon=":material/timer:")
        st.button(say(language, "idle.keep_going"), key="idle_keep_going", on_click=keep_going, type="primary")
