"""Five patients a ketamine provider meets, written as data, with their totals worked out by hand from the
instruments' papers (not by the code under test). The page-1 golden images of their summaries are in
tests/golden/persona-*.png, reviewed by eye.

Points per answer, from the papers: PHQ-9 and GAD-7 "Not at all" 0, "Several days" 1, "More than half the
days" 2, "Nearly every day" 3 (Kroenke 2001; Spitzer 2006); PCL-5 "Not at all" 0 to "Extremely" 4
(Weathers 2013); PEG: the mean of three 0-10 items (Krebs 2009); AUDIT-C items 0-4 each, "Never" to item 1
scoring items 2 and 3 as 0 (Bush 1998; Bradley 2003); ASQ: yes to any of 1-4, or refusing, is positive,
question 5 makes it acute (yes) or non-acute (no) (NIMH; Horowitz 2012, 2020).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

N, S, M, D = "not_at_all", "several_days", "more_than_half_the_days", "nearly_every_day"
PCL = ("not_at_all", "a_little_bit", "moderately", "quite_a_bit", "extremely")
ASQ_NO = {f"asq_{n}": "no" for n in range(1, 5)}


def _items(prefix: str, answers: list[str]) -> dict[str, str]:
    return {f"{prefix}_{n}": a for n, a in enumerate(answers, start=1)}


@dataclass(frozen=True)
class Persona:
    """A patient's answers and what the papers say their scores are, worked out by hand."""

    id: str
    about: str
    answers: dict[str, Any]
    totals: dict[str, float | None] = field(default_factory=dict)
    """Instrument id -> hand-worked total (None: incomplete, no total)."""
    bands: dict[str, str] = field(default_factory=dict)
    """Instrument id -> the published range the total falls in."""
    positive: dict[str, bool | None] = field(default_factory=dict)
    """Instrument id -> positive screen by the published cut-off that applies (None: the answers do not say)."""
    asq: str | None = None
    """The ASQ result in the published terms (results key: negative, positive, non_acute, acute), or None."""
    safety: list[str] = field(default_factory=list)
    """Question ids of the safety answers, in bank order."""
    gaps: list[str] = field(default_factory=list)
    """Question ids of self-harm questions left unanswered or declined, in bank order."""


BASE = {"date_of_birth": "1980-01-01"}


def _screens(
    name: str,
    concerns: list[str],
    duration: str,
    phq9: list[str],
    phq9_difficulty: str,
    gad7: list[str],
    gad7_difficulty: str,
    asq: dict[str, str] = ASQ_NO,
    **own_words: str,
) -> dict[str, Any]:
    """Who the patient is and what brings them, then the PHQ-9, the ASQ and the GAD-7, in bank order."""
    return {
        **BASE,
        "full_name": name,
        "concerns": concerns,
        "concerns_duration": duration,
        **own_words,
        **_items("phq9", phq9),
        "phq9_difficulty": phq9_difficulty,
        **asq,
        **_items("gad7", gad7),
        "gad7_difficulty": gad7_difficulty,
    }


def _habits(sex: str, audit_c: list[str], drug_use: int = 0, ride_home: str = "yes", **drugs: Any) -> dict[str, Any]:
    """Sex at birth, the AUDIT-C items given, the single drug question (and its follow-ups), the ride home."""
    return {
        "sex_at_birth": sex,
        **_items("audit_c", audit_c),
        "drug_use_past_year": drug_use,
        **drugs,
        "ride_home": ride_home,
    }


