"""The safety net in the app: a positive self-harm answer shows crisis contacts at once and never blocks."""

from __future__ import annotations

from collections.abc import Callable

from journey import DownloadCapture, click, current_step, fill_section, start_app

from questions import Bank, Intake, Kind, tr
from questions.scoring import item_score
from questions.words import say
from summaries import build_summary
from ui.widgets import key


def _safety_item(bank: Bank) -> str:
    return next(rule.item for i in bank.instruments for rule in i.safety)


def _option_scoring(bank: Bank, points: int) -> str:
    q = bank.question(_safety_item(bank))
    return next(o.value for o in q.choices() if item_score(q, o.value) == points)


def _panel_texts(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.value for e in at.error if "988" in e.value]


def test_positive_item_shows_panel_at_once_and_still_reaches_the_download(bank: Bank, capture: DownloadCapture) -> None:
    item = _safety_item(bank)
    section = bank.section_of(item)
    at = start_app()
    click(at, "start")

    def choose(q):  # type: ignore[no-untyped-def]
        from samples.answers import sample_answer

        return _option_scoring(bank, 2) if q.id == item else sample_answer(q)

    for number, s in enumerate(bank.sections, start=1):
        fill_section(at, bank, s, choose)
        if s.id == section.id:
            panels = _panel_texts(at)
            assert len(panels) == 1
            for words in ("988", "911", "Nobody is reading these answers right now", "today"):
                assert words in panels[0]
        click(at, "next")
        assert current_step(at) == number + 1, "the panel never blocks going on"
    pdf = capture.bytes_of("download_pdf")
    assert pdf.startswith(b"%PDF")


def test_zero_on_the_safety_item_shows_no_panel(bank: Bank) -> None:
    item = _safety_item(bank)
    at = start_app()
    at.session_state["step"] = bank.sections.index(bank.section_of(item)) + 1
    at.run()
    assert bank.question(item).kind is Kind.SINGLE_CHOICE
    at.radio(key=key(item)).set_value(_option_scoring(bank, 0)).run()
    assert _panel_texts(at) == []
    at.radio(key=key(item)).set_value(_option_scoring(bank, 1)).run()
    assert len(_panel_texts(at)) == 1


def test_question_level_safety_answer_raises_an_alert_only_for_its_values(
    bank: Bank, make_intake: Callable[..., Intake]
) -> None:
    from questions.scoring import safety_alerts

    flagged = [q for q in bank.questions() if q.safety_when]
    assert flagged, "the bank marks at least one plain question as a safety question"
    q = flagged[0]
    parents = {c.question: c.any_of[0] for c in q.show_if or []}
    calm = next(o.value for o in q.choices() if o.value not in q.safety_when)
    for value, expected in ((q.safety_when[0], 1), (calm, 0)):
        intake = make_intake({**parents, q.id: value})
        alerts = [a for a in safety_alerts(bank, intake) if a.question_id == q.id]
        assert len(alerts) == expected
    hidden = make_intake({q.id: q.safety_when[0]})
    assert not [a for a in safety_alerts(bank, hidden) if a.question_id == q.id] or not q.show_if


def test_review_repeats_the_crisis_contacts_when_a_safety_answer_was_given(bank: Bank) -> None:
    at = start_app()
    at.session_state["answers"] = {_safety_item(bank): _option_scoring(bank, 3)}
    at.session_state["step"] = len(bank.sections) + 1
    at.run()
    assert len(_panel_texts(at)) == 1
    at.session_state["answers"] = {_safety_item(bank): _option_scoring(bank, 0)}
    at.run()
    assert _panel_texts(at) == []


def test_an_asq_yes_shows_the_panel_at_once_on_the_symptoms_step_once(bank: Bank) -> None:
    at = start_app()
    at.session_state["step"] = bank.sections.index(bank.section_of("asq_1")) + 1
    at.run()
    assert _panel_texts(at) == []
    at.radio(key=key("asq_1")).set_value("yes").run()
    assert len(_panel_texts(at)) == 1
    at.radio(key=key("asq_2")).set_value("yes").run()
    assert len(_panel_texts(at)) == 1  # once per step, however many safety answers
    at.radio(key=key("asq_1")).set_value("prefer_not").run()
    at.radio(key=key("asq_2")).set_value("no").run()
    assert _panel_texts(at) == []  # a refusal is named on page 1; it is not a yes


def test_a_past_attempt_with_no_timing_shows_the_panel_and_the_review_names_what_was_left(bank: Bank) -> None:
    at = start_app()
    at.session_state["answers"] = {"asq_1": "no", "asq_4": "yes"}
    at.session_state["step"] = bank.sections.index(bank.section_of("suicide_attempt_when")) + 1
    at.run()
    assert len(_panel_texts(at)) == 1  # the timing is not given (yet): a safety answer
    at.radio(key=key("suicide_attempt_when")).set_value("over_five_years").run()
    assert _panel_texts(at) == []
    at.session_state["step"] = len(bank.sections) + 1
    at.run()
    shown = " ".join(m.value for m in at.markdown)
    assert say("en", "safety.review_gaps") in shown
    for left in ("phq9_9", "asq_2"):  # named as the patient read them (the PDF names them as page 1 does)
        assert f"- {tr(bank.question(left).label)}" in shown
    assert "PHQ-9 item 9" not in shown


def test_the_review_says_the_asq_will_be_talked_over_and_the_pdf_keeps_the_result(bank: Bank) -> None:
    answers = {
        "asq_1": "prefer_not",
        **{f"asq_{n}": "no" for n in range(2, 5)},
        "sex_at_birth": "intersex",
        "audit_c_1": "monthly_or_less",
        "audit_c_2": "3_or_4",
        "audit_c_3": "less_than_monthly",
    }
    at = start_app()
    at.session_state["answers"] = answers
    at.session_state["step"] = len(bank.sections) + 1
    at.run()
    shown = " ".join(m.value for m in at.markdown)
    assert say("en", "review.asq_done", name="ASQ") in shown
    assert f"- {tr(bank.question('asq_1').label)}" in shown  # declined: named among those left or declined
    assert "positive screen" not in shown
    assert "cut-off" not in shown
    summary = build_summary(bank, Intake(bank_id=bank.id, bank_version=bank.version, answers=answers))
    assert [s.result for s in summary.screens] == ["positive screen"]  # the provider's terms, for the PDF
    assert "The published cut-offs are for men and for women" in summary.score_notes["audit_c"]
