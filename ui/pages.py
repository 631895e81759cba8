"""The intake's screens: before you start, one step per bank section, and the review with the PDF download."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any

import streamlit as st

from questions import Bank, Intake, Problem, Section, check, is_answered, load_bank, problem_with, shown_ids, tr
from questions.clinic import Clinic, load_clinic
from questions.scoring import safety_alerts, safety_question_ids
from ui import builds, files, idle, widgets
from ui.forget import forget_answers

if TYPE_CHECKING:
    from summaries import Summary

# summaries (ReportLab, pypdf) is imported where files are built, not here: the first page never needs it.
RESPONSE_FILE = "questionnaire-response.json"
QUESTIONNAIRE_FILE = "questionnaire.json"

APP_TITLE = "Before your first visit"


@st.cache_resource(show_spinner=False)
def bank() -> Bank:
    """The question bank, loaded once per server: it holds no patient data."""
    return load_bank()


def clinic() -> Clinic:
    """The clinic settings (or neutral defaults); they hold no patient data."""
    return load_clinic()


def crisis_panel() -> None:
    """Crisis contacts, shown at once on the step where a safety answer was given. Never blocks going on."""
    c = clinic()
    lines = [
        *c.crisis_lines,
        "Nobody is reading these answers right now, so please reach out to someone today.",
        c.contact_line(),
        "You can keep going with these questions whenever you are ready.",
    ]
    st.error(
        "**You are not alone. Help is available right now.**\n\n" + "\n".join(f"- {line}" for line in lines),
        icon=":material/support:",
    )


def init_session() -> None:
    """Set up this browser session's own state (answers live here and nowhere else)."""
    st.session_state.setdefault("answers", {})
    st.session_state.setdefault("step", 0)
    st.session_state.setdefault("attempted", set())
    st.session_state.setdefault("confirm_clear", False)
    st.session_state.setdefault("upload_error", None)


def answers() -> dict[str, Any]:
    """This session's answers, keyed by question id."""
    return st.session_state["answers"]  # type: ignore[no-any-return]


def current_intake() -> Intake:
    """The session's answers as an Intake."""
    b = bank()
    return Intake(bank_id=b.id, bank_version=b.version, language="en", answers=dict(answers()))


def steps() -> list[str]:
    """The names of every step, in order."""
    return ["Before you start", *[tr(s.title) for s in bank().sections], "Review and download"]


def go_to(step: int) -> None:
    """Move to a step (as a button callback)."""
    st.session_state["step"] = step
    st.session_state["upload_error"] = None


def _progress(step: int) -> None:
    names = steps()
    last = len(names) - 1
    st.progress(step / last, text=f"Step {step} of {last}: {names[step]}")
    with st.expander("All steps"):
        for number, name in enumerate(names[1:], start=1):
            marker = "➜ " if number == step else ""
            st.markdown(f"{marker}{number}. {name}")


def before_you_start() -> None:
    """The first screen: what this is and is not, and the privacy notice."""
    st.title(APP_TITLE)
    if clinic().name:
        widgets.caption(f"For patients of {clinic().name}")
    st.markdown(
        "These questions help you get ready for your first visit about ketamine treatment. "
        "You answer questions about your health, your symptoms and your goals. At the end you download "
        "a summary (a PDF file) to bring to your provider."
    )
    # h2 under the h1 title: screen-reader users navigate by heading level (axe: heading-order).
    st.header("What this is, and what it is not")
    st.markdown(
        "- It collects **your own answers** for your provider to read.\n"
        "- It does **not** give a diagnosis, and it does **not** decide whether any treatment is right for you. "
        "Only your provider can talk with you about that.\n"
        "- It does **not** give advice about your medicines. Please keep taking them as your prescriber told you.\n"
        "- It takes about 20 to 30 minutes. You can skip questions you do not want to answer, unless they "
        "are marked with a star (*)."
    )
    st.header("Your privacy")
    st.markdown(
        "- Your answers stay in this browser tab while you work. They are **not saved on our server**, "
        "not written to any file there, and not sent to anyone.\n"
        "- Nobody at the clinic can see your answers until you give them the summary.\n"
        "- If you close or reload this tab, your answers are gone. Use **Save my progress** (on every step) "
        "to download a file with your answers, and load it here later to carry on. "
        "Your summary PDF carries your answers too.\n"
        "- On a shared or public computer, use **Clear my answers** when you finish, and close the tab.\n"
        "- Any file you download belongs to you. Keep it somewhere safe."
    )
    st.info(
        "If you are in danger or thinking about ending your life, do not wait: in the US call or text 988, "
        "or call 911 or your local emergency number."
    )
    st.button("Start", type="primary", on_click=go_to, args=(1,), key="start")
    st.subheader("Prefer paper?")
    st.markdown("You can print the same questions and fill them in by hand, then bring the pages to your visit.")
    c = clinic()
    st.download_button(
        "Download the paper form (PDF)",
        data=functools.partial(builds.paper_form, c.paper_size, c, builds.notice()),
        file_name="pre-visit-questions-paper-form.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="paper_form",
    )
    builds.show_stopped("paper")
    st.header("Carry on where you left off")
    st.markdown("Saved your answers before, or updating them for a follow-up visit? Load your file here.")
    files.resume_control(bank())


