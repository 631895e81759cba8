"""Scoring of the validated instruments, driven by the bank's data.

Answers are built from the bank's own options (picked by their published score), so the tests check the
arithmetic and the wording rather than copying numbers from the data files. Expected ranges and cut-offs
come from the papers (Kroenke 2001, Spitzer 2006, Bush 1998, Bradley 2003; listed in
docs/clinical-sources.md), written out here independently of instruments.yaml.
"""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

import questions
from questions import BANK_DIR, Bank, BankError, Intake, Kind, load_bank_from, tr
from questions.kinds.scale import Scale
from questions.scoring import Score, item_score, safety_alerts, score

PHQ9 = [f"phq9_{n}" for n in range(1, 10)]
GAD7 = [f"gad7_{n}" for n in range(1, 8)]
PCL5 = [f"pcl5_{n}" for n in range(1, 21)]
PEG = ["peg_1", "peg_2", "peg_3"]
AUDIT_C = ["audit_c_1", "audit_c_2", "audit_c_3"]
DRUG = "drug_use_past_year"
DISCLAIMER = "A screening score, not a diagnosis."

# Kroenke 2001 (PHQ-9) and Spitzer 2006 (GAD-7): the published ranges.
PHQ9_BANDS = [
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately severe"),
    (20, 27, "severe"),
]
GAD7_BANDS = [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")]


def make(bank: Bank, answers: dict[str, Any]) -> Intake:
    return Intake(bank_id=bank.id, bank_version=bank.version, answers=answers)


def by_id(bank: Bank, answers: dict[str, Any]) -> dict[str, Score]:
    return {s.instrument_id: s for s in score(bank, make(bank, answers))}


def value_scoring(bank: Bank, question_id: str, points: int) -> str:
    """The stored value of the option of this item that scores `points`."""
    matches = [o.value for o in bank.question(question_id).choices() if o.score == points]
    assert len(matches) == 1, f"{question_id} has no single option scoring {points}"
    return matches[0]


def top_score(bank: Bank, question_id: str) -> int:
    return max(o.score for o in bank.question(question_id).choices() if o.score is not None)


def answers_totalling(bank: Bank, items: list[str], total: int) -> dict[str, str]:
    """Answers to these choice items whose scores add up to `total` (filling items from the first)."""
    answers, left = {}, total
    for item in items:
        points = min(left, top_score(bank, item))
        answers[item] = value_scoring(bank, item, points)
        left -= points
    assert left == 0, f"{total} is more than these items can score"
    return answers


def band_of(bands: list[tuple[int, int, str]], total: int) -> tuple[int, int, str]:
    return next(b for b in bands if b[0] <= total <= b[1])


# --- PHQ-9 and GAD-7: every band boundary and the extremes --------------------------------------------


@pytest.mark.parametrize("total", [0, 4, 5, 9, 10, 14, 15, 19, 20, 27])
def test_phq9_every_band_boundary(bank: Bank, total: int) -> None:
    result = by_id(bank, answers_totalling(bank, PHQ9, total))["phq9"]
    low, high, label = band_of(PHQ9_BANDS, total)
    assert result.total == total
    assert (result.max_score, result.answered, result.items) == (27, 9, 9)
    assert (result.band, result.band_low, result.band_high) == (label, low, high)
    assert result.text == (
        f"PHQ-9 total {total} of 27. Published range {low}-{high}: '{label}' (Kroenke 2001). {DISCLAIMER}"
    )


def test_phq9_text_matches_the_content_example(bank: Bank) -> None:
    result = by_id(bank, answers_totalling(bank, PHQ9, 17))["phq9"]
    assert result.text == (
        "PHQ-9 total 17 of 27. Published range 15-19: 'moderately severe' (Kroenke 2001). "
        "A screening score, not a diagnosis."
    )
    assert "Kroenke" in result.citation
    assert result.short_citation == "Kroenke 2001"
    assert result.reuse


@pytest.mark.parametrize("total", [0, 4, 5, 9, 10, 14, 15, 21])
def test_gad7_every_band_boundary(bank: Bank, total: int) -> None:
    result = by_id(bank, answers_totalling(bank, GAD7, total))["gad7"]
    low, high, label = band_of(GAD7_BANDS, total)
    assert (result.total, result.max_score, result.band) == (total, 21, label)
    assert result.text == (
        f"GAD-7 total {total} of 21. Published range {low}-{high}: '{label}' (Spitzer 2006). {DISCLAIMER}"
    )


FREQUENCY = ["Not at all", "Several days", "More than half the days", "Nearly every day"]


@pytest.mark.parametrize("item", PHQ9 + GAD7)
def test_phq9_and_gad7_items_use_the_published_options(bank: Bank, item: str) -> None:
    q = bank.question(item)
    assert q.kind is Kind.SINGLE_CHOICE
    assert [(o.label["en"], o.score) for o in q.options] == list(zip(FREQUENCY, range(4), strict=True))


def test_the_difficulty_item_is_asked_but_not_scored(bank: Bank) -> None:
    answers = answers_totalling(bank, PHQ9, 12)
    with_difficulty = {**answers, "phq9_difficulty": "extremely_difficult"}
    assert by_id(bank, with_difficulty)["phq9"].total == 12
    assert questions.is_shown(bank, "phq9_difficulty", answers)
    assert not questions.is_shown(bank, "phq9_difficulty", answers_totalling(bank, PHQ9, 0))


# --- incomplete instruments -----------------------------------------------------------------------------


@pytest.mark.parametrize("answered", [0, 1, 8])
def test_incomplete_phq9_has_no_total(bank: Bank, answered: int) -> None:
    answers = {item: value_scoring(bank, item, 3) for item in PHQ9[:answered]}
    result = by_id(bank, answers)["phq9"]
    assert result.total is None
    assert not result.complete
    assert (result.answered, result.items, result.band) == (answered, 9, None)
    assert result.text == f"PHQ-9: {answered} of 9 items answered; no total."


def test_an_invalid_answer_counts_as_unanswered(bank: Bank) -> None:
    answers = {**answers_totalling(bank, GAD7, 7), "gad7_3": "sometimes"}
    result = by_id(bank, answers)["gad7"]
    assert (result.total, result.answered) == (None, 6)
    assert result.item_scores["gad7_3"] is None


# --- PCL-5: only when PTSD is a concern -----------------------------------------------------------------


def test_pcl5_hidden_without_ptsd(bank: Bank) -> None:
    answers = {"concerns": ["depression", "anxiety"], **answers_totalling(bank, PCL5, 40)}
    assert "pcl5" not in by_id(bank, answers)
    assert "pcl5" not in by_id(bank, answers_totalling(bank, PCL5, 40))  # concerns not answered


@pytest.mark.parametrize("total", [0, 31, 33, 80])
def test_pcl5_scored_with_ptsd(bank: Bank, total: int) -> None:
    answers = {"concerns": ["depression", "ptsd"], **answers_totalling(bank, PCL5, total)}
    result = by_id(bank, answers)["pcl5"]
    assert (result.total, result.max_score, result.items, result.band) == (total, 80, 20, None)
    assert result.screens == []
    assert result.text.startswith(f"PCL-5 total {total} of 80. ")
    assert "31-33 or more" in result.text
    assert result.text.endswith(DISCLAIMER)


def test_pcl5_uses_five_published_options(bank: Bank) -> None:
    for item in PCL5:
        labels = [o.label["en"] for o in bank.question(item).choices()]
        assert labels == ["Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely"]
        assert [o.score for o in bank.question(item).choices()] == [0, 1, 2, 3, 4]


def test_pcl5_incomplete(bank: Bank) -> None:
    answers = {"concerns": ["ptsd"], **{item: value_scoring(bank, item, 2) for item in PCL5[:19]}}
    result = by_id(bank, answers)["pcl5"]
    assert result.total is None
    assert result.text == "PCL-5: 19 of 20 items answered; no total."


# --- PEG: the mean of three 0-10 items ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((7, 8, 6), "7.0"),
        ((1, 2, 2), "1.7"),
        ((0, 0, 0), "0.0"),
        ((10, 10, 10), "10.0"),
        ((2, 2, 1), "1.7"),
        ((1, 1, 0), "0.7"),
    ],
)
def test_peg_mean_with_one_decimal(bank: Bank, values: tuple[int, int, int], expected: str) -> None:
    answers = {"concerns": ["chronic_pain"], **dict(zip(PEG, values, strict=True))}
    result = by_id(bank, answers)["peg"]
    assert result.total == float(expected)
    assert result.max_score == 10
    assert result.band is None
    assert result.text.startswith(f"PEG score {expected} of 10")
    assert "Krebs 2009" in result.text
    assert result.text.endswith(DISCLAIMER)


