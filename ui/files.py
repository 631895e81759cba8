"""Files the patient holds: save progress as JSON, carry on from a saved file or summary PDF, and a
warning before leaving with answers that are not saved anywhere yet."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import streamlit as st

from questions import Bank, Intake
from questions.limits import MAX_UPLOAD_BYTES
from questions.restore import RestoreError, first_step_needing_answers, restore
from questions.words import DEFAULT_LANGUAGE, PSEUDO, format_number, say
from ui import widgets

if TYPE_CHECKING:
    from questions.clinic import Clinic
    from summaries import Summary

_MB = MAX_UPLOAD_BYTES // (1024 * 1024)


class SaveMarker:
    """Which answers were last downloaded. One per session; download callables hold a reference to it.

    Deferred downloads run outside the script (no session state there), and a rerun on click retires the
    file before the browser fetches it; so downloads do not rerun, and mark this object instead.
    """

    def __init__(self) -> None:
        self.digest: str | None = None


def marker() -> SaveMarker:
    """This session's SaveMarker."""
    if "save_marker" not in st.session_state:
        st.session_state["save_marker"] = SaveMarker()
    return st.session_state["save_marker"]  # type: ignore[no-any-return]


def marking(save_marker: SaveMarker, answers_digest: str, build: Callable[[], bytes]) -> bytes:
    """Build a download's bytes, then remember that these answers now have a copy outside the tab."""
    data = build()
    save_marker.digest = answers_digest
    return data


def digest(answers: dict[str, Any]) -> str:
    """A fingerprint of the answers, to tell whether they changed since the last save."""
    return hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode()).hexdigest()


def has_unsaved_answers() -> bool:
    """Whether there are answers that exist only in this tab."""
    answers = st.session_state.get("answers") or {}
    return bool(answers) and digest(answers) != marker().digest


def _answers_json(intake_json: str) -> bytes:
    return json.dumps(json.loads(intake_json), ensure_ascii=False, indent=2).encode("utf-8")


def save_button(intake: Intake, language: str, key: str = "save") -> None:
    """'Save my progress': the answers as a JSON file, built only when clicked."""
    build = functools.partial(_answers_json, intake.model_dump_json())
    st.download_button(
        say(language, "files.save"),
        data=functools.partial(marking, marker(), digest(intake.answers), build),
        file_name=say(language, "files.answers_file", day=dt.date.today().isoformat()),
        mime="application/json",
        on_click="ignore",
        key=key,
        help=say(language, "files.save_help"),
    )


def summary_file_name(summary: Summary, day: dt.date, language: str | None = None) -> str:
    """The summary PDF's file name in `language` (the PDF's own; default the Summary's): the patient's name
    (letters and digits only) and the day."""
    language = language or summary.language
    name = summary.patient_name if summary.name_given else ""
    safe = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")[:40]
    if not safe:
        safe = say(language, "files.no_name")
    return say(language, "files.summary_pdf", name=safe, day=day.isoformat())


def summary_downloads(
    summary: Summary,
    clinic: Clinic,
    earlier_text: str = "",
    *,
    key: str = "download_pdf",
    label: str | None = None,
    now: bool = False,
    then: Callable[[str, Callable[[], bytes]], bytes] | None = None,
) -> None:
    """The summary PDF download(s), built only when pressed: the one for the provider, in the clinic's
    `provider_language`, and, when the patient answered in another language, the same summary in theirs
    (key `<key>_own`). Labels are in the patient's language (`label`: the one button's, when there is one;
    `now`: the two buttons' words for the top of the page); each file is named in its PDF's language. Both
    carry the same answers file, so either carries on here later. `then(file_name, build)` makes a download's
    bytes, to note what was saved (ui/review.py).

    The one place the summary's download is drawn: every place that offers it calls this (with its own `key`).
    """
    from summaries.summary import language_name
    from ui import builds

    intake = summary.intake
    patient, provider = intake.language, clinic.provider_language
    if patient == PSEUDO and provider == DEFAULT_LANGUAGE:
        provider = PSEUDO  # the pseudo-language is English, marked (tests/test_words.py)
    answers_digest = digest(intake.answers)
    build = functools.partial(builds.summary_pdf, intake.model_dump_json(), clinic, builds.notice(), earlier_text)
    copies: list[tuple[str, str, str | None, str]]
    if patient == provider:
        copies = [(provider, label or say(patient, "review.download_pdf"), None, key)]
    else:
        theirs, ours = language_name(provider, patient), language_name(patient, patient)
        for_provider, own_copy = (
            ("translation.for_provider_now", "translation.own_copy_now")
            if now
            else ("translation.for_provider", "translation.own_copy")
        )
        copies = [
            (provider, say(patient, for_provider, language=theirs), "translation.for_provider_help", key),
            (patient, say(patient, own_copy, language=ours), "translation.own_copy_help", f"{key}_own"),
        ]
    for number, (language, text, help_key, button_key) in enumerate(copies):
        file_name = summary_file_name(summary, dt.date.today(), language)
        made = functools.partial(marking, marker(), answers_digest, functools.partial(build, language))
        st.download_button(
            text,
            data=functools.partial(then, file_name, made) if then else made,
            file_name=file_name,
            mime="application/pdf",
            type="primary" if number == 0 else "secondary",
            on_click="ignore",
            key=button_key,
            help=say(patient, help_key, language=language_name(provider, patient)) if help_key else None,
        )