def _problems_by_question(section: Section) -> dict[str, str]:
    problems: list[Problem] = check(bank(), current_intake())
    ids = {q.id for q in section.questions}
    return {p.question_id: p.message for p in problems if p.question_id in ids}


def section_step(step: int) -> None:
    """One section of the bank as a step: its questions, their errors, and Back / Next."""
    b = bank()
    section = b.sections[step - 1]
    _progress(step)
    files.restore_messages()
    st.header(tr(section.title))
    if section.intro:
        st.markdown(tr(section.intro))
    stored = answers()
    attempted = step in st.session_state["attempted"]
    hints = [tr(q.help) for q in section.questions]
    stem = ""
    for index, q in enumerate(section.questions):
        if q.id not in shown_ids(b, stored):
            continue
        # A hint shared by neighbouring questions (a questionnaire's stem) is shown once, above them.
        hint = hints[index]
        shared = bool(hint) and hint in hints[max(index - 1, 0) : index] + hints[index + 1 : index + 2]
        if shared and hint != stem:
            st.markdown(f"**{hint}**")
        stem = hint if shared else ""
        value = widgets.draw(q, stored.get(q.id), show_hint=not shared)
        if is_answered(value):
            stored[q.id] = value
        else:
            stored.pop(q.id, None)
        # The question is shown, so this is exactly what check() says of it, without re-checking the bank.
        message = problem_with(q, value if is_answered(value) else None)
        if message and (attempted or is_answered(value)):
            st.error(message, icon=":material/error:")
        if q.id in safety_question_ids(b) and _alerts_now(q.id):
            crisis_panel()
    problems = _problems_by_question(section)
    if attempted and problems:
        count = len(problems)
        st.warning(f"Please check the {count} answer{'s' if count > 1 else ''} marked above before you go on.")
    back, forward = st.columns(2)
    with back:
        if st.button("Back", key="back", use_container_width=True):
            go_to(step - 1)
            st.rerun()
    with forward:
        if st.button("Next", key="next", type="primary", use_container_width=True):
            if problems:
                st.session_state["attempted"].add(step)
            else:
                go_to(step + 1)
            st.rerun()
    files.save_button(current_intake())


def _alerts_now(question_id: str) -> bool:
    """Whether this safety item, as just answered, raises an alert (the answer may be new this run)."""
    return any(a.question_id == question_id for a in safety_alerts(bank(), current_intake()))


def _fhir_file(intake_json: str, name: str) -> bytes:
    """One FHIR export file, built on click from a frozen copy of the answers."""
    from summaries.fhir import fhir_bundle_files

    return fhir_bundle_files(load_bank(), Intake.model_validate_json(intake_json))[name]


def _at_a_glance(summary: Summary) -> None:
    """What page 1 of the PDF shows first: safety answers, screening scores, answers flagged for review."""
    with st.container(border=True):
        st.subheader("At a glance")
        widgets.caption("This is what your provider sees first on page 1 of your summary.")
        if summary.safety:
            st.markdown("**You gave an answer about hurting yourself.** Your summary tells your provider:")
            for alert in summary.safety:
                st.markdown(f"- {alert.question} — **{alert.answer}**")
            crisis_panel()
        if summary.scores:
            st.markdown("**Screening questionnaires** (a screening score, not a diagnosis)")
            for score in summary.scores:
                st.markdown(f"- {score.text}")
        st.markdown("**Answers your provider may want to review**")
        if summary.review:
            for line in summary.review:
                st.markdown(f"- {line.text}")
        else:
            widgets.caption("None of the answers listed for review were given.")


