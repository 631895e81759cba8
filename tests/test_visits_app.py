"""A follow-up through the app (AppTest): first visit, its PDF, a follow-up started from it, the new PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from journey import DownloadCapture, click, current_step, fill_section, start_app
from streamlit.testing.v1 import AppTest

from questions import load_bank, tr
from questions.follow_up import load_follow_up
from questions.words import format_date, say
from samples.patients import minimal
from summaries.record import verify, visits_in

WEEK_AGO = dt.date.today() - dt.timedelta(days=7)


def _follow_up_uploader(at: AppTest) -> int:
    labels = [u.label for u in at.file_uploader]
    return labels.index(say("en", "visits.ui.upload"))


def _first_visit_pdf(capture: DownloadCapture, monkeypatch: pytest.MonkeyPatch) -> bytes:
    bank = load_bank()
    at = start_app()
    click(at, "start")
    for section in bank.sections:
        fill_section(at, bank, section)
        click(at, "next")
    assert current_step(at) == len(bank.sections) + 1
    epoch = dt.datetime.combine(WEEK_AGO, dt.time(), tzinfo=dt.UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))  # the first summary was made a week ago
    pdf = capture.bytes_of("download_pdf")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    return pdf


def test_a_follow_up_from_the_first_summary(capture: DownloadCapture, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _first_visit_pdf(capture, monkeypatch)
    plan = load_follow_up()
    at = start_app()
    at.file_uploader[_follow_up_uploader(at)].set_value(("summary.pdf", first, "application/pdf")).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    # the check-in comes first; the questionnaires are asked again; everything else is carried over
    assert current_step(at) == 1
    assert at.header[0].value == tr(plan.bank.sections[0].title)
    answers = at.session_state["answers"]
    assert answers["full_name"] == visits_in(load_bank(), first)[0].answers["full_name"]
    assert not set(answers) & (plan.check_in_ids() | plan.asked_again_ids())
    asked = [plan.bank.sections[i] for i in plan.steps()]
    for section in asked:
        fill_section(at, plan.bank, section, minimal)
        click(at, "next")
    review = len(plan.bank.sections) + 1
    assert current_step(at) == review, "the review follows the last check-in step"
    assert at.get("vega_lite_chart"), "the trend chart is on the review step"
    second = capture.bytes_of("download_pdf")
    assert verify(second).ok
    visits = visits_in(load_bank(), second)
    assert [v.date for v in visits] == [WEEK_AGO, dt.date.today()]
    assert visits[0] == visits_in(load_bank(), first)[0]
    assert visits[-1].scores["phq9"] == 0
    from outputs import extract_pages

    # this patient's safety banner and ASQ answers fill much of page 1: what changed follows, on page 1 or 2
    page = " ".join(" ".join(p.split()) for p in extract_pages(second)[:2])
    assert say("en", "visits.pdf.heading", date=format_date(WEEK_AGO, "en")) in page
    whole = " ".join(" ".join(p.split()) for p in extract_pages(second))
    assert say("en", "visits.chart.title", name="PHQ-9") in whole  # after the changed answers it charts


def test_a_forged_record_changes_nothing(capture: DownloadCapture, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _first_visit_pdf(capture, monkeypatch)
    from questions.visits import VISITS_NAME, Series, series_file
    from summaries.attachments import attachments
    from summaries.pdf import render_pdf
    from summaries.record import mark
    from summaries.summary import build_summary

    visits = Series.model_validate_json(attachments(first)[VISITS_NAME]).visits
    forged = [visits[0].model_copy(update={"answers": {**visits[0].answers, "full_name": "Someone Else"}})]
    bank = load_bank()
    pdf = render_pdf(
        build_summary(bank, forged[0].intake(), created=WEEK_AGO),
        attachments={VISITS_NAME: series_file(forged)},
        mark=mark(visits),
    )
    at = start_app()
    click(at, "start")
    fill_section(at, bank, bank.sections[0])
    click(at, "back")
    before = (dict(at.session_state["answers"]), current_step(at))
    at.file_uploader[_follow_up_uploader(at)].set_value(("summary.pdf", pdf, "application/pdf")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [say("en", "visits.error.fingerprint")]
    assert (dict(at.session_state["answers"]), current_step(at)) == before
    assert "earlier_visits" not in at.session_state or not at.session_state["earlier_visits"]


def test_carry_on_from_a_follow_up_pdf_keeps_the_record(
    capture: DownloadCapture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a follow-up's PDF to correct an answer makes the same visit again: no earlier visit is lost."""
    first = _first_visit_pdf(capture, monkeypatch)
    plan = load_follow_up()
    at = start_app()
    at.file_uploader[_follow_up_uploader(at)].set_value(("summary.pdf", first, "application/pdf")).run()
    for index in plan.steps():
        fill_section(at, plan.bank, plan.bank.sections[index], minimal)
        click(at, "next")
    second = capture.bytes_of("download_pdf")
    answers = dict(at.session_state["answers"])

    again = start_app()
    again.file_uploader[0].set_value(("summary.pdf", second, "application/pdf")).run()  # "Carry on"
    assert not again.exception
    assert again.session_state["upload_error"] is None
    assert again.session_state["answers"] == answers  # the check-in's answers too
    again.session_state["step"] = len(plan.bank.sections) + 1
    again.run()
    third = capture.bytes_of("download_pdf")
    assert [v.date for v in visits_in(load_bank(), third)] == [WEEK_AGO, dt.date.today()]
    assert visits_in(load_bank(), third)[0] == visits_in(load_bank(), first)[0]
    assert verify(third).ok
