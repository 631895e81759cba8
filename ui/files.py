"""Files the patient holds: save progress as JSON, carry on from a saved file or summary PDF, and a
warning before leaving with answers that are not saved anywhere yet."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from typing import Any

import streamlit as st

from questions import Bank, Intake
from questions.limits import MAX_UPLOAD_BYTES
from questions.restore import RestoreError, first_step_needing_answers, restore
from ui import widgets

_MB = MAX_UPLOAD_BYTES // (1024 * 1024)


def digest(answers: dict[str, Any]) -> str:
    """A fingerprint of the answers, to tell whether they changed since the last save."""
    return hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode()).hexdigest()


def mark_saved(answers_digest: str) -> None:
    """Remember that the patient downloaded these answers (as a button callback)."""
    st.session_state["saved_digest"] = answers_digest


def has_unsaved_answers() -> bool:
    """Whether there are answers that exist only in this tab."""
    answers = st.session_state.get("answers") or {}
    return bool(answers) and digest(answers) != st.session_state.get("saved_digest")


def _answers_json(intake_json: str) -> bytes:
    return json.dumps(json.loads(intake_json), ensure_ascii=False, indent=2).encode("utf-8")


def save_button(intake: Intake, key: str = "save") -> None:
    """'Save my progress': the answers as a JSON file, built only when clicked."""
    st.download_button(
        "Save my progress",
        data=functools.partial(_answers_json, intake.model_dump_json()),
        file_name=f"my-intake-answers-{dt.date.today().isoformat()}.json",
        mime="application/json",
        on_click=mark_saved,
        args=(digest(intake.answers),),
        key=key,
        help="Downloads a file with your answers so far. Load it here later to carry on.",
    )


def _load_upload(bank: Bank, uploader_key: str) -> None:
    uploaded = st.session_state.get(uploader_key)
    if uploaded is None:
        return
    st.session_state["upload_count"] = st.session_state.get("upload_count", 0) + 1
    try:
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise RestoreError(f"This file is larger than {_MB} MB, so it is not one of your saved files.")
        restored = restore(bank, uploaded.getvalue())
    except RestoreError as error:
        st.session_state["upload_error"] = str(error)
        st.session_state["restore_notes"] = []
        return
    answers = dict(restored.intake.answers)
    widgets.forget_widgets(st.session_state)
    st.session_state["answers"] = answers
    st.session_state["attempted"] = set()
    st.session_state["saved_digest"] = digest(answers)
    st.session_state["upload_error"] = None
    st.session_state["restore_notes"] = restored.not_carried_over
    st.session_state["restored"] = True
    st.session_state["step"] = first_step_needing_answers(bank, restored.intake) + 1


def resume_control(bank: Bank, label: str = "Carry on from a saved file") -> None:
    """Upload a saved answers file or a summary PDF made here; bad files get one sentence, answers stay."""
    uploader_key = f"upload:{st.session_state.get('upload_count', 0)}"
    st.file_uploader(
        label,
        type=["json", "pdf"],
        key=uploader_key,
        on_change=_load_upload,
        args=(bank, uploader_key),
        max_upload_size=_MB,
        help="Use the file from 'Save my progress', or a summary PDF you downloaded here before.",
    )
    if st.session_state.get("upload_error"):
        st.error(st.session_state["upload_error"], icon="⚠️")


def restore_messages() -> None:
    """After a resume: what was loaded, and what could not be carried over."""
    if not st.session_state.get("restored"):
        return
    notes = st.session_state.get("restore_notes") or []
    st.success("Your saved answers are loaded. You can change any of them.")
    if notes:
        st.warning("Some answers could not be carried over:\n\n" + "\n".join(f"- {n}" for n in notes))
    st.session_state["restored"] = False


LEAVE_GUARD = """
<script>
(function () {
  const w = window.parent || window;
  if (!w.__intakeLeaveGuard) {
    w.__intakeLeaveGuard = function (event) { event.preventDefault(); event.returnValue = ""; return ""; };
  }
  w.removeEventListener("beforeunload", w.__intakeLeaveGuard);
  if (%s) { w.addEventListener("beforeunload", w.__intakeLeaveGuard); }
  w.document.documentElement.dataset.unsavedAnswers = "%s";
})();
</script>
"""


def leave_guard() -> None:
    """Ask the browser to confirm before the tab is closed or reloaded while answers are unsaved."""
    unsaved = has_unsaved_answers()
    st.html(LEAVE_GUARD % ("true" if unsaved else "false", "yes" if unsaved else "no"), unsafe_allow_javascript=True)
