"""The download buttons' builds: made in the worker pool (summaries/builds.py), stopped past the clinic's limit.

A download's bytes are made when the button is pressed, outside the script (Streamlit calls the button's
data callable), so a build that is stopped cannot draw anything itself. It marks this session's
`BuildNotice`; the session's watcher (ui/idle.py, a fragment that reruns every few seconds) sees the mark and
reruns the page, which then shows one plain sentence beside the button. The answers are untouched.
"""

from __future__ import annotations

import streamlit as st

from questions.clinic import Clinic
from questions.words import say
from summaries import builds


class BuildNotice:
    """Which of this session's builds was stopped and not yet told ('summary' or 'paper'). One per session;
    download callables hold a reference to it (they run where there is no session state)."""

    def __init__(self) -> None:
        self.stopped: str | None = None
        self.announced = False  # the page was rerun to tell it


def notice() -> BuildNotice:
    """This session's BuildNotice."""
    if "build_notice" not in st.session_state:
        st.session_state["build_notice"] = BuildNotice()
    return st.session_state["build_notice"]  # type: ignore[no-any-return]


def summary_pdf(
    intake_json: str, clinic: Clinic, told: BuildNotice, earlier_text: str = "", language: str | None = None
) -> bytes:
    """The summary PDF of these answers and the earlier visits (download callable; see ui/visits.build_pdf), in
    `language` (default: the clinic's provider_language). Stopped past `clinic.build_seconds`."""
    try:
        return builds.summary_pdf(
            intake_json, clinic, earlier_text=earlier_text, limit=clinic.build_seconds, language=language
        )
    except (builds.BuildTooSlow, builds.BuildFailed):
        told.stopped = "summary"
        raise


def paper_form(paper_size: str, clinic: Clinic, told: BuildNotice, language: str | None = None) -> bytes:
    """The paper form (download callable), in `language`. Stopped past `clinic.build_seconds`."""
    try:
        return builds.paper_form(paper_size, clinic, language, limit=clinic.build_seconds)
    except (builds.BuildTooSlow, builds.BuildFailed):
        told.stopped = "paper"
        raise


def needs_rerun() -> bool:
    """Whether a build was stopped since the page was last drawn (the watcher then reruns the page, once)."""
    told = notice()
    if told.stopped is None or told.announced:
        return False
    told.announced = True
    return True


def show_stopped(which: str, language: str = "en") -> None:
    """The plain sentence for a stopped build of this kind, once, where the caller draws it."""
    told = notice()
    if told.stopped != which:
        return
    key = "builds.summary_stopped" if which == "summary" else "builds.paper_stopped"
    st.warning(say(language, key), icon=":material/schedule:")
    told.stopped = None
    told.announced = False