def test_peg_only_with_chronic_pain_and_incomplete(bank: Bank) -> None:
    assert "peg" not in by_id(bank, {"concerns": ["depression"], "peg_1": 5, "peg_2": 5, "peg_3": 5})
    result = by_id(bank, {"concerns": ["chronic_pain"], "peg_1": 5, "peg_2": 11})["peg"]  # 11 is out of range
    assert (result.total, result.answered) == (None, 1)
    assert result.text == "PEG: 1 of 3 items answered; no total."


def test_peg_items_are_0_to_10_scales_with_published_anchors(bank: Bank) -> None:
    for item in PEG:
        q = bank.question_as(item, Scale)
        assert (q.kind, q.min, q.max) == (Kind.SCALE, 0, 10)
        assert set(q.anchors) == {0, 10}
    assert bank.question_as("peg_1", Scale).anchors[10]["en"] == "Pain as bad as you can imagine"
    assert bank.question_as("peg_2", Scale).anchors[0]["en"] == "Does not interfere"


# --- AUDIT-C: sex-specific cut-offs ---------------------------------------------------------------------


# (sex answer, total) -> positive screen; Bush 1998 and Bradley 2003: 4 or more for men, 3 or more for women.
AUDIT_CASES = [
    ("female", 2, False),
    ("female", 3, True),
    ("female", 4, True),
    ("male", 2, False),
    ("male", 3, False),
    ("male", 4, True),
    (None, 2, False),
    (None, 3, None),
    (None, 4, True),
    ("intersex", 3, None),
    ("prefer_not_to_say", 4, True),
]


