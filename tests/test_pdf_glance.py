"""Page 1 of the PDF, "at a glance": safety banner, clinic header, scores, what brings the patient, answers to
review; the Summary fields behind it; the notes area; paper size and reproducible bytes.

Page 1 is read on its own (pypdf's text of page 0 only), as a provider would read the first sheet.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from questions import Bank, Intake
from questions.clinic import US_CRISIS_LINES, Clinic, load_clinic_from
from questions.contacts import plain
from questions.wording import forbidden_phrases
from samples.patients import build, maximal
from summaries import build_summary, render_pdf
from summaries.pdf_glance import NO_REVIEW, score_cells, shorten
from summaries.summary import Summary

ROOT = Path(__file__).resolve().parent.parent
CREATED = dt.date(2026, 6, 1)
BODY_START = "Every answer below was reported by the patient"  # the disclaimer: body text, not header or footer

PHQ9 = [f"phq9_{n}" for n in range(1, 10)]
GAD7 = [f"gad7_{n}" for n in range(1, 8)]

# The published ranges, written out here from the papers (Kroenke 2001; Spitzer 2006), not read from the bank.
PHQ9_RANGES = [
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately severe"),
    (20, 27, "severe"),
]
GAD7_RANGES = [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(pdf: bytes) -> list[str]:
    return [_flat(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]


def _page1(pdf: bytes) -> str:
    return _pages(pdf)[0]


def _render(bank: Bank, intake: Intake, clinic: Clinic | None = None) -> bytes:
    return render_pdf(build_summary(bank, intake, created=CREATED, clinic=clinic))


def _patient(make_intake: Callable[..., Intake], **answers: Any) -> Intake:
    base: dict[str, Any] = {
        "full_name": "Ana Ødegård",
        "date_of_birth": "1985-03-03",
        "concerns": ["depression", "anxiety"],
        "concerns_own_words": "Low mood for years; sleep is poor.",
        "phq9_9": "not_at_all",
        **{f"asq_{n}": "no" for n in range(1, 5)},  # every patient is asked; a blank one is named on page 1
    }
    return make_intake({**base, **answers})


def _independent_total(bank: Bank, answers: dict[str, str]) -> int:
    """The sum of the picked options' published points, straight from the options."""
    total = 0
    for qid, value in answers.items():
        option = bank.question(qid).option(value)
        assert option is not None
        assert option.score is not None
        total += option.score
    return total