def _load_upload(bank: Bank, uploader_key: str, language: str) -> None:
    uploaded = st.session_state.get(uploader_key)
    if uploaded is None:
        return
    st.session_state["upload_count"] = st.session_state.get("upload_count", 0) + 1
    try:
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise RestoreError(say(language, "restore.too_large", megabytes=format_number(_MB, language)))
        from ui import visits  # visits: a follow-up's PDF carries on as that follow-up (ui/visits.py)

        if visits.carry_on(uploaded.getvalue(), language):
            return
        restored = restore(bank, uploaded.getvalue(), language)
    except RestoreError as error:
        st.session_state["upload_error"] = str(error)
        st.session_state["restore_notes"] = []
        return
    answers = dict(restored.intake.answers)
    widgets.forget_widgets(st.session_state)
    st.session_state.pop("earlier_visits", None)  # visits: a saved file carries on a first visit (ui/visits.py)
    st.session_state["answers"] = answers
    st.session_state["attempted"] = set()
    marker().digest = digest(answers)
    st.session_state["upload_error"] = None
    st.session_state["restore_notes"] = restored.not_carried_over
    st.session_state["restored"] = True
    st.session_state["step"] = first_step_needing_answers(bank, restored.intake) + 1


def resume_control(bank: Bank, language: str, label: str | None = None) -> None:
    """Upload a saved answers file or a summary PDF made here; bad files get one sentence, answers stay."""
    uploader_key = f"upload:{st.session_state.get('upload_count', 0)}"
    st.file_uploader(
        label or say(language, "files.resume"),
        type=["json", "pdf"],
        key=uploader_key,
        on_change=_load_upload,
        args=(bank, uploader_key, language),
        max_upload_size=_MB,
        help=say(language, "files.resume_help"),
    )
    if st.session_state.get("upload_error"):
        st.error(st.session_state["upload_error"], icon=":material/error:")


def restore_messages(language: str) -> None:
    """After a resume: what was loaded, and what could not be carried over."""
    if not st.session_state.get("restored"):
        return
    notes = st.session_state.get("restore_notes") or []
    st.success(say(language, "files.loaded"))
    if notes:
        # The notes quote the uploaded file: escaped, so a crafted file cannot make the page fetch anything.
        listed = "\n".join(f"- {widgets.escape_markdown(n)}" for n in notes)
        st.warning(say(language, "files.not_carried_over") + "\n\n" + listed)
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
  w.document.documentElement.dataset.answersVersion = "%s";  // new text each change, so this runs again
  if (!w.__intakeSaveClicks) {
    // A download keeps a copy outside the tab: stop asking before leaving until the answers change.
    w.__intakeSaveClicks = true;
    w.document.addEventListener("click", function (event) {
      const saves = '.st-key-save, [class*="st-key-download_pdf"]';  // every summary download (ui/files.py)
      if (event.target.closest && event.target.closest(saves)) {
        w.removeEventListener("beforeunload", w.__intakeLeaveGuard);
        w.document.documentElement.dataset.unsavedAnswers = "no";
      }
    }, true);
  }
})();
</script>
"""


def leave_guard() -> None:
    """Ask the browser to confirm before the tab is closed or reloaded while answers are unsaved."""
    unsaved = has_unsaved_answers()
    version = digest(st.session_state.get("answers") or {})[:16]
    script = LEAVE_GUARD % ("true" if unsaved else "false", "yes" if unsaved else "no", version)
    st.html(script, unsafe_allow_javascript=True)