@pytest.mark.parametrize(("sex", "total", "positive"), AUDIT_CASES)
def test_audit_c_cut_offs(bank: Bank, sex: str | None, total: int, positive: bool | None) -> None:
    drinks = value_scoring(bank, "audit_c_1", 1)  # anything but "Never", so items 2 and 3 are asked
    answers: dict[str, Any] = {"audit_c_1": drinks, **answers_totalling(bank, AUDIT_C[1:], total - 1)}
    if sex is not None:
        answers["sex_at_birth"] = sex
    result = by_id(bank, answers)["audit_c"]
    assert (result.total, result.max_score) == (total, 12)
    assert result.positive is positive
    if sex in ("female", "male"):
        group, cut = ("women", 3) if sex == "female" else ("men", 4)
        assert [(s.applies_to, s.at_least, s.applies) for s in result.screens] == [(group, cut, True)]
        verdict = "This total is a positive screen." if positive else "This total is below the cut-off."
        assert f"Published cut-off for {group}: {cut} or more is a positive screen" in result.text
        assert verdict in result.text
    else:
        assert sorted((s.applies_to, s.at_least, s.met) for s in result.screens) == [
            ("men", 4, total >= 4),
            ("women", 3, total >= 3),
        ]
        assert "4 or more for men" in result.text
        assert "3 or more for women" in result.text
    assert result.text.startswith(f"AUDIT-C total {total} of 12. ")
    assert result.text.endswith(DISCLAIMER)


@pytest.mark.parametrize("total", [1, 12])
def test_audit_c_extremes_when_drinking(bank: Bank, total: int) -> None:
    answers = answers_totalling(bank, AUDIT_C, total) | {"sex_at_birth": "male"}
    assert by_id(bank, answers)["audit_c"].total == total


def test_audit_c_never_skips_items_2_and_3(bank: Bank) -> None:
    never = value_scoring(bank, "audit_c_1", 0)
    answers = {"audit_c_1": never, "sex_at_birth": "female"}
    assert not questions.is_shown(bank, "audit_c_2", answers)
    result = by_id(bank, answers)["audit_c"]
    assert (result.total, result.answered, result.positive) == (0, 1, False)


