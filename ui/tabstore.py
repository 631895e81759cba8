"""A copy of the answers in the patient's own browser tab, so a server restart or a move loses nothing.

The server keeps answers only in memory. When it restarts, or the load balancer moves the tab to another
replica, the page reconnects to a new, empty session. So the tab keeps the answers (the Intake JSON, the
same text as "Save my progress"), the step it was on and, during a follow-up, the earlier visits (the series
file's JSON, zlib-compressed and base64: it grows with every visit) in its own `sessionStorage`: the browser
drops it when the tab closes, and this module empties it when the session has no answers (after "Clear my
answers" and the idle timeout, through `forget()`). When a new session starts empty and the tab holds a
copy, the copy comes back through the same restore path as an uploaded file (questions/restore.py), so odd
or old data gets the same plain notes; earlier visits come back only with an intact chain
(questions/visits.read_series). When the tab has no room for the copy, the patient is told once, and the
answers in the session stay as they are.

The page side is a Streamlit custom component, `st.components.v2.component` with inline JavaScript: no
iframe, no asset folder, no build step, nothing fetched from anywhere; the script runs in the app's own
page (so it reaches the app origin's `sessionStorage`) and sends a value back with `setTriggerValue`.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
import zlib
from typing import Any

import streamlit as st

from questions import Bank, Intake
from questions.limits import MAX_TAB_VISITS_TEXT
from questions.restore import RestoreError, restore
from questions.visits import VisitError
from questions.words import say
from ui import visits, widgets
from ui.component_data import boxed

ANSWERS_KEY = "ketamine-intake:answers"
"""sessionStorage key of the Intake JSON."""
STEP_KEY = "ketamine-intake:step"
"""sessionStorage key of the step the tab was on (a number)."""
VISITS_KEY = "ketamine-intake:visits"
"""sessionStorage key of a follow-up's earlier visits (`pack` of the series file's JSON; absent on a first visit)."""

# data.fresh: a new session that has no answers yet and has not been told anything by the tab. Only then is
# the tab's copy offered back, once per session; a fresh session never writes or removes the copy (the answers
# may be on their way back). Otherwise the copy follows the session: its answers (and earlier visits), or nothing.
_JS = """
export default function ({ data: [data], setTriggerValue }) {
  const w = window;
  const ANSWERS = "@ANSWERS@", STEP = "@STEP@", VISITS = "@VISITS@";
  w.__intakeTabstoreTrigger = setTriggerValue;
  if (!w.__intakeTabstoreWatch) {
    // Streamlit reruns nothing when its websocket reconnects to a new server (a restart, another replica):
    // the page would stay as it was, on a session that knows nothing. A socket opened after this point is
    // such a reconnect, so ask for a run; the new session then gets the tab's copy below.
    w.__intakeTabstoreWatch = true;
    const Native = w.WebSocket;
    w.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener("open", () => {
          setTimeout(() => w.__intakeTabstoreTrigger("reconnected", Date.now()), 300);
        });
      }
    };
  }
  let store = null;
  try {
    store = w.sessionStorage;
    if (data.fresh) {
      const saved = store.getItem(ANSWERS);
      if (saved && w.__intakeTabstoreAsked !== data.session) {
        w.__intakeTabstoreAsked = data.session;
        const copy = { answers: saved, step: store.getItem(STEP) || "", visits: store.getItem(VISITS) || "" };
        setTriggerValue("found", JSON.stringify(copy));
      }
      return;
    }
    if (data.answers) {
      store.setItem(ANSWERS, data.answers);
      store.setItem(STEP, String(data.step));
      if (data.visits) { store.setItem(VISITS, data.visits); } else { store.removeItem(VISITS); }
    } else {
      store.removeItem(ANSWERS);
      store.removeItem(STEP);
      store.removeItem(VISITS);
    }
    w.__intakeTabstoreFull = false;
  } catch (error) {
    // Storage switched off or full: this tab keeps no copy (never a half-written one), and says so once.
    try { [ANSWERS, STEP, VISITS].forEach((k) => store.removeItem(k)); } catch (ignored) { /* nothing to remove */ }
    if (data.answers && !w.__intakeTabstoreFull) {
      w.__intakeTabstoreFull = true;
      setTriggerValue("full", Date.now());
    }
  }
}
"""
for _name, _key in (("@ANSWERS@", ANSWERS_KEY), ("@STEP@", STEP_KEY), ("@VISITS@", VISITS_KEY)):
    _JS = _JS.replace(_name, _key)

_component = st.components.v2.component("intake_tabstore", js=_JS)

_SESSION = "tabstore_session"
_SETTLED = "tabstore_settled"
_NOTICE = "tabstore_notice"
_FULL = "tabstore_full"
_PACKED = "tabstore_packed"


def _nothing() -> None:
    """The component's event callback: the value is read where the component is drawn."""


