"""The intake's screens: before you start and one step per bank section (the review: ui/review.py)."""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st

from questions import Bank, Intake, is_answered, load_bank, problem_with, shown_ids, tr
from questions.check import shows
from questions.clinic import Clinic, load_clinic
from questions.contacts import as_markdown
from questions.scoring import safety_alerts, safety_question_ids
from questions.words import format_number, say
from ui import builds, error_summary, files, history, idle, tabstore, visits, widgets
from ui import language as ui_language
from ui.forget import forget_answers


@st.cache_resource(show_spinner=False)
def main_bank() -> Bank:
    """The question bank, loaded once per server: it holds no patient data."""
    return load_bank()


def bank() -> Bank:
    """The bank this session answers (during a follow-up: the check-in first, then every section)."""
    return visits.session_bank(main_bank())


def clinic() -> Clinic:
    """The clinic settings (or neutral defaults); they hold no patient data."""
    return load_clinic()


def language() -> str:
    """The language of this session's screens and answers: the patient's choice, else the clinic's default."""
    return ui_language.current(clinic().default_language)


def crisis_panel(last: str | None = None) -> None:
    """Crisis contacts, shown at once on the step where a safety answer was given. Never blocks going on.

    Every phone number and web address is a link (tel:, sms:, https:: see questions.contacts). `last`: the
    panel's closing line where "keep going with these questions" does not fit (the review).
    """
    c, lang = clinic(), language()
    lines = [
        *[as_markdown(line) for line in c.crisis_lines_in(lang)],
        as_markdown(say(lang, "crisis.nobody_reading"), bare=False),
        as_markdown(c.contact_line(lang), bare=False),
        as_markdown(last or say(lang, "crisis.keep_going"), bare=False),
    ]
    st.error(
        f"**{say(lang, 'crisis.not_alone')}**\n\n" + "\n".join(f"- {line}" for line in lines),
    )  # no icon: an icon font glyph showed as an empty box in screenshots; the words carry the message


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
    return Intake(bank_id=b.id, bank_version=b.version, language=language(), answers=dict(answers()))


def steps() -> list[str]:
    """The names of every step, in order."""
    lang = language()
    return [say(lang, "app.step_start"), *[tr(s.title, lang) for s in bank().sections], say(lang, "app.step_review")]


def go_to(step: int) -> None:
    """Move to a step (as a button callback)."""
    st.session_state["step"] = step
    st.session_state["upload_error"] = None


def _progress(step: int) -> None:
    names = steps()
    last = len(names) - 1
    lang = language()
    st.progress(step / last, text=say(lang, "app.progress", step=step, steps=last, name=names[step]))
    with st.expander(say(lang, "app.all_steps")):
        for number, name in enumerate(names[1:], start=1):
            marker = "➜ " if number == step else ""
            st.markdown(f"{marker}{number}. {name}")


def before_you_start() -> None:
    """The first screen: what this is and is not, and the privacy notice."""
    lang = language()
    st.title(say(lang, "app.title"))
    if clinic().name:
        widgets.caption(say(lang, "start.for_patients_of", clinic=clinic().name))
    st.markdown(say(lang, "start.intro"))
    # h2 under the h1 title: screen-reader users navigate by heading level (axe: heading-order).
    st.header(say(lang, "start.what_head"))
    st.markdown(say(lang, "start.what"))
    st.header(say(lang, "start.privacy_head"))
    st.markdown(say(lang, "start.privacy"))
    st.info(say(lang, "start.danger"))
    st.button(say(lang, "start.start"), type="primary", on_click=go_to, args=(1,), key="start")
    st.subheader(say(lang, "start.paper_head"))
    st.markdown(say(lang, "start.paper"))
    c = clinic()
    st.download_button(
        say(lang, "start.paper_download"),
        data=functools.partial(builds.paper_form, c.paper_size, c, builds.notice(), lang),
        file_name=say(lang, "files.paper_form"),
        mime="application/pdf",
        on_click="ignore",
        key="paper_form",
    )
    builds.show_stopped("paper", lang)
    st.header(say(lang, "start.resume_head"))
    st.markdown(say(lang, "start.resume"))
    files.resume_control(bank(), lang)
    visits.start_control(main_bank(), lang)  # visits: "Before a follow-up visit"