def test_audit_c_unanswered_has_no_total(bank: Bank) -> None:
    result = by_id(bank, {})["audit_c"]
    assert (result.total, result.answered, result.positive) == (None, 0, None)
    assert result.text == "AUDIT-C: 0 of 3 items answered; no total."
    drinks = value_scoring(bank, "audit_c_1", 2)
    assert by_id(bank, {"audit_c_1": drinks})["audit_c"].text == "AUDIT-C: 1 of 3 items answered; no total."


def test_sex_question_comes_right_before_audit_c(bank: Bank) -> None:
    ids = [q.id for q in bank.questions()]
    assert ids[ids.index("audit_c_1") - 1] == "sex_at_birth"
    assert {o.value for o in bank.question("sex_at_birth").choices()} >= {"female", "male"}


# --- the single drug question ---------------------------------------------------------------------------


@pytest.mark.parametrize(("times", "positive"), [(0, False), (1, True), (12, True)])
def test_drug_question(bank: Bank, times: int, positive: bool) -> None:
    result = by_id(bank, {DRUG: times})["single_drug_question"]
    assert (result.total, result.positive, result.max_score) == (times, positive, None)
    assert "(Smith 2010)" in result.text
    assert ("This answer is a positive screen." in result.text) is positive


def test_drug_question_unanswered_or_invalid(bank: Bank) -> None:
    assert by_id(bank, {})["single_drug_question"].total is None
    assert by_id(bank, {DRUG: -1})["single_drug_question"].total is None
    assert by_id(bank, {DRUG: 2.5})["single_drug_question"].total is None
    assert item_score(bank.question(DRUG), 3.0) == 3


# --- which instruments are listed -----------------------------------------------------------------------


def test_only_shown_instruments_are_listed_in_bank_order(bank: Bank) -> None:
    assert [s.instrument_id for s in score(bank, make(bank, {}))] == ["phq9", "gad7", "audit_c", "single_drug_question"]
    everything = [s.instrument_id for s in score(bank, make(bank, {"concerns": ["ptsd", "chronic_pain"]}))]
    assert everything == [i.id for i in bank.instruments]


def test_score_is_frozen(bank: Bank) -> None:
    result = by_id(bank, {})["phq9"]
    with pytest.raises(ValidationError):
        result.total = 3  # type: ignore[misc]


def test_scoring_names_no_instrument(bank: Bank) -> None:
    """The scoring module is driven by the bank: no instrument id or item id appears in its code."""
    from questions import scoring

    source = inspect.getsource(scoring)
    for instrument in bank.instruments:
        assert f'"{instrument.id}"' not in source
        assert f"'{instrument.id}'" not in source
        for item in instrument.items:
            assert item not in source


# --- safety ---------------------------------------------------------------------------------------------


def test_safety_alert_for_phq9_item_9(bank: Bank) -> None:
    assert safety_alerts(bank, make(bank, {})) == []
    assert safety_alerts(bank, make(bank, {"phq9_9": value_scoring(bank, "phq9_9", 0)})) == []
    for points in (1, 3):
        value = value_scoring(bank, "phq9_9", points)
        alerts = safety_alerts(bank, make(bank, {"phq9_9": value}))
        assert len(alerts) == 1
        alert = alerts[0]
        assert alert.question_id == "phq9_9"
        assert alert.question == bank.question("phq9_9").label["en"]
        assert alert.answer == bank.question("phq9_9").option(value).label["en"]  # type: ignore[union-attr]
        assert alert.score == points


def test_the_safety_item_is_marked_in_the_data(bank: Bank) -> None:
    marked = [(i.id, rule.item, rule.above) for i in bank.instruments for rule in i.safety]
    assert marked == [("phq9", "phq9_9", 0)]
    assert bank.question("phq9_9").label["en"].startswith("Thoughts that you would be better off dead")


def test_other_items_raise_no_alert(bank: Bank) -> None:
    answers = answers_totalling(bank, PHQ9[:8], 24) | answers_totalling(bank, GAD7, 21)
    assert safety_alerts(bank, make(bank, answers)) == []


