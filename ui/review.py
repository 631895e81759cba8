"""The review step: the summary PDF to download at the top and at the bottom (with a word once it is saved),
a short list of the page's parts that jump to each, page 1 at a glance in the patient's own terms, and every
answer with a way back to its step.

Scores read as what the answers add up to (questions.scoring.patient_words); the published ranges, cut-offs
and citations are the provider's and stay on the PDF. Both come from the one Summary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from questions import Intake, load_bank, tr
from questions.scoring import patient_words
from questions.words import format_number, say
from ui import builds, download_watch, files, pages, visits, widgets

if TYPE_CHECKING:
    from summaries import Summary

# summaries (ReportLab, pypdf) is imported where files are built, not here: the first page never needs it.
RESPONSE_FILE = "questionnaire-response.json"
QUESTIONNAIRE_FILE = "questionnaire.json"

GLANCE_ANCHOR = "review-glance"
DOWNLOAD_ANCHOR = "review-download"


class SummarySaved:
    """The summary PDF last made for download in this session: which answers it holds (their digest) and its
    file name. One per session; download callables hold a reference (they run where there is no session state).

    A click on a download does not rerun the page (a rerun would retire the file before the browser fetches
    it: see tests/browser/patient.py), so the note under each button is a fragment that looks again a few
    times after a download click (ui/download_watch.py) and redraws only itself: the file is never made twice.
    """

    def __init__(self) -> None:
        self.digest: str | None = None
        self.file_name = ""


def summary_saved() -> SummarySaved:
    """This session's SummarySaved."""
    if "summary_saved" not in st.session_state:
        st.session_state["summary_saved"] = SummarySaved()
    return st.session_state["summary_saved"]  # type: ignore[no-any-return]


def noting(saved: SummarySaved, answers_digest: str, file_name: str, build: Callable[[], bytes]) -> bytes:
    """Make the download's bytes, then remember that the summary of these answers was saved, under this name."""
    data = build()
    saved.digest = answers_digest
    saved.file_name = file_name
    return data


def _saved_note(answers_digest: str, language: str, key: str) -> None:
    saved = summary_saved()
    if saved.digest == answers_digest:
        st.success(say(language, "review.saved", file=widgets.escape_markdown(saved.file_name)))
    else:
        download_watch.watch(f"{key}_watch")


def saved_note(answers_digest: str, language: str, key: str) -> None:
    """Under a download button (`key`): what was saved and to bring it to the visit, once these answers'
    summary was made for download. Until then it looks again after each download click, redrawing only itself."""
    st.fragment(_saved_note)(answers_digest, language, key)


def _download(intake: Intake, summary: Summary, language: str, label: str, key: str, now: bool = False) -> None:
    """The summary PDF download(s) (ui/files.summary_downloads, built on click), with the word once saved."""
    answers_digest = files.digest(intake.answers)
    saved = functools.partial(noting, summary_saved(), answers_digest)
    clinic = pages.clinic()
    files.summary_downloads(summary, clinic, visits.earlier_json(), key=key, label=label, now=now, then=saved)
    saved_note(answers_digest, language, key)


def _fhir_file(intake_json: str, name: str, follow_up: bool = False) -> bytes:
    """One FHIR export file, built on click from a frozen copy of the answers (with the check-in's
    questions during a follow-up)."""
    from summaries.fhir import fhir_bundle_files

    bank = visits.follow_up().bank if follow_up else load_bank()
    return fhir_bundle_files(bank, Intake.model_validate_json(intake_json))[name]


def _contents(summary: Summary, language: str) -> None:
    """A short list of the page's parts; each link moves the page to that heading (Streamlit's anchors)."""
    parts = [(say(language, "review.glance_head"), GLANCE_ANCHOR)]
    parts += [(done.title, _anchor(done.id)) for done in summary.sections]
    parts.append((say(language, "review.download_head"), DOWNLOAD_ANCHOR))
    st.markdown(say(language, "review.contents"))
    st.markdown("\n".join(f"- [{widgets.escape_markdown(title)}](#{anchor})" for title, anchor in parts))


def _anchor(section_id: str) -> str:
    return "review-" + "".join(ch if ch.isalnum() else "-" for ch in section_id.lower())


def _scores(summary: Summary) -> None:
    lang = summary.language
    st.markdown(f"**{say(lang, 'review.scores_head')}**")
    st.markdown("\n".join(f"- {patient_words(score, lang)}" for score in summary.scores))
    st.markdown(say(lang, "review.scores_after"))


def _screens(summary: Summary) -> None:
    """Yes / no screens (the ASQ): that they were answered and will be talked over, not their result."""
    lang = summary.language
    for outcome in summary.screens:
        if outcome.answered == 0 and outcome.result is None:
            continue
        if outcome.answered < outcome.items:
            line = say(lang, "review.asq_some", answered=outcome.answered, items=outcome.items, name=outcome.name)
        else:
            line = say(lang, "review.asq_done", name=outcome.name)
        st.markdown(line)