def forget() -> None:
    """Empty the tab's copy on this session's next run (after "Clear my answers" or the idle timeout)."""
    st.session_state[_SETTLED] = True
    for name in (_NOTICE, _FULL, _PACKED):
        st.session_state.pop(name, None)


def pack(text: str) -> str:
    """The earlier visits as the tab keeps them: the series JSON, zlib-compressed, in base64 ('' for '')."""
    return base64.b64encode(zlib.compress(text.encode(), 6)).decode("ascii") if text else ""


def unpack(packed: str) -> str:
    """The series JSON from `pack`'s text (ValueError when it is not such a text, or unpacks too large)."""
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(base64.b64decode(packed, validate=True), MAX_TAB_VISITS_TEXT + 1)
    except (binascii.Error, zlib.error) as error:
        raise ValueError("not a packed copy") from error
    if len(text) > MAX_TAB_VISITS_TEXT or not inflater.eof:
        raise ValueError("not a whole packed copy, or too large")
    return text.decode()


def _packed_earlier() -> str:
    """This session's earlier visits, packed once per change (the same text is sent on every run)."""
    text = visits.earlier_json()
    cached = st.session_state.get(_PACKED)
    if not cached or cached[0] != hash(text):
        cached = (hash(text), pack(text))
        st.session_state[_PACKED] = cached
    return str(cached[1])


def waiting() -> bool:
    """Whether the tab's copy may still come back into this session: no answers yet, nothing settled."""
    return not st.session_state.get(_SETTLED, False) and not st.session_state.get("answers")


def keep(bank: Bank, intake: Intake, step: int, language: str = "en") -> None:
    """Draw the component at the end of a run: copy the answers into the tab, or bring the tab's copy back."""
    session = st.session_state.setdefault(_SESSION, uuid.uuid4().hex)
    if intake.answers:
        st.session_state[_SETTLED] = True
    fresh = not st.session_state.get(_SETTLED, False)
    data = {
        "session": session,
        "fresh": fresh,
        "answers": intake.model_dump_json() if intake.answers else "",
        "step": step,
        "visits": _packed_earlier() if intake.answers else "",
    }
    result = _component(
        key="tabstore",
        data=boxed(data),
        height=0,
        on_found_change=_nothing,
        on_reconnected_change=_nothing,
        on_full_change=_nothing,
    )
    if result.full and not st.session_state.get(_FULL):
        st.session_state[_FULL] = "tell"
        st.rerun()  # say it at the top of the page; the answers in this session stay as they are
    found = result.found if fresh else None
    if isinstance(found, str):
        _bring_back(bank, found, language)
        st.rerun()  # draw what came back; or, when nothing could, the next run removes the copy


def _bring_back(bank: Bank, found: str, language: str) -> bool:
    """Restore the tab's copy into this empty session; whether anything came back (the session is settled
    either way, so a copy that brought nothing back is removed on the next run)."""
    st.session_state[_SETTLED] = True
    try:
        copy = json.loads(found)
        packed = str(copy.get("visits") or "")
        earlier = visits.checked_earlier(unpack(packed), bank) if packed else []
        answered = visits.follow_up().bank if earlier else bank
        restored = restore(answered, str(copy["answers"]).encode("utf-8"), language)
    except (RestoreError, VisitError, ValueError, TypeError, KeyError, AttributeError):
        return False  # not ours or unreadable: the next run empties the copy (the session is settled)
    answers: dict[str, Any] = dict(restored.intake.answers)
    if not answers:
        return False
    widgets.forget_widgets(st.session_state)
    visits.keep_earlier(earlier)
    st.session_state["answers"] = answers
    st.session_state["attempted"] = set()
    st.session_state["step"] = _step(copy.get("step"), len(answered.sections) + 1)
    st.session_state[_NOTICE] = list(restored.not_carried_over)
    if "language" not in st.session_state:  # the language the patient answered in, unless chosen again already
        st.session_state["language"] = restored.intake.language
    return True


def _step(text: object, last: int) -> int:
    """The step the tab was on, within the form's steps (the first step when unreadable)."""
    try:
        step = int(str(text))
    except ValueError:
        return 1
    return max(1, min(step, last))


def notice(language: str) -> None:
    """After answers came back from the tab: say so once, with a note for each one that could not. When the tab
    had no room for its copy: say that once."""
    if st.session_state.get(_FULL) == "tell":
        st.session_state[_FULL] = "told"
        st.warning(say(language, "tabstore.full"), icon=":material/warning:")
    notes = st.session_state.pop(_NOTICE, None)
    if notes is None:
        return
    st.success(say(language, "tabstore.back"), icon=":material/restore:")
    if notes:
        listed = "\n".join(f"- {widgets.escape_markdown(n)}" for n in notes)
        st.warning(say(language, "tabstore.not_back") + "\n\n" + listed)