def _band(total: int, ranges: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    return next(r for r in ranges if r[0] <= total <= r[1])


@pytest.fixture
def clinic() -> Clinic:
    return load_clinic_from(ROOT / "clinic.example.yaml")


# --- safety banner -------------------------------------------------------------------------------------


def test_positive_item_9_starts_page_1_with_a_banner_showing_the_answer(bank, make_intake) -> None:
    intake = _patient(make_intake, **{**dict.fromkeys(PHQ9, "not_at_all"), "phq9_9": "more_than_half_the_days"})
    page = _page1(_render(bank, intake))
    assert "SAFETY: the patient gave a positive answer to a self-harm question" in page
    assert "PHQ-9 item 9" in page
    assert "Thoughts that you would be better off dead, or of hurting yourself in some way" in page
    assert "More than half the days" in page
    assert "risk level" not in page.lower()
    for line in US_CRISIS_LINES:  # the contacts the app showed the patient (no clinic file: the US defaults)
        assert _flat(plain(line)) in page  # as it reads, without the link addresses
    assert page.index("SAFETY") < page.index(BODY_START)  # the banner comes before the title block


def test_no_banner_when_item_9_is_not_at_all(bank, make_intake) -> None:
    intake = _patient(make_intake, **{**dict.fromkeys(PHQ9, "nearly_every_day"), "phq9_9": "not_at_all"})
    text = " ".join(_pages(_render(bank, intake)))
    assert "SAFETY" not in text


def test_a_recent_suicide_attempt_is_in_the_banner_with_the_question_it_follows(bank, make_intake) -> None:
    intake = _patient(make_intake, asq_4="yes", suicide_attempt_when="past_year")
    page = _page1(_render(bank, intake))
    assert "SAFETY: the patient gave a positive answer to self-harm questions" in page
    assert "Have you ever tried to kill yourself? Yes" in page  # the ASQ item the timing follows
    assert "When was the most recent time?" in page
    assert "In the last 12 months" in page


def test_banner_names_the_clinics_crisis_contacts(bank, make_intake) -> None:
    clinic = Clinic(crisis_lines=["Call the Samaritans on 116 123.", "In an emergency call 112."])
    page = _page1(_render(bank, _patient(make_intake, phq9_9="several_days"), clinic))
    assert "Call the Samaritans on 116 123." in page
    assert "In an emergency call 112." in page
    assert "988" not in page


def test_both_safety_answers_are_listed(bank, make_intake) -> None:
    intake = _patient(make_intake, phq9_9="several_days", asq_4="yes", suicide_attempt_when="past_year")
    summary = build_summary(bank, intake, created=CREATED)
    assert [(s.question_id, s.answer) for s in summary.safety] == [
        ("phq9_9", "Several days"),
        ("asq_4", "Yes"),
        ("suicide_attempt_when", "In the last 12 months"),
    ]
    page = _page1(render_pdf(summary))
    assert "positive answer to self-harm questions" in page
    assert "Several days" in page
    assert "In the last 12 months" in page


# --- scores --------------------------------------------------------------------------------------------


def test_page_1_totals_match_the_options_published_points(bank, make_intake) -> None:
    phq = dict.fromkeys(PHQ9, "several_days")
    gad = {**dict.fromkeys(GAD7, "more_than_half_the_days"), "gad7_7": "nearly_every_day"}
    phq_total, gad_total = _independent_total(bank, phq), _independent_total(bank, gad)
    assert (phq_total, gad_total) == (9, 15)  # 9 x 1; 6 x 2 + 3
    page = _page1(_render(bank, _patient(make_intake, **phq, **gad)))
    for name, total, top, ranges, source in (
        ("PHQ-9", phq_total, 27, PHQ9_RANGES, "Kroenke 2001"),
        ("GAD-7", gad_total, 21, GAD7_RANGES, "Spitzer 2006"),
    ):
        low, high, label = _band(total, ranges)
        assert f"{name} {total} of {top} {low}-{high}: '{label}' ({source})" in page
    assert "'mild'" in page
    assert "'severe'" in page
    assert "A screening score, not a diagnosis." in page


def test_an_incomplete_instrument_has_no_total_on_page_1(bank, make_intake) -> None:
    intake = _patient(make_intake, **dict.fromkeys(PHQ9[:5], "nearly_every_day"))
    page = _page1(_render(bank, intake))
    assert "PHQ-9 6 of 9 items answered; no total" in page  # items 1-5, and item 9 from the base patient
    assert "15 of 27" not in page


def test_score_cells_come_from_the_score_parts(bank, make_intake) -> None:
    intake = _patient(
        make_intake,
        **dict.fromkeys(PHQ9, "nearly_every_day"),
        drug_use_past_year=3,
        audit_c_1="monthly_or_less",
        audit_c_2="1_or_2",
        audit_c_3="never",
    )
    scores = {s.instrument_id: s for s in build_summary(bank, intake).scores}
    assert score_cells(scores["phq9"]) == ("27 of 27", "20-27: 'severe' (Kroenke 2001)")
    drug_score, drug_range = score_cells(scores["single_drug_question"])
    assert drug_score == "3 (times in the past year)"
    assert "1 or more" in drug_range
    assert "positive screen" in drug_range
    audit_score, audit_range = score_cells(scores["audit_c"])
    assert audit_score.endswith("of 12")
    assert "for men" in audit_range
    assert "for women" in audit_range  # sex not given: both published rules are shown


# --- what brings the patient ---------------------------------------------------------------------------


def test_what_brings_the_patient_shows_the_picks_and_their_own_words(bank, make_intake) -> None:
    summary = build_summary(bank, _patient(make_intake, concerns_duration="2_to_5_years"))
    assert summary.concerns is not None
    assert summary.concerns.picked == ["Depression or low mood", "Anxiety or worry"]
    assert summary.concerns.own_words == "Low mood for years; sleep is poor."
    page = _page1(render_pdf(summary))
    assert "What brings the patient" in page
    assert "Depression or low mood · Anxiety or worry" in page
    assert "2 to 5 years" in page
    assert "Low mood for years; sleep is poor." in page
    assert "continued in full" not in page


def test_very_long_own_words_are_cut_on_page_1_and_printed_in_full_later(bank, make_intake) -> None:
    words = [f"w{i:05d}" for i in range(3400)]
    answer = " ".join(words)[:20000]
    pages = _pages(_render(bank, _patient(make_intake, concerns_own_words=answer)))
    assert "continued in full under What brings you" in pages[0]
    assert "w00003" in pages[0]
    assert "w02000" not in pages[0]
    rest = " ".join(pages[1:])
    assert all(w in rest for w in answer.split()[:-1])


def test_the_concerns_section_is_found_from_the_bank_not_by_id(bank, make_intake) -> None:
    """The section after the one asking the patient's name, whatever it is called."""
    renamed = bank.model_copy(update={"sections": [s.model_copy(update={"id": f"x_{s.id}"}) for s in bank.sections]})
    summary = build_summary(renamed, _patient(make_intake))
    assert summary.concerns is not None
    assert summary.concerns.section_id == "x_what_brings_you"
    assert summary.concerns.picked == ["Depression or low mood", "Anxiety or worry"]


def test_shorten() -> None:
    assert shorten("a b c", 100) == ("a b c", False)
    assert shorten("one\n\n\ntwo", 100) == ("one\ntwo", False)
    text, cut = shorten("word " * 200, 50)
    assert cut
    assert len(text) <= 50
    assert text.endswith("word")
    assert shorten("line\n" * 30, 1000, 6) == ("\n".join(["line"] * 6), True)


# --- answers to review ---------------------------------------------------------------------------------


def test_flagged_answers_are_listed_for_review_and_unflagged_are_not(bank, make_intake) -> None:
    intake = _patient(
        make_intake,
        seizures="yes",
        liver_disease="no",
        medicine_classes=["lamotrigine", "antidepressants", "opioids"],
        ride_home="yes",
    )
    summary = build_summary(bank, intake)
    texts = [r.text for r in summary.review]
    assert "Reported a history of seizures." in texts
    medicines = next(t for t in texts if t.startswith("Reported taking these kinds of medicine"))
    assert "Lamotrigine (Lamictal)" in medicines
    assert "Opioids" in medicines
    assert "Antidepressants" not in medicines  # picked, but not flagged for review
    assert "for example" not in medicines  # page 1 reads at a glance; the examples are in the full answer
    assert not any("liver" in t for t in texts)
    assert not any("home" in t for t in texts)
    page = _flat(" ".join(_pages(render_pdf(summary))[:2]))
    assert "Answers your provider may want to review" in page
    assert "Reported a history of seizures." in page
    assert "Lamotrigine (Lamictal)" in page
    assert NO_REVIEW not in page


def test_no_flagged_answer_says_so(bank, make_intake) -> None:
    intake = _patient(make_intake, seizures="no", ride_home="yes", medicine_classes=["antidepressants"])
    summary = build_summary(bank, intake)
    assert summary.review == []
    page = _page1(render_pdf(summary))
    assert "Answers your provider may want to review" in page
    assert NO_REVIEW in page
    assert "Reported" not in page


def test_a_hidden_question_is_never_listed_for_review(bank, make_intake) -> None:
    """`thyroid_kind` is asked only after yes to thyroid_problem: a stale answer to it is not reviewed."""
    intake = _patient(make_intake, thyroid_problem="no", thyroid_kind=["overactive"])
    assert not [r for r in build_summary(bank, intake).review if r.question_id == "thyroid_kind"]
    shown = _patient(make_intake, thyroid_problem="yes", thyroid_kind=["overactive", "underactive"])
    lines = [r.text for r in build_summary(bank, shown).review if r.question_id == "thyroid_kind"]
    assert lines == ["Reported this kind of thyroid problem: Overactive thyroid (hyperthyroidism)"]


# --- clinic header, neutral without --------------------------------------------------------------------


def _images_on(pdf: bytes, page: int) -> int:
    resources = PdfReader(io.BytesIO(pdf)).pages[page]["/Resources"]
    assert isinstance(resources, DictionaryObject)
    xobjects = resources.get("/XObject") or {}
    return sum(1 for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")


def test_clinic_header_on_page_1_with_a_clinic(bank, make_intake, clinic: Clinic) -> None:
    assert clinic.name
    assert clinic.address
    assert clinic.phone
    pdf = _render(bank, _patient(make_intake), clinic)
    pages = _pages(pdf)
    for value in (clinic.name, clinic.address, clinic.phone):
        assert _flat(value) in pages[0]
    assert _images_on(pdf, 0) == 1  # the logo
    assert clinic.name not in " ".join(pages[1:])


def test_neutral_without_a_clinic(bank, make_intake, clinic: Clinic) -> None:
    summary = build_summary(bank, _patient(make_intake))
    assert summary.clinic is None
    assert summary.crisis_lines == US_CRISIS_LINES
    assert summary.paper_size == "letter"
    pdf = render_pdf(summary)
    assert clinic.name is not None
    assert clinic.name not in " ".join(_pages(pdf))
    assert _images_on(pdf, 0) == 0
    assert build_summary(bank, _patient(make_intake), clinic=Clinic()).clinic is None  # defaults: still neutral


def test_a_logo_that_is_not_an_image_is_left_out(bank, make_intake, tmp_path: Path) -> None:
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"not a png")
    pdf = _render(bank, _patient(make_intake), Clinic(name="Clinic <b>One</b>", logo=broken))
    assert "Clinic <b>One</b>" in _page1(pdf)
    assert _images_on(pdf, 0) == 0


def test_paper_size_comes_from_the_clinic(bank, make_intake) -> None:
    summary = build_summary(bank, _patient(make_intake), created=CREATED, clinic=Clinic(paper_size="a4"))
    page = PdfReader(io.BytesIO(render_pdf(summary))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    letter = PdfReader(io.BytesIO(render_pdf(summary, page_size="letter"))).pages[0]
    assert round(float(letter.mediabox.width)) == 612  # the caller's choice wins


# --- the rest of the document --------------------------------------------------------------------------


def test_full_answers_start_on_page_2_and_notes_for_the_provider_end_it(bank, make_intake) -> None:
    pages = _pages(_render(bank, _patient(make_intake)))
    assert "About you Your full name" in pages[1]
    assert "Notes for the provider" in pages[-1]
    assert "Notes for the provider" not in " ".join(pages[:-1])
    assert "End of the patient-reported summary." in " ".join(pages[-2:])


def test_maximal_patient_with_60_medicines_and_a_20000_character_answer(bank) -> None:
    intake = build(bank, maximal)
    answers = dict(intake.answers)
    answers["medication_list"] = [
        {"name": f"Med-{n:02d}", "dose": f"{n * 5} mg", "how_often": "twice a day", "since_when": "2021"}
        for n in range(1, 61)
    ]
    answers["concerns_own_words"] = ("My own words about all of it. " * 700)[:20000]
    pdf = _render(bank, intake.model_copy(update={"answers": answers}))
    pages = _pages(pdf)
    assert len(pages) > 10
    assert pages[0].index("SAFETY") < pages[0].index(BODY_START)
    assert "PHQ-9 27 of 27" in " ".join(pages[:2])  # a full safety box and the ASQ run page 1 onto page 2
    assert all(f"Med-{n:02d}" in " ".join(pages) for n in range(1, 61))
    assert "Notes for the provider" in pages[-1]
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_hostile_text_on_page_1_prints_literally(bank, make_intake) -> None:
    hostile = '<b> <font size=80>x</font> <img src="/etc/hostname"/> a & b'
    clinic = Clinic(name=hostile, address=hostile, phone="<b>1</b>", crisis_lines=[hostile])
    intake = _patient(make_intake, concerns_own_words=hostile, concerns=["other"], concerns_other=hostile)
    intake = intake.model_copy(update={"answers": {**intake.answers, "phq9_9": "several_days"}})
    page = " ".join(_pages(_render(bank, intake, clinic))[:2])  # the glance runs onto page 2 with a safety box
    assert page.count(hostile) >= 5  # clinic name, address, crisis line, other concern, own words
    assert "<b>1</b>" in page


# --- the Summary fields, and reproducible bytes --------------------------------------------------------


def test_summary_fields_are_derived_once_and_serialise(bank, make_intake) -> None:
    intake = _patient(make_intake, phq9_9="several_days", seizures="yes")
    summary = build_summary(bank, intake, created=CREATED, clinic=Clinic(name="North Clinic"))
    assert [s.name for s in summary.scores][:2] == ["PHQ-9", "GAD-7"]
    assert summary.safety[0].answer == "Several days"
    assert summary.clinic is not None
    assert summary.clinic.name == "North Clinic"
    assert Summary.model_validate_json(summary.model_dump_json()) == summary


def test_same_intake_gives_the_same_bytes_with_a_fixed_date(bank, make_intake) -> None:
    intake = _patient(make_intake, phq9_9="several_days", seizures="yes")
    first = render_pdf(build_summary(bank, intake, created=CREATED))
    assert render_pdf(build_summary(bank, intake, created=CREATED)) == first


def test_source_date_epoch_makes_the_bytes_reproducible(bank, make_intake, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 Nov 2023
    intake = _patient(make_intake, phq9_9="several_days")
    first = render_pdf(build_summary(bank, intake))
    assert render_pdf(build_summary(bank, intake)) == first
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata is not None
    assert reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.date() == dt.date(2023, 11, 14)
    assert "Summary made: 14 Nov 2023" in _flat(reader.pages[0].extract_text() or "")


def test_page_1_with_a_clinic_has_no_forbidden_wording(bank, make_intake, clinic: Clinic) -> None:
    intake = build(bank, maximal)
    text = " ".join(_pages(_render(bank, intake, clinic))[:3])
    assert "SAFETY" in text
    assert forbidden_phrases(text) == []


# --- page 1 for a ketamine provider: the facts that go with each flagged answer -------------------------


def test_flagged_answers_carry_their_facts_and_dates(bank, make_intake) -> None:
    intake = _patient(
        make_intake,
        high_blood_pressure="yes",
        high_blood_pressure_treated="yes",
        high_blood_pressure_controlled="no",
        blood_pressure={"systolic": 168, "diastolic": 102, "taken": "2026-05-20"},
        heart_problems=["stent_or_bypass"],
        heart_problems_when="stent 2021",
        ketamine_before="yes",
        ketamine_how=["nasal_spray"],
        ketamine_sessions=8,
        ketamine_last_session="2025-03-02",
        ketamine_how_it_went="Helped for a month, then faded.",
        dissociative_use="yes",
        dissociative_last_used="past_month",
        drug_use_past_year=3,
        drugs_used=["cocaine", "methamphetamine"],
        drugs_last_used="past_week",
        substance_treatment="yes",
        substance_treatment_when="past_year",
        pregnancy=["pregnant"],
        psychosis_family="yes",
        mania="yes",
        ride_home="no",
    )
    summary = build_summary(bank, intake, created=CREATED)
    texts = {r.question_id: r.text for r in summary.review}
    assert texts["high_blood_pressure"] == (
        "Reported high blood pressure; treated now: Yes; under control now: No; "
        "last reading: 168/102 mmHg (taken 20 May 2026)"
    )
    assert texts["heart_problems"].endswith("(when: stent 2021)")
    assert (
        "about 8 sessions; last session 2 Mar 2025; how it went: Helped for a month, then faded."
        in texts["ketamine_before"]
    )
    assert texts["dissociative_use"].endswith("last time: In the past month.")
    assert (
        texts["drugs_used"]
        == "Reported using in the past year: Cocaine or crack; Meth (crystal, ice); last used: In the past week"
    )
    assert "most recent: In the past 12 months" in texts["substance_treatment"]
    assert {"pregnancy", "psychosis_family", "mania", "ride_home"} <= set(texts)
    page = " ".join(_pages(render_pdf(summary))[:2])
    assert "last session 2 Mar 2025" in page
    assert "under control now: No" in page


def test_a_fact_left_blank_leaves_its_part_out(bank, make_intake) -> None:
    intake = _patient(make_intake, high_blood_pressure="yes", dissociative_use="yes")
    texts = {r.question_id: r.text for r in build_summary(bank, intake).review}
    assert texts["high_blood_pressure"] == "Reported high blood pressure"
    assert texts["dissociative_use"] == "Reported using ketamine, PCP or a drug like them, not in a clinic or hospital."
    assert "{" not in " ".join(texts.values())


# --- the safety net: every self-harm question left or declined, and a past attempt with no timing --------


@pytest.mark.parametrize(
    ("answers", "line"),
    [
        ({"phq9_9": None}, "PHQ-9 item 9, thoughts of being better off dead or of hurting yourself, was not answered."),
        (
            {"asq_2": "prefer_not"},
            "ASQ question 2, feeling you or your family would be better off if you were dead, was declined",
        ),
        ({"asq_3": None}, "ASQ question 3, thoughts about killing yourself in the past week, was not answered."),
        ({"asq_1": "yes", "asq_5": None}, "ASQ question 5, thoughts of killing yourself right now, was not answered."),
    ],
)
def test_each_self_harm_question_left_or_declined_gets_its_own_line(bank, make_intake, answers, line) -> None:
    base = _patient(make_intake).answers
    intake = make_intake({k: v for k, v in {**base, **answers}.items() if v is not None})
    summary = build_summary(bank, intake, created=CREATED)
    assert any(g.text.startswith(line.removesuffix(".")) for g in summary.gaps), [g.text for g in summary.gaps]
    page = _page1(render_pdf(summary))
    assert _flat(line.removesuffix(".")) in page
    assert "SAFETY" in page


@pytest.mark.parametrize("timing", [None, "prefer_not", "in_person"])
def test_a_past_attempt_with_unknown_timing_is_a_safety_answer(bank, make_intake, timing) -> None:
    answers = {"asq_4": "yes", "asq_5": "no", **({"suicide_attempt_when": timing} if timing else {})}
    summary = build_summary(bank, _patient(make_intake, **answers), created=CREATED)
    assert "suicide_attempt_when" in [s.question_id for s in summary.safety]
    page = _page1(render_pdf(summary))
    assert "When was the most recent time?" in page
    assert "When the most recent suicide attempt was" not in page  # one line for it, not two


def test_a_known_old_attempt_is_not_a_safety_answer_of_its_own(bank, make_intake) -> None:
    summary = build_summary(
        bank, _patient(make_intake, asq_4="yes", asq_5="no", suicide_attempt_when="over_five_years")
    )
    assert [s.question_id for s in summary.safety] == ["asq_4"]  # the ASQ yes is; the timing is listed for review
    assert summary.gaps == []


def test_acute_answer_comes_first_in_the_banner(bank, make_intake) -> None:
    summary = build_summary(bank, _patient(make_intake, phq9_9="several_days", asq_3="yes", asq_5="yes"))
    assert [s.question_id for s in summary.safety] == ["asq_5", "phq9_9", "asq_3"]
    assert summary.safety[0].context == "ASQ question 5"
    (asq,) = summary.screens
    assert asq.result == "acute positive screen"