def _at_a_glance(summary: Summary) -> None:
    """What page 1 of the PDF shows first, in the patient's terms: safety answers, self-harm questions left
    or declined, the ASQ, scores, answers flagged for review."""
    lang = summary.language
    b = pages.bank()
    with st.container(border=True):
        st.subheader(say(lang, "review.glance_head"), anchor=GLANCE_ANCHOR)
        widgets.caption(say(lang, "review.glance_note"))
        if summary.safety:
            st.markdown(f"**{say(lang, 'review.safety')}** {say(lang, 'review.safety_tells')}")
            for alert in summary.safety:
                st.markdown(f"- {alert.question} — **{alert.answer}**")
            pages.crisis_panel(say(lang, "way.crisis.review_last"))
        if summary.gaps:
            st.markdown(say(lang, "safety.review_gaps"))
            for gap in summary.gaps:
                st.markdown(f"- {tr(b.question(gap.question_id).label, lang)}")
        _screens(summary)
        if summary.scores:
            _scores(summary)
        st.markdown(f"**{say(lang, 'glance.review')}**")
        if summary.review:
            for line in summary.review:
                st.markdown(f"- {line.text}")
        else:
            widgets.caption(say(lang, "glance.no_review"))


def _problems(summary: Summary, language: str) -> None:
    b = pages.bank()
    problems = summary.problems  # worked out once, with the summary
    if not problems:
        return
    key = "review.problems_one" if len(problems) == 1 else "review.problems_many"
    st.warning(say(language, key, count=format_number(len(problems), language)))
    for p in problems:
        section = b.section_of(p.question_id)
        where = b.sections.index(section) + 1
        title = tr(section.title, language)
        st.markdown(f"- **{tr(b.question(p.question_id).label, language)}** ({title}): {p.message}")
        fix = say(language, "review.fix", section=title)
        st.button(fix, key=f"fix:{p.question_id}", on_click=pages.go_to, args=(where,))


def _sections(summary: Summary, language: str) -> None:
    for number, done in enumerate(summary.sections, start=1):
        with st.container(border=True):
            st.subheader(done.title, anchor=_anchor(done.id))
            if not done.items:
                widgets.caption(say(language, "review.no_answers"))
            for item in done.items:
                st.markdown(f"**{item.question}**")
                if item.table is not None:
                    # Plain text, not st.table: its cells are Markdown, and these are the patient's own words.
                    for row_number, row in enumerate(item.table.rows, start=1):
                        cells = [f"{h}: {v}" for h, v in zip(item.table.headers, row, strict=False) if v.strip()]
                        st.text(f"{row_number}. " + "; ".join(cells))
                elif item.choices:
                    st.markdown("\n".join(f"- {c}" for c in item.choices))
                else:
                    st.text(item.text)
            if done.unanswered:
                widgets.caption(say(language, "review.not_answered", questions="; ".join(done.unanswered)))
            change = say(language, "review.change", section=done.title)
            st.button(change, key=f"edit:{done.id}", on_click=pages.go_to, args=(number,))


def review_step(step: int) -> None:
    """The download first, then the page's parts, page 1 at a glance, every answer, and the download again."""
    from summaries import build_summary

    lang = pages.language()
    pages._progress(step)
    files.restore_messages(lang)
    st.header(say(lang, "review.head"))
    intake = pages.current_intake()
    summary = build_summary(pages.bank(), intake, clinic=pages.clinic())
    st.markdown(say(lang, "review.ready"))
    _download(intake, summary, lang, say(lang, "review.download_top"), "download_pdf_top", now=True)
    _contents(summary, lang)
    _at_a_glance(summary)
    visits.trend_panel(intake, lang)  # visits: a follow-up's totals across visits
    _problems(summary, lang)
    _sections(summary, lang)
    st.subheader(say(lang, "review.download_head"), anchor=DOWNLOAD_ANCHOR)
    st.markdown(say(lang, "review.download"))
    _download(intake, summary, lang, say(lang, "review.download_pdf"), "download_pdf")
    builds.show_stopped("summary", lang)
    files.save_button(intake, lang)
    with st.expander(say(lang, "review.fhir_head")):
        st.markdown(say(lang, "review.fhir"))
        for name, label, file_name in (
            (RESPONSE_FILE, say(lang, "review.fhir_answers"), say(lang, "files.fhir_response")),
            (QUESTIONNAIRE_FILE, say(lang, "review.fhir_questions"), say(lang, "files.fhir_questionnaire")),
        ):
            st.download_button(
                label,
                data=functools.partial(_fhir_file, intake.model_dump_json(), name, visits.in_follow_up()),
                file_name=file_name,
                mime="application/fhir+json",
                on_click="ignore",
                key=f"fhir:{name}",
            )
    st.subheader(say(lang, "review.load_head"))
    files.resume_control(pages.bank(), lang, say(lang, "review.load"))
    # Not key="back": the step drawn next has its own "back" button, which would read this click as its
    # own and skip a step (the last section was never shown when going back from the review).
    st.button(say(lang, "step.back"), key="review_back", on_click=pages.go_to, args=(step - 1,))
