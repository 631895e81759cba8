"""Follow-up visits in the app: start one from the latest summary PDF, answer the check-in, see the trend.

The earlier visits live in this session's state only (as the series file's JSON text, like the answers),
and travel on inside the next summary PDF. A PDF whose record is broken or forged gets one sentence, and
nothing in the session changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from questions import Bank, Intake, load_bank
from questions.clinic import load_clinic
from questions.follow_up import FollowUp, load_follow_up
from questions.limits import MAX_UPLOAD_BYTES
from questions.restore import Restored, RestoreError, first_step_needing_answers, restore
from questions.visits import Visit, VisitError, make_visit, read_series, series_file
from questions.words import format_date, format_number, say
from ui import widgets

EARLIER = "earlier_visits"
"""Session key: the earlier visits as the series file's JSON text ('' or missing: a first visit)."""
ERROR = "follow_up_error"


def follow_up() -> FollowUp:
    """The follow-up bank and settings (bank data only; no patient data)."""
    return load_follow_up()


def earlier_json() -> str:
    """The session's earlier visits as JSON text ('' on a first visit)."""
    return str(st.session_state.get(EARLIER) or "")


def in_follow_up() -> bool:
    """Whether this session is a follow-up (it holds earlier visits)."""
    return bool(earlier_json())


def earlier() -> list[Visit]:
    """The session's earlier visits, oldest first."""
    text = earlier_json()
    return read_series(text.encode()) if text else []


def session_bank(main: Bank) -> Bank:
    """The bank this session answers: the follow-up bank (check-in first) during a follow-up."""
    return follow_up().bank if in_follow_up() else main


def forget() -> None:
    """Back to a first visit (clear answers, or loading a saved file)."""
    st.session_state.pop(EARLIER, None)
    st.session_state.pop(ERROR, None)


def checked_earlier(text: str, main: Bank) -> list[Visit]:
    """The earlier visits of a copy kept in the browser tab (ui/tabstore.py), checked like a PDF's record:
    VisitError when the chain is broken or a visit is of another form."""
    found = read_series(text.encode())
    if any(v.bank_id != main.id for v in found):
        raise VisitError("visits.error.other_form")
    return found


def keep_earlier(earlier_visits: list[Visit]) -> None:
    """Make this session a follow-up of these earlier visits (none: a first visit)."""
    if earlier_visits:
        st.session_state[EARLIER] = series_file(earlier_visits).decode()
    else:
        st.session_state.pop(EARLIER, None)


def next_step(step: int, review: int) -> int:
    """The step after `step`. During a follow-up, each asked step (the check-in, then the questionnaires)
    leads to the next one, and the last to the review; the carried-over steps follow each other as usual."""
    if not in_follow_up():
        return step + 1
    asked = [index + 1 for index in follow_up().steps()]
    if step not in asked:
        return step + 1
    later = [s for s in asked if s > step]
    return later[0] if later else review


def _enter(earlier_visits: list[Visit], restored: Restored, step: int) -> None:
    """Put a follow-up into this session: its earlier visits, today's answers, and the step to show."""
    from ui.files import digest, marker

    answers = dict(restored.intake.answers)
    widgets.forget_widgets(st.session_state)
    keep_earlier(earlier_visits)
    st.session_state["answers"] = answers
    st.session_state["attempted"] = set()
    marker().digest = digest(answers)
    st.session_state[ERROR] = None
    st.session_state["upload_error"] = None
    st.session_state["restore_notes"] = restored.not_carried_over
    st.session_state["restored"] = True
    st.session_state["step"] = step


def _start(main: Bank, uploader_key: str, language: str = "en") -> None:
    """Load the latest summary PDF as the start of a follow-up (a callback: runs before the page is drawn)."""
    uploaded = st.session_state.get(uploader_key)
    if uploaded is None:
        return
    st.session_state["follow_up_count"] = st.session_state.get("follow_up_count", 0) + 1
    try:
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise VisitError("visits.error.too_large")
        from summaries.record import visits_in

        visits = visits_in(main, uploaded.getvalue())
        plan = follow_up()
        carried = plan.carried_over(visits[-1].intake())
        restored = restore(plan.bank, carried.model_dump_json().encode(), language)
    except VisitError as error:
        st.session_state[ERROR] = say(language, error.key)
        return
    except RestoreError as error:
        st.session_state[ERROR] = str(error)
        return
    _enter(visits, restored, plan.steps()[0] + 1)