# --- the loader rejects a broken instrument -------------------------------------------------------------


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    target = tmp_path / "bank"
    shutil.copytree(BANK_DIR, target)
    return target


def _edit_instrument(directory: Path, instrument_id: str, change: dict[str, Any]) -> None:
    path = directory / "instruments.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(i for i in data["instruments"] if i["id"] == instrument_id)
    entry.update(change)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


BROKEN = [
    ("gad7", {"items": ["gad7_1", "gad7_99"]}, "item 'gad7_99' is not a question"),
    ("gad7", {"items": ["gad7_1", "concerns_duration"]}, "options without a score"),
    ("gad7", {"items": ["gad7_1", "concerns"]}, "multiple_choice"),
    ("gad7", {"items": ["gad7_1", "gad7_1"]}, "listed twice"),
    ("phq9", {"bands": [{"low": 0, "high": 5, "label": "a"}, {"low": 5, "high": 27, "label": "b"}]}, "overlap"),
    ("phq9", {"bands": [{"low": 0, "high": 4, "label": "a"}, {"low": 6, "high": 27, "label": "b"}]}, "gap"),
    ("phq9", {"bands": [{"low": 1, "high": 27, "label": "a"}]}, "lowest possible total is 0"),
    ("phq9", {"bands": [{"low": 0, "high": 26, "label": "a"}]}, "highest possible total is 27"),
    ("phq9", {"bands": [{"low": 9, "high": 4, "label": "a"}]}, "greater than high"),
    ("phq9", {"safety": [{"item": "gad7_1"}]}, "safety item 'gad7_1'"),
    ("phq9", {"total_text": "{name} {oops}"}, "{oops}"),
    ("phq9", {"scoring": "median"}, "scoring"),
    ("phq9", {"source": {"citation": "x", "reuse": "y"}}, "short"),
    (
        "audit_c",
        {"cutoffs": [{"at_least": 4, "applies_to": "men", "when": {"question": "sex_at_birth", "any_of": ["m"]}}]},
        "'m' is not an option",
    ),
    ("audit_c", {"cutoffs": [{"at_least": 4, "applies_to": "men"}]}, "both `when` and `applies_to`"),
]


@pytest.mark.parametrize(("instrument_id", "change", "message"), BROKEN)
def test_loading_rejects_a_broken_instrument(
    bank_copy: Path, instrument_id: str, change: dict[str, Any], message: str
) -> None:
    _edit_instrument(bank_copy, instrument_id, change)
    with pytest.raises(BankError) as caught:
        load_bank_from(bank_copy)
    text = str(caught.value)
    assert "instruments.yaml" in text
    assert f"'{instrument_id}'" in text
    assert message in text


def test_loading_rejects_an_unscored_option_in_the_section_file(bank_copy: Path) -> None:
    path = bank_copy / "symptoms.yaml"
    text = path.read_text(encoding="utf-8")
    scored = 'label: {en: A little bit, es: "Un poco"}, score: 1}'
    assert scored in text
    path.write_text(text.replace(scored, 'label: {en: A little bit, es: "Un poco"}}'), encoding="utf-8")
    expected = r"instruments\.yaml: instrument 'pcl5': item 'pcl5_1' has options without a score"
    with pytest.raises(BankError, match=expected):
        load_bank_from(bank_copy)


def test_loading_rejects_a_duplicate_instrument(bank_copy: Path) -> None:
    path = bank_copy / "instruments.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["instruments"].append(data["instruments"][0])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(BankError, match=r"instruments\.yaml: instrument 'phq9': id is used twice"):
        load_bank_from(bank_copy)


def test_the_bundled_bank_loads_with_its_instruments() -> None:
    loaded = load_bank_from(BANK_DIR)
    assert [tr(i.name) for i in loaded.instruments] == [
        "PHQ-9",
        "GAD-7",
        "PCL-5",
        "PEG",
        "AUDIT-C",
        "Single drug question",
    ]
    for instrument in loaded.instruments:
        assert instrument.source.citation
        assert instrument.source.reuse
        assert instrument.source.short