def review_step(step: int) -> None:
    """Every answer, with a way back to its step, and the PDF download."""
    from summaries import build_summary

    b = bank()
    _progress(step)
    files.restore_messages()
    st.header("Review your answers")
    intake = current_intake()
    summary = build_summary(b, intake, clinic=clinic())
    problems = check(b, intake)
    _at_a_glance(summary)
    if problems:
        st.warning(
            f"{len(problems)} answer{'s' if len(problems) > 1 else ''} still need a look. "
            "You can still download your summary."
        )
        for p in problems:
            section = b.section_of(p.question_id)
            where = b.sections.index(section) + 1
            st.markdown(f"- **{tr(b.question(p.question_id).label)}** ({tr(section.title)}): {p.message}")
            st.button(f"Fix this in {tr(section.title)}", key=f"fix:{p.question_id}", on_click=go_to, args=(where,))
    for number, done in enumerate(summary.sections, start=1):
        with st.container(border=True):
            st.subheader(done.title)
            if not done.items:
                widgets.caption("No answers in this step.")
            for item in done.items:
                st.markdown(f"**{item.question}**")
                if item.table is not None:
                    # Plain text, not st.table: its cells are Markdown, and these are the patient's own words.
                    for number, row in enumerate(item.table.rows, start=1):
                        cells = [f"{h}: {v}" for h, v in zip(item.table.headers, row, strict=False) if v.strip()]
                        st.text(f"{number}. " + "; ".join(cells))
                elif item.choices:
                    st.markdown("\n".join(f"- {c}" for c in item.choices))
                else:
                    st.text(item.text)
            if done.unanswered:
                widgets.caption("Not answered: " + "; ".join(done.unanswered))
            st.button(f"Change answers in {done.title}", key=f"edit:{done.id}", on_click=go_to, args=(number,))
    st.subheader("Download your summary")
    st.markdown(
        "Your summary is a PDF file. Bring it to your appointment or send it to your clinic in the way "
        "they ask. It is made only when you press the button, and it is not kept here."
    )
    name = summary.patient_name if summary.patient_name != "Name not given" else "patient"
    safe = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")[:40] or "patient"
    st.download_button(
        "Download my summary (PDF)",
        data=functools.partial(
            files.marking,
            files.marker(),
            files.digest(intake.answers),
            functools.partial(builds.summary_pdf, intake.model_dump_json(), clinic(), builds.notice()),
        ),
        file_name=f"pre-visit-summary-{safe}-{dt.date.today().isoformat()}.pdf",
        mime="application/pdf",
        type="primary",
        on_click="ignore",
        key="download_pdf",
    )
    builds.show_stopped("summary")
    files.save_button(intake)
    with st.expander("For your clinic's record system (FHIR files)"):
        st.markdown(
            "Some clinics can import your answers straight into their records instead of typing them in. "
            "If your clinic asks for FHIR files, download these two and send them the way the clinic asks. "
            "Your summary PDF already carries them inside it too."
        )
        for name, label in (
            (RESPONSE_FILE, "Download my answers (FHIR)"),
            (QUESTIONNAIRE_FILE, "Download the questions (FHIR)"),
        ):
            st.download_button(
                label,
                data=functools.partial(_fhir_file, intake.model_dump_json(), name),
                file_name=name,
                mime="application/fhir+json",
                on_click="ignore",
                key=f"fhir:{name}",
            )
    st.subheader("Load other answers")
    files.resume_control(bank(), "Load a saved file or an earlier summary PDF")
    # Not key="back": the step drawn next has its own "back" button, which would read this click as its
    # own and skip a step (the last section was never shown when going back from the review).
    st.button("Back", key="review_back", on_click=go_to, args=(step - 1,))


def clear_answers() -> None:
    """Forget every answer and widget value in this session (ui/forget.py, shared with the idle timeout)."""
    forget_answers()


def clear_control() -> None:
    """'Clear my answers', with a confirmation."""
    st.divider()
    if not st.session_state["confirm_clear"]:
        st.button(
            "Clear my answers",
            key="clear",
            type="tertiary",
            on_click=lambda: st.session_state.update(confirm_clear=True),
        )
        return
    st.warning("This removes every answer from this page. It cannot be undone. Clear them?")
    yes, no = st.columns(2)
    yes.button("Yes, clear my answers", key="clear_yes", on_click=clear_answers)
    no.button("No, keep my answers", key="clear_no", on_click=lambda: st.session_state.update(confirm_clear=False))


def main() -> None:
    """Draw the current step."""
    st.set_page_config(page_title=APP_TITLE, page_icon="📝", layout="centered")
    init_session()
    idle.guard(clinic().idle_minutes)
    step = st.session_state["step"]
    last = len(bank().sections) + 1
    step = max(0, min(step, last))
    if step == 0:
        before_you_start()
    elif step == last:
        review_step(step)
    else:
        section_step(step)
    if step > 0 or answers():
        clear_control()
    files.leave_guard()
