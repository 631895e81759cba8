"""A patient's series of visits built through the public surface: each visit's PDF made from the last one's."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from questions import Bank, Intake
from questions.follow_up import load_follow_up
from questions.kinds.choice import SingleChoice
from questions.visits import Visit
from samples.patients import typical
from summaries.bundle import summary_pdf
from summaries.record import visits_in

START = dt.date(2026, 1, 5)


def with_totals(bank: Bank, intake: Intake, totals: dict[str, int]) -> Intake:
    """The same answers with each named instrument's items picked to add up to the given total."""
    answers: dict[str, Any] = dict(intake.answers)
    for instrument in bank.instruments:
        if instrument.id not in totals:
            continue
        left = totals[instrument.id]
        for item in instrument.items:
            q = bank.question_as(item, SingleChoice)
            scored = sorted((o.score or 0, o.value) for o in q.options)
            points, value = max((s, v) for s, v in scored if s <= left)
            answers[item] = value
            left -= points
        assert left == 0, f"{instrument.id} cannot reach {totals[instrument.id]}"
    return intake.model_copy(update={"answers": answers})


CHECK_IN = {
    "checkin_nausea": "a_little",
    "checkin_nausea_how_long": "hours",
    "checkin_dizzy": "no",
    **{f"asq_{n}": "no" for n in range(1, 5)},  # the ASQ is asked again at every visit
}


def series_pdfs(bank: Bank, phq9: list[int], gad7: list[int], **changes: Any) -> list[bytes]:
    """One summary PDF per visit, a week apart, each made from the visits in the one before it.

    The first visit answers the whole bank; each follow-up starts from what the last one carries over,
    answers the check-in (`CHECK_IN`) and the questionnaires again. `changes` maps a visit number
    (as "v2") to other answers that change at that visit.
    """
    follow_up = load_follow_up()
    intake = typical(bank)
    pdfs: list[bytes] = []
    earlier: list[Visit] = []
    for number, (depression, anxiety) in enumerate(zip(phq9, gad7, strict=True), start=1):
        if earlier:
            intake = follow_up.carried_over(earlier[-1].intake())
            intake = intake.model_copy(update={"answers": {**intake.answers, **CHECK_IN}})
        answers = {**intake.answers, **changes.get(f"v{number}", {})}
        intake = with_totals(
            bank, intake.model_copy(update={"answers": answers}), {"phq9": depression, "gad7": anxiety}
        )
        day = START + dt.timedelta(weeks=number - 1)
        used = follow_up.bank if earlier else bank
        pdf = summary_pdf(used, intake, created=day, earlier=earlier)
        pdfs.append(pdf)
        earlier = visits_in(bank, pdf)
    return pdfs


def chart_sheet() -> bytes:
    """One page of trend charts for the golden image: down then up, a missing total, no bands, a mean
    score with decimals, a single visit, and a year of weekly visits."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.units import inch
    from reportlab.platypus import SimpleDocTemplate, Table

    from questions import load_bank
    from summaries.pdf_chart import MARKERS, trend_drawing
    from summaries.since_last import Point, trends

    bank = load_bank()

    def dated(values: list[float | None], step: int = 7) -> list[Point]:
        return [Point(date=START + dt.timedelta(days=step * i), total=v) for i, v in enumerate(values)]

    made = {t.instrument_id: t for t in trends(bank, ["phq9", "gad7", "pcl5", "peg"], [])}
    assert not made  # no visits, no charts
    visits = [
        Visit(date=START, bank_id=bank.id, bank_version=bank.version, scores=s, fingerprint="")
        for s in ({"phq9": 0, "gad7": 0, "pcl5": 0, "peg": 0},)
    ]
    base = {t.instrument_id: t for t in trends(bank, ["phq9", "gad7", "pcl5", "peg"], visits)}
    charts = [
        base["phq9"].model_copy(update={"points": dated([21, 17, 12, 8, 6, 11])}),
        base["gad7"].model_copy(update={"points": dated([16, None, 9, 7, 12], step=10)}),
        base["pcl5"].model_copy(update={"points": dated([52, 44, 35, 38])}),
        base["peg"].model_copy(update={"points": dated([7.3, 6.7, 5.0, 5.3])}),
        base["phq9"].model_copy(update={"points": dated([14])}),
        base["phq9"].model_copy(update={"points": dated([22 - (i % 9) - i // 6 for i in range(52)])}),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, invariant=1, leftMargin=0.75 * inch, topMargin=0.6 * inch)
    drawings = [trend_drawing(t, 3.4 * inch, 1.75 * inch, MARKERS[i % len(MARKERS)]) for i, t in enumerate(charts)]
    doc.build([Table([drawings[i : i + 2] for i in range(0, len(drawings), 2)], rowHeights=2.1 * inch)])
    return buffer.getvalue()
