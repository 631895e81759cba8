"""The one way a session's answers are forgotten: "Clear my answers" and the idle timeout both call it.

Anything that keeps a copy of the answers (the session state here; any copy kept in the browser tab) must
be cleared in `forget_answers`, so both ways of clearing stay the same.
"""

from __future__ import annotations

import streamlit as st

from ui import tabstore, visits, widgets


def forget_answers() -> None:
    """Forget every answer and widget value in this session and go back to the first screen."""
    st.session_state["answers"] = {}
    st.session_state["attempted"] = set()
    st.session_state["confirm_clear"] = False
    st.session_state["step"] = 0
    st.session_state.pop("summary_saved", None)  # the name of the summary file last saved (ui/review.py)
    widgets.forget_widgets(st.session_state)
    visits.forget()
    tabstore.forget()  # the copy of the answers kept in the browser tab