def carry_on(data: bytes, language: str = "en") -> bool:
    """'Carry on' from a follow-up's summary PDF: the same visit again, its earlier visits kept, so that
    correcting an answer never loses the record. A PDF whose record is broken or forged gets one sentence
    and changes nothing. False (not handled here) for a saved file, or a PDF of a first visit or older."""
    if not data.lstrip().startswith(b"%PDF-"):
        return False
    from summaries.record import open_pdf, visits_in

    plan = follow_up()
    try:
        if open_pdf(data).series is None:
            return False
        visits = visits_in(plan.bank, data)
        if len(visits) < 2:
            return False
        restored = restore(plan.bank, visits[-1].intake().model_dump_json().encode(), language)
    except VisitError as error:
        st.session_state["upload_error"] = say(language, error.key)
        st.session_state["restore_notes"] = []
        return True
    except RestoreError:
        return False  # the ordinary path says what is wrong with the file
    _enter(visits[:-1], restored, first_step_needing_answers(plan.bank, restored.intake) + 1)
    return True


def start_control(main: Bank, language: str = "en") -> None:
    """'Before a follow-up visit' on the first screen: load the latest summary PDF to start the check-in."""
    st.header(say(language, "visits.ui.heading"))
    st.markdown(say(language, "visits.ui.intro"))
    uploader_key = f"follow_up_upload:{st.session_state.get('follow_up_count', 0)}"
    st.file_uploader(
        say(language, "visits.ui.upload"),
        type=["pdf"],
        key=uploader_key,
        on_change=_start,
        args=(main, uploader_key, language),
        max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024),
        help=say(language, "visits.ui.upload_help"),
    )
    if st.session_state.get(ERROR):
        st.error(st.session_state[ERROR], icon=":material/error:")


def _series_now(intake: Intake) -> list[Visit]:
    """The earlier visits and today's answers as the last visit (for the review's chart)."""
    visits = earlier()
    return [*visits, make_visit(follow_up().bank, intake, dt.date.today(), visits[-1] if visits else None)]


def trend_panel(intake: Intake, language: str = "en") -> None:
    """On the review step of a follow-up: each instrument's totals across visits, with the published ranges."""
    if not in_follow_up():
        return
    import altair as alt
    import pandas as pd

    from summaries.since_last import trends

    plan = follow_up()
    found = trends(plan.bank, plan.config.trend, _series_now(intake), language)
    if not found:
        return
    with st.container(border=True):
        st.subheader(say(language, "visits.ui.trend_heading"))
        widgets.caption(say(language, "visits.ui.trend_caption"))
        for trend in found:
            points = pd.DataFrame(
                [{"date": p.date.isoformat(), "total": p.total} for p in trend.points if p.total is not None]
            )
            bands = pd.DataFrame(
                [
                    {"low": b.low, "high": b.high + (1 if i + 1 < len(trend.bands) else 0), "range": b.label}
                    for i, b in enumerate(trend.bands)
                ]
            )
            scale = alt.Scale(domain=[trend.low, trend.high])
            y_title = say(language, "visits.chart.y_axis")
            line = (
                alt.Chart(points)
                .mark_line(point=alt.OverlayMarkDef(filled=True, size=60, color="black"), color="black")
                .encode(
                    x=alt.X("date:T", title=say(language, "visits.chart.x_axis"), axis=alt.Axis(format="%d %b %Y")),
                    y=alt.Y("total:Q", scale=scale, title=y_title),
                    tooltip=[alt.Tooltip("date:T"), alt.Tooltip("total:Q")],
                )
            )
            layers: list[Any] = []
            if not bands.empty:
                shades = alt.Scale(range=["#f2f2f2", "#dcdcdc"] * 4)
                layers.append(
                    alt.Chart(bands)
                    .mark_rect(opacity=0.9)
                    .encode(
                        y=alt.Y("low:Q", scale=scale, title=y_title),
                        y2="high:Q",
                        color=alt.Color("range:N", scale=shades, sort=None, legend=alt.Legend(title=None)),
                    )
                )
            chart = alt.layer(*layers, line).properties(
                title=say(language, "visits.chart.title", name=trend.name), height=220
            )
            st.altair_chart(chart, width="stretch")
            values = ", ".join(
                f"{format_date(p.date, language)}: "
                + (say(language, "visits.no_total") if p.total is None else format_number(p.total, language))
                for p in trend.points
            )
            widgets.caption(say(language, "visits.ui.values", name=trend.name, values=values))


def build_pdf(intake_json: str, earlier_text: str) -> bytes:
    """The summary PDF of a frozen copy of the answers and the earlier visits (runs on click, outside the
    session): the follow-up bank and the series when there are earlier visits."""
    from summaries.bundle import summary_pdf

    visits = read_series(earlier_text.encode()) if earlier_text else None
    bank = load_follow_up().bank if visits else load_bank()
    return summary_pdf(bank, Intake.model_validate_json(intake_json), clinic=load_clinic(), earlier=visits)
