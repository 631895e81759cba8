"""Each step its own place in the browser's history, so the browser's Back and Forward move between steps.

The step is kept in the address as `?step=N` through `st.query_params`. Streamlit (1.67, its frontend's
`handlePageInfoChanged`) adds a history entry (`history.pushState`) when a run changes the query string,
and on the browser's Back or Forward (`popstate`) it reruns the script with the address's query string,
marking that run as history navigation. So no custom component is needed: a run that moves to another step
writes `?step=N` (a new entry), and a Back or Forward run that finds `?step=` changed from what this session
last knew follows it.

Every rerun carries the query string the page held when it was sent, and a click that comes just after a
step change can be sent before the page has taken in the new address: that run carries the step before,
and following it would undo the step change (seen in CI: Next, Next landed one step short). So a moved
address is followed only on a run Streamlit marks as Back or Forward, or once a run has shown that the page
took in the step last written (Streamlit drops the mark when it merges another rerun request into a Back's;
see `follow`). The answers stay in the session (and in the tab, ui/tabstore.py), so moving through history
keeps every one. This behaviour of
Streamlit is not in its documentation; tests/browser/test_history.py checks it in Chromium.

The first step has no `?step=`: going Back from it leaves the app (the browser asks first while answers
are not saved, ui/files.py), so Back never loops on the first step. A reload keeps the address; the step
comes back with the answers (the tab's copy holds both). The step number is not patient data.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

PARAM = "step"
"""The query parameter that holds the step."""
_KNOWN = "history_known"
"""The step the address held when this session last looked (or last wrote it)."""
_TAKEN_IN = "history_taken_in"
"""Whether a run has carried the step this session last wrote: the page has taken it in."""


def _in_address(last: int) -> int | None:
    """The step in the address (no `?step=` is the first step); None when it is not a step of this form."""
    text = st.query_params.get(PARAM)
    if text is None:
        return 0
    try:
        step = int(text)
    except ValueError:
        return None
    return step if 0 <= step <= last else None


def follow(last: int) -> None:
    """At the start of a run: when the browser's Back or Forward led to an address that names another step
    than the one shown, show that step.

    A Back or Forward is the run Streamlit marks so, or a run whose address moved once the page had taken in
    the step last written (Streamlit drops the mark when another rerun request is merged with it). A moved
    address before the page has taken in that step is a step behind (see above) and is not followed. A new
    session (a reload, a server restart) only notes the address: it gets its step back with the tab's copy of
    the answers (ui/tabstore.py), and with no copy the first screen is the place to start.
    """
    step = _in_address(last)
    if step is None:
        return
    known = st.session_state.get(_KNOWN)
    if known is not None and step != known:
        if not (navigated() or st.session_state.get(_TAKEN_IN, True)):
            return  # a step behind: the page has not taken in the step last written
        if step != st.session_state.get("step"):
            st.session_state["step"] = step
            st.session_state["upload_error"] = None
    st.session_state[_KNOWN] = step
    st.session_state[_TAKEN_IN] = True


def navigated() -> bool:
    """Whether Streamlit marks this run as the browser's Back or Forward (the rerun a `popstate` asks for)."""
    ctx = get_script_run_ctx()
    return ctx is not None and ctx.is_history_navigation


def record(step: int, waiting: bool = False) -> None:
    """At the end of a run: when the app moved to another step, put it in the address (a new history entry).

    `waiting`: a new session on the first screen that the tab's copy may still fill; the address keeps the
    step it names until then (else a reload would add an entry for the first screen).
    """
    if waiting or st.session_state.get(_KNOWN) == step:
        return
    st.session_state[_KNOWN] = step
    st.session_state[_TAKEN_IN] = False
    if step == 0:
        st.query_params.pop(PARAM, None)
    else:
        st.query_params[PARAM] = str(step)