def section_step(step: int) -> None:
    """One section of the bank as a step: its questions, their errors, and Back / Next.

    The shown questions and the safety items are worked out once per run: the questions before this step
    keep their answers during it, and each question of the step is settled from those before it (conditions
    only look back), as the patient answers.
    """
    b = bank()
    section = b.sections[step - 1]
    lang = language()
    _progress(step)
    files.restore_messages(lang)
    summary = st.empty()  # a refused Next's error summary, at the top of the step (ui/error_summary.py)
    st.header(tr(section.title, lang))
    if section.intro:
        st.markdown(tr(section.intro, lang))
    stored = answers()
    attempted = step in st.session_state["attempted"]
    hints = [tr(q.help, lang) for q in section.questions]
    stem = ""
    shown = shown_ids(b, stored)
    safety_ids = safety_question_ids(b)
    problems: dict[str, str] = {}
    panel_shown = False
    for index, q in enumerate(section.questions):
        if not shows(q, shown, stored):
            shown.discard(q.id)
            continue
        shown.add(q.id)
        with st.container(key=error_summary.anchor(q.id)):  # where the error summary's links lead
            # A hint shared by neighbouring questions (a questionnaire's stem) is shown once, above them.
            hint = hints[index]
            shared = bool(hint) and hint in hints[max(index - 1, 0) : index] + hints[index + 1 : index + 2]
            if shared and hint != stem:
                st.markdown(f"**{hint}**")
            stem = hint if shared else ""
            value = widgets.draw(q, stored.get(q.id), lang, show_hint=not shared)
            if is_answered(value):
                stored[q.id] = value
            else:
                stored.pop(q.id, None)
            # The question is shown, so this is exactly what check() says of it, without re-checking the bank.
            message = problem_with(q, value if is_answered(value) else None, lang)
            if message:
                problems[q.id] = message
            if message and (attempted or is_answered(value)):
                st.error(message, icon=":material/error:")
            if not panel_shown and q.id in safety_ids and _alerts_now(q.id, shown):
                crisis_panel()  # once per step, under the first safety answer, however many follow
                panel_shown = True
    if attempted and problems:
        with summary:
            error_summary.show(section.questions, problems, lang)
        count = len(problems)
        key = "step.check_one" if count == 1 else "step.check_many"
        st.warning(say(lang, key, count=format_number(count, lang)))
    back, forward = st.columns(2)
    with back:
        if st.button(say(lang, "step.back"), key="back", use_container_width=True):
            go_to(step - 1)
            st.rerun()
    with forward:
        if st.button(say(lang, "step.next"), key="next", type="primary", use_container_width=True):
            if problems:
                st.session_state["attempted"].add(step)
                error_summary.refused()
            else:
                go_to(visits.next_step(step, len(b.sections) + 1))
            st.rerun()
    files.save_button(current_intake(), lang)


def _alerts_now(question_id: str, shown: set[str]) -> bool:
    """Whether this safety item, as just answered, raises an alert (the answer may be new this run)."""
    return any(a.question_id == question_id for a in safety_alerts(bank(), current_intake(), shown=shown))


def clear_answers() -> None:
    """Forget every answer and widget value in this session (ui/forget.py, shared with the idle timeout)."""
    forget_answers()


def clear_control() -> None:
    """'Clear my answers', with a confirmation."""
    st.divider()
    lang = language()
    if not st.session_state["confirm_clear"]:
        st.button(
            say(lang, "clear.button"),
            key="clear",
            type="secondary",
            on_click=lambda: st.session_state.update(confirm_clear=True),
        )
        return
    st.warning(say(lang, "way.clear.confirm"))
    yes, no = st.columns(2)
    yes.button(say(lang, "clear.yes"), key="clear_yes", on_click=clear_answers)
    no.button(say(lang, "clear.no"), key="clear_no", on_click=lambda: st.session_state.update(confirm_clear=False))


def main() -> None:
    """Draw the current step."""
    ui_language.from_link()  # ?lang=es: before the first word is drawn (ui/language.py)
    st.set_page_config(page_title=say(language(), "app.title"), page_icon="📝", layout="centered")
    init_session()
    ui_language.control(language())  # at the top of every step
    idle.guard(clinic().idle_minutes, language())
    last = len(bank().sections) + 1
    history.follow(last)  # the browser's Back or Forward (ui/history.py)
    step = st.session_state["step"]
    step = max(0, min(step, last))
    tabstore.notice(language())
    if step == 0:
        before_you_start()
    elif step == last:
        from ui.review import review_step  # ui/review.py uses this module's helpers

        review_step(step)
    else:
        section_step(step)
    if step > 0 or answers():
        clear_control()
    files.leave_guard()
    history.record(st.session_state["step"], waiting=tabstore.waiting() and st.session_state["step"] == 0)
    tabstore.keep(bank(), current_intake(), st.session_state["step"], language())
    ui_language.mark_page(language())  # <html lang>