PERSONAS = [
    Persona(
        id="trd-self-harm",
        about="Treatment-resistant depression, three antidepressants tried, a self-harm answer and a past attempt",
        answers={
            **_screens(
                "Maria Lopez",
                ["depression", "treatment_resistant_depression"],
                "over_5_years",
                # PHQ-9: 3 + 3 + 2 + 3 + 2 + 3 + 2 + 1 + 1 = 20
                [D, D, M, D, M, D, M, S, S],
                "very_difficult",
                # GAD-7: 2 + 1 + 2 + 1 + 0 + 1 + 1 = 8
                [M, S, M, S, N, S, S],
                "somewhat_difficult",
                # ASQ: yes to 1 and 4 -> positive; no to 5 -> non-acute positive
                asq=_items("asq", ["yes", "no", "no", "yes", "no"]),
                concerns_own_words="Nothing has helped for long. I am tired of feeling this way.",
            ),
            "suicide_attempt_when": "over_five_years",
            "antidepressants_tried": "yes",
            "antidepressant_trials": [
                {"name": "Sertraline", "dose": "150 mg", "how_long": "8 months", "helped": "a little"},
                {"name": "Venlafaxine", "dose": "225 mg", "how_long": "6 months", "helped": "not at all"},
                {"name": "Bupropion", "dose": "300 mg", "how_long": "3 months", "helped": "not at all"},
            ],
            # AUDIT-C: 1 + 0 + 0 = 1 (women: 3 or more is positive)
            **_habits("female", ["monthly_or_less", "1_or_2", "never"]),
        },
        totals={"phq9": 20, "gad7": 8, "audit_c": 1, "single_drug_question": 0},
        bands={"phq9": "severe", "gad7": "mild"},
        positive={"audit_c": False, "single_drug_question": False},
        asq="non_acute",
        safety=["phq9_9", "asq_1", "asq_4"],
    ),
    Persona(
        id="veteran-ptsd-alcohol",
        about="A veteran with PTSD, heavy drinking, sedatives not as prescribed, no ride home",
        answers={
            **_screens(
                "James Carter",
                ["ptsd", "depression"],
                "over_5_years",
                # PHQ-9: 8 x 1 + 0 = 8
                [S, S, S, S, S, S, S, S, N],
                "somewhat_difficult",
                # GAD-7: 7 x 2 = 14
                [M] * 7,
                "very_difficult",
            ),
            # PCL-5: (3+3+2+3+4) + (3+3+1+2+2) + (3+2+3+2+2) + (1+4+3+2+3) = 15 + 11 + 12 + 13 = 51
            **_items("pcl5", [PCL[p] for p in (3, 3, 2, 3, 4, 3, 3, 1, 2, 2, 3, 2, 3, 2, 2, 1, 4, 3, 2, 3)]),
            "trauma": "yes",
            # AUDIT-C: 4 + 2 + 3 = 9 (men: 4 or more is positive)
            **_habits(
                "male",
                ["4_or_more_times_a_week", "5_or_6", "weekly"],
                2,
                "no",
                drugs_used=["sedatives_not_prescribed"],
                drugs_last_used="past_month",
                cannabis_use="weekly",
            ),
        },
        totals={"phq9": 8, "gad7": 14, "pcl5": 51, "audit_c": 9, "single_drug_question": 2},
        bands={"phq9": "mild", "gad7": "moderate"},
        positive={"audit_c": True, "single_drug_question": True},
        asq="negative",
    ),
    Persona(
        id="pain-blood-pressure",
        about="Chronic pain, high blood pressure not under control (168/102), a stent",
        answers={
            **_screens(
                "Robert Chen",
                ["chronic_pain", "depression"],
                "2_to_5_years",
                # PHQ-9: 1 + 1 + 2 + 2 + 0 + 0 + 1 + 0 + 0 = 7
                [S, S, M, M, N, N, S, N, N],
                "somewhat_difficult",
                # GAD-7: 1 + 0 x 6 = 1
                [S, N, N, N, N, N, N],
                "not_difficult_at_all",
            ),
            # PEG: (7 + 8 + 6) / 3 = 7.0
            "peg_1": 7,
            "peg_2": 8,
            "peg_3": 6,
            "high_blood_pressure": "yes",
            "high_blood_pressure_treated": "yes",
            "high_blood_pressure_controlled": "no",
            "blood_pressure": {"systolic": 168, "diastolic": 102, "taken": "2026-05-20"},
            "heart_problems": ["stent_or_bypass"],
            "heart_problems_when": "stent 2021",
            "takes_medicines": "yes",
            "medicine_classes": ["opioids", "gabapentinoids", "blood_pressure"],
            # AUDIT-C: "Never" to item 1 -> items 2 and 3 skipped, scoring 0: 0 + 0 + 0 = 0
            **_habits("male", ["never"]),
        },
        totals={"phq9": 7, "gad7": 1, "peg": 7.0, "audit_c": 0, "single_drug_question": 0},
        bands={"phq9": "mild", "gad7": "minimal"},
        positive={"audit_c": False, "single_drug_question": False},
        asq="negative",
    ),
    Persona(
        id="family-psychosis",
        about="Anxiety; a brother with schizophrenia; ketamine outside a clinic; intersex; declined an ASQ question",
        answers={
            **_screens(
                "Alex Morgan",
                ["anxiety", "social_anxiety"],
                "1_to_2_years",
                # PHQ-9: 0 + 1 + 1 + 0 x 6 = 2
                [N, S, S, N, N, N, N, N, N],
                "somewhat_difficult",
                # GAD-7: 3 + 3 + 2 + 2 + 1 + 2 + 3 = 16
                [D, D, M, M, S, M, D],
                "very_difficult",
                # ASQ: refused question 1, no to 2-4 -> positive screen (a refusal), question 5 not asked
                asq=_items("asq", ["prefer_not", "no", "no", "no"]),
            ),
            "psychosis": "no",
            "psychosis_family": "yes",
            "psychosis_family_details": "My brother, schizophrenia",
            # AUDIT-C: 1 + 1 + 1 = 3: at or above 3 (women), below 4 (men); the answers do not say which applies
            **_habits(
                "intersex",
                ["monthly_or_less", "3_or_4", "less_than_monthly"],
                dissociative_use="yes",
                dissociative_last_used="past_year",
            ),
        },
        totals={"phq9": 2, "gad7": 16, "audit_c": 3, "single_drug_question": 0},
        bands={"phq9": "minimal", "gad7": "severe"},
        positive={"audit_c": None, "single_drug_question": False},
        asq="positive",
        gaps=["asq_1"],
    ),
    Persona(
        id="incomplete",
        about="An incomplete form: PHQ-9 item 9 left blank, a past attempt with no timing, most steps skipped",
        answers={
            **BASE,
            "full_name": "Sam Taylor",
            "concerns": ["depression"],
            # PHQ-9 items 1-8 only: 8 of 9 answered, so no total
            **_items("phq9", [M, M, S, S, N, S, N, N]),
            "asq_1": "no",
            "asq_4": "yes",
        },
        totals={"phq9": None},
        asq="positive",  # yes to question 4; question 5 left blank, so no acuity
        safety=["asq_4", "suicide_attempt_when"],
        gaps=["phq9_9", "asq_2", "asq_3", "asq_5", "suicide_attempt_when"],
    ),
]
"""The five personas of the issue, in the order it lists them."""
