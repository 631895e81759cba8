"""The question bank: the bundled bank loads and reads well; a broken bank fails naming the file and question."""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import questions
from questions import Bank, BankError, Kind, load_bank, load_bank_from, tr
from questions.wording import forbidden_phrases

MANIFEST = """\
id: test-bank
version: "0.1"
title: Test bank
name_question: full_name
birth_date_question: date_of_birth
sections: [{sections}]
"""

ABOUT = """\
id: about
title: About
questions:
  - {id: full_name, kind: short_text, label: Name, max_length: 100}
  - {id: date_of_birth, kind: date, label: Born}
"""

MY_SECTIONS = ("medical_history", "mental_health", "medications", "past_treatments", "practical", "goals")


def write_bank(directory: Path, **sections: str) -> Path:
    """Write a bank of the `about` section plus the given sections (file stem -> YAML body)."""
    files = {"about": ABOUT, **sections}
    for stem, body in files.items():
        (directory / f"{stem}.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    listed = ", ".join(f"{stem}.yaml" for stem in files)
    (directory / "bank.yaml").write_text(MANIFEST.format(sections=listed), encoding="utf-8")
    return directory


def load_error(directory: Path) -> str:
    """The message of the BankError raised when loading the bank in `directory`."""
    with pytest.raises(BankError) as caught:
        load_bank_from(directory)
    return str(caught.value)


def published_items(bank: questions.Bank) -> set[str]:
    """Question ids of validated instruments, which keep their published wording."""
    return {item for i in bank.instruments for item in [*i.items, *i.unscored_items]}


def patient_texts(bank: questions.Bank, section: questions.Section) -> Iterator[tuple[str, str]]:
    """Every text a patient or provider reads in one section, as (where, text), one space between words."""

    def text(where: str, value: dict[str, str] | None) -> Iterator[tuple[str, str]]:
        if value:
            yield where, " ".join(tr(value).split())

    yield from text(f"{section.id} title", section.title)
    yield from text(f"{section.id} intro", section.intro)
    for q in section.questions:
        if q.id in published_items(bank):
            continue
        for name in ("label", "help", "unit", "item_label", "review"):
            yield from text(f"{q.id} {name}", getattr(q, name, None))
        # Each kind has its own settings (questions/kinds/): a kind without one has no such attribute.
        for option in getattr(q, "options", []):
            yield from text(f"{q.id} option {option.value}", option.label)
        for unit in getattr(q, "units", []):
            yield from text(f"{q.id} unit {unit.id}", unit.label)
        for field in getattr(q, "fields", []):
            yield from text(f"{q.id} field {field.id}", field.label)
        for point, anchor in getattr(q, "anchors", {}).items():
            yield from text(f"{q.id} anchor {point}", anchor)


# The bundled bank


def test_bundled_bank_loads_with_every_section_in_order(bank: Bank) -> None:
    assert bank.id == "ketamine-pre-visit"
    ids = [s.id for s in bank.sections]
    for section_id in MY_SECTIONS:
        assert section_id in ids
    assert ids.index("medical_history") < ids.index("mental_health") < ids.index("medications")
    assert ids.index("practical") < ids.index("goals")


@pytest.mark.parametrize("section_id", [s.id for s in load_bank().sections])
def test_every_section_has_questions(bank: Bank, section_id: str) -> None:
    section = next(s for s in bank.sections if s.id == section_id)
    assert section.questions, f"section '{section_id}' has no questions"


def test_every_question_id_is_unique(bank: Bank) -> None:
    counts = Counter(q.id for q in bank.questions())
    assert [qid for qid, n in counts.items() if n > 1] == []
    assert len(counts) > 50


def test_section_titles_read_as_agreed(bank: Bank) -> None:
    titles = {s.id: tr(s.title) for s in bank.sections}
    assert titles["mental_health"] == "Mental health history"
    assert titles["practical"] == "Practical matters"


def test_text_answers_have_length_limits(bank: Bank) -> None:
    for q in bank.questions():
        if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            assert q.max_length is not None, q.id
            assert q.max_length <= (300 if q.kind is Kind.SHORT_TEXT else 20000), q.id


@pytest.mark.parametrize("section_id", MY_SECTIONS)
def test_history_sections_take_long_answers_up_to_20000_characters(bank: Bank, section_id: str) -> None:
    section = next(s for s in bank.sections if s.id == section_id)
    long_texts = [q for q in section.questions if q.kind is Kind.LONG_TEXT]
    assert long_texts
    assert {q.id: q.max_length for q in long_texts} == {q.id: 20000 for q in long_texts}


def test_review_line_and_its_trigger_come_together(bank: Bank) -> None:
    for q in bank.questions():
        assert bool(q.review) == bool(q.review_when), f"{q.id}: review and review_when need each other"
        if q.review:
            assert "reported" in tr(q.review).lower(), f"{q.id}: a review line says what the patient reported"


@pytest.mark.parametrize(
    ("question_id", "flagged"),
    [
        ("psychosis", "yes"),
        ("psychosis_family", "yes"),
        ("mania", "yes"),
        ("diagnoses", "bipolar"),
        ("diagnoses", "dissociative_disorder"),
        ("dissociation", "yes"),
        ("high_blood_pressure", "yes"),
        ("blood_pressure_crisis", "yes"),
        ("heart_problems", "heart_attack"),
        ("heart_problems", "irregular_heartbeat"),
        ("brain_aneurysm", "yes"),
        ("stroke_or_brain_injury", "tia"),
        ("raised_skull_pressure", "yes"),
        ("glaucoma", "yes"),
        ("seizures", "yes"),
        ("thyroid_kind", "overactive"),
        ("liver_disease", "yes"),
        ("bladder_problems", "yes"),
        ("pregnancy", "pregnant"),
        ("pregnancy", "breastfeeding"),
        ("anesthesia_reaction", "yes"),
        ("ketamine_reaction", "yes"),
        ("suicide_attempt_when", "over_five_years"),
        ("ketamine_before", "yes"),
        ("dissociative_use", "yes"),
        ("drugs_used", "cocaine"),
        ("drugs_used", "methamphetamine"),
        ("drugs_used", "opioids_not_prescribed"),
        ("drugs_used", "sedatives_not_prescribed"),
        ("drugs_used", "psychedelics"),
        ("cannabis_use", "daily"),
        ("substance_treatment", "yes"),
        ("medicine_classes", "benzodiazepines_or_sleep"),
        ("medicine_classes", "lamotrigine"),
        ("medicine_classes", "maoi"),
        ("medicine_classes", "stimulants"),
        ("medicine_classes", "opioids"),
        ("medicine_classes", "gabapentinoids"),
        ("medicine_classes", "naltrexone"),
        ("medicine_classes", "memantine_or_dextromethorphan"),
        ("medicine_classes", "sedating_antihistamines"),
        ("medicine_classes", "muscle_relaxants"),
        ("ride_home", "no"),
    ],
)
def test_answers_a_provider_reviews_first_are_flagged(bank: Bank, question_id: str, flagged: str) -> None:
    q = bank.question(question_id)
    assert q.review, f"{question_id} has no review line"
    assert flagged in q.review_when


def test_unflagged_answers_are_not_flagged(bank: Bank) -> None:
    assert "none" not in bank.question("medicine_classes").review_when
    assert "does_not_apply" not in bank.question("pregnancy").review_when
    assert bank.question("ride_home").review_when == ["no"]


@pytest.mark.parametrize("section_id", [s.id for s in load_bank().sections])
def test_no_forbidden_words_in_patient_facing_text(bank: Bank, section_id: str) -> None:
    section = next(s for s in bank.sections if s.id == section_id)
    texts = list(patient_texts(bank, section))
    assert (f"{section_id} title", tr(section.title)) in texts  # the scan really reads the section
    found = [(where, phrase) for where, text in texts for phrase in forbidden_phrases(text)]
    assert found == []


def test_forbidden_word_scan_reads_labels_help_options_and_review_lines(bank: Bank) -> None:
    section = next(s for s in bank.sections if s.id == "medical_history")
    where = {w for w, _ in patient_texts(bank, section)}
    assert {"weight help", "weight unit kg", "seizures label", "seizures review", "pregnancy option none"} <= where
    assert forbidden_phrases(tr(bank.title)) == []


def test_medication_text_sends_questions_to_the_prescriber(bank: Bank) -> None:
    section = next(s for s in bank.sections if s.id == "medications")
    assert "ask your prescriber" in tr(section.intro)
    for s in bank.sections:
        for where, text in patient_texts(bank, s):
            assert not re.search(r"\b(stop|start|change|reduce|increase) (taking|your) ", text.lower()), where


# Broken banks fail loudly, naming the file and the question

TINY = """\
    id: extra
    title: Extra
    questions:
      - {id: smoker, kind: yes_no, label: "Do you smoke?"}
    """

BROKEN: dict[str, tuple[str, list[str]]] = {
    "duplicate id": (
        """\
        id: extra
        title: Extra
        questions:
          - {id: mood, kind: yes_no, label: Low mood}
          - {id: mood, kind: yes_no, label: Low mood again}
        """,
        ["'mood'", "duplicate id"],
    ),
    "duplicate id across files": (
        """\
        id: extra
        title: Extra
        questions:
          - {id: full_name, kind: short_text, label: Name again, max_length: 10}
        """,
        ["'full_name'", "duplicate id"],
    ),
    "unknown kind": (
        """\
        id: extra
        title: Extra
        questions:
          - {id: mood, kind: yes_no, label: Low mood}
          - {id: sleep, kind: slider, label: Sleep}
        """,
        ["'sleep'", "kind"],
    ),
    "choice without options": (
        """\
        id: extra
        title: Extra
        questions:
          - {id: colour, kind: single_choice, label: Pick a colour}
        """,
        ["'colour'", "needs options"],
    ),
    "show_if on unknown question": (
        """\
        id: extra
        title: Extra
        questions:
          - id: details
            kind: long_text
            label: Tell us more
            max_length: 100
            show_if: {question: nowhere, any_of: ["yes"]}
        """,
        ["'details'", "unknown question 'nowhere'"],
    ),
    "show_if on later question": (
        """\
        id: extra
        title: Extra
        questions:
          - id: details
            kind: long_text
            label: Tell us more
            max_length: 100
            show_if: {question: seizures, any_of: ["yes"]}
          - {id: seizures, kind: yes_no, label: Seizures}
        """,
        ["'details'", "later or unknown question 'seizures'"],
    ),
    "min above max": (
        """\
        id: extra
        title: Extra
        questions:
          - {id: sessions, kind: number, label: How many, min: 10, max: 1}
        """,
        ["'sessions'", "min (10) is greater than max (1)"],
    ),
    "unit min above max": (
        """\
        id: extra
        title: Extra
        questions:
          - id: weight
            kind: number
            label: Weight
            units:
              - {id: kg, label: kg, min: 300, max: 20}
        """,
        ["'weight'", "unit 'kg': min (300) is greater than max (20)"],
    ),
    "show_if value not an option": (
        """\
        id: extra
        title: Extra
        questions:
          - {id: seizures, kind: yes_no, label: Seizures}
          - id: seizures_details
            kind: long_text
            label: Tell us more
            max_length: 100
            show_if: {question: seizures, any_of: [maybe]}
        """,
        ["'seizures_details'", "'maybe' is not an option of 'seizures'"],
    ),
    "review_when value not an option": (
        """\
        id: extra
        title: Extra
        questions:
          - {id: seizures, kind: yes_no, label: Seizures, review: Reported seizures., review_when: [often]}
        """,
        ["'seizures'", "review_when value 'often'"],
    ),
}


def test_a_tiny_bank_loads(tmp_path: Path) -> None:
    bank = load_bank_from(write_bank(tmp_path, extra=TINY))
    assert [q.id for q in bank.questions()] == ["full_name", "date_of_birth", "smoker"]


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_bank_is_rejected_naming_file_and_question(tmp_path: Path, case: str) -> None:
    body, expected = BROKEN[case]
    message = load_error(write_bank(tmp_path, extra=body))
    assert message.startswith(str(tmp_path / "extra.yaml"))
    assert "about.yaml" not in message
    for fragment in expected:
        assert fragment in message


def test_yaml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    # A {flow mapping} left open: an easy slip for a clinic editing the bank. (A question mark at the end of a
    # label inside one reads as meant with the C parser, questions/yamlfile.py; PyYAML's own refused it.)
    body = """\
        id: extra
        title: Extra
        questions:
          - {id: mood, kind: yes_no, label: Low mood
          - {id: sleep, kind: yes_no, label: Poor sleep}
        """
    message = load_error(write_bank(tmp_path, extra=body))
    assert message.startswith(str(tmp_path / "extra.yaml"))
    assert "not valid YAML" in message
    assert "line 4" in message


def test_missing_section_file_is_named(tmp_path: Path) -> None:
    write_bank(tmp_path)
    (tmp_path / "about.yaml").unlink()
    message = load_error(tmp_path)
    assert "about.yaml" in message
    assert "file not found" in message


# Conditions: which questions are shown


CHAIN = """\
    id: extra
    title: Extra
    questions:
      - {id: meds, kind: yes_no, label: "Any medicines?"}
      - id: meds_kind
        kind: single_choice
        label: Which kind?
        options:
          - {value: sleep, label: Sleep}
          - {value: other, label: Other}
        show_if: {question: meds, any_of: ["yes"]}
      - id: meds_sleep_details
        kind: long_text
        label: Tell us about the sleep medicine
        max_length: 100
        show_if: {question: meds_kind, any_of: [sleep]}
    """


def test_follow_up_is_hidden_until_yes(tmp_path: Path) -> None:
    bank = load_bank_from(write_bank(tmp_path, extra=CHAIN))
    assert not questions.is_shown(bank, "meds_kind", {})
    assert not questions.is_shown(bank, "meds_kind", {"meds": "no"})
    assert not questions.is_shown(bank, "meds_kind", {"meds": "not_sure"})
    assert questions.is_shown(bank, "meds_kind", {"meds": "yes"})
    assert questions.is_shown(bank, "meds", {})


def test_hiding_cascades_down_a_chain(tmp_path: Path) -> None:
    bank = load_bank_from(write_bank(tmp_path, extra=CHAIN))
    answers: dict[str, object] = {"meds": "yes", "meds_kind": "sleep"}
    assert {"meds_kind", "meds_sleep_details"} <= questions.shown_ids(bank, answers)
    answers["meds"] = "no"  # the earlier answer to meds_kind is kept, but meds_kind is now hidden
    shown = questions.shown_ids(bank, answers)
    assert "meds_kind" not in shown
    assert "meds_sleep_details" not in shown


def test_bundled_follow_ups_appear_only_after_yes(bank: Bank) -> None:
    assert not questions.is_shown(bank, "seizures_details", {})
    assert not questions.is_shown(bank, "seizures_details", {"seizures": "no"})
    assert questions.is_shown(bank, "seizures_details", {"seizures": "yes"})
    assert questions.is_shown(bank, "heart_problems_details", {"heart_problems": ["not_sure", "angina"]})
    assert not questions.is_shown(bank, "heart_problems_details", {"heart_problems": ["none"]})


def test_bundled_chain_cascades(bank: Bank) -> None:
    answers: dict[str, object] = {"current_clinicians_any": "yes", "clinicians_contact": "some"}
    assert questions.is_shown(bank, "clinicians_contact_which", answers)
    answers["current_clinicians_any"] = "no"
    assert not questions.is_shown(bank, "clinicians_contact", answers)
    assert not questions.is_shown(bank, "clinicians_contact_which", answers)


def test_every_bundled_condition_shows_exactly_for_its_values(bank: Bank) -> None:
    checked = 0
    for q in bank.questions():
        if not q.show_if or len(q.show_if) != 1:
            continue
        condition = q.show_if[0]
        parent = bank.question(condition.question)
        if parent.show_if:
            continue  # covered by the cascade tests
        assert not questions.is_shown(bank, q.id, {}), q.id
        for option in parent.choices():
            value: object = [option.value] if parent.kind is Kind.MULTIPLE_CHOICE else option.value
            expected = option.value in condition.any_of
            assert questions.is_shown(bank, q.id, {parent.id: value}) is expected, (q.id, option.value)
        checked += 1
    assert checked > 30


def test_every_question_label_is_unique(bank: Bank) -> None:
    """Screen readers announce a field by its label: two fields with the same label cannot be told apart."""
    from collections import Counter

    from questions import tr

    counts = Counter(tr(q.label) for q in bank.questions())
    assert [label for label, n in counts.items() if n > 1] == []


# ASQ, and the questions a ketamine intake asks (issue: page 1 and the safety net)

ASQ_ITEMS = {
    "asq_1": "In the past few weeks, have you wished you were dead?",
    "asq_2": "In the past few weeks, have you felt that you or your family would be better off if you were dead?",
    "asq_3": "In the past week, have you been having thoughts about killing yourself?",
    "asq_4": "Have you ever tried to kill yourself?",
    "asq_5": "Are you having thoughts of killing yourself right now?",
}
"""The NIMH ASQ items, verbatim (docs/clinical-sources.md says how they were checked)."""


def test_asq_is_asked_verbatim_of_every_patient_on_the_symptoms_step() -> None:
    bank = load_bank()
    for qid, wording in ASQ_ITEMS.items():
        q = bank.question(qid)
        assert tr(q.label) == wording
        assert bank.section_of(qid).id == "symptoms"
        assert [o.value for o in q.choices()][:2] == ["yes", "no"]
    for qid in ("asq_1", "asq_2", "asq_3", "asq_4"):
        assert questions.is_shown(bank, qid, {})
        assert bank.question(qid).safety_when == ["yes"]
    (screen,) = bank.screens
    assert screen.items == ["asq_1", "asq_2", "asq_3", "asq_4"]
    assert screen.acuity_item == "asq_5"
    assert "Horowitz" in tr(screen.source.citation)
    assert "NIMH" in screen.source.short


def test_asq_question_5_only_after_a_yes() -> None:
    bank = load_bank()
    assert not questions.is_shown(bank, "asq_5", {})
    assert not questions.is_shown(bank, "asq_5", dict.fromkeys(("asq_1", "asq_2", "asq_3", "asq_4"), "no"))
    assert not questions.is_shown(bank, "asq_5", {"asq_1": "prefer_not"})
    for qid in ("asq_1", "asq_2", "asq_3", "asq_4"):
        assert questions.is_shown(bank, "asq_5", {qid: "yes"})


def test_bipolar_disorder_is_asked_once() -> None:
    bank = load_bank()
    asking = [(q.id, o.value) for q in bank.questions() for o in q.choices() if "bipolar" in tr(o.label).lower()] + [
        (q.id, "label") for q in bank.questions() if "bipolar" in tr(q.label).lower()
    ]
    assert asking == [("diagnoses", "bipolar")]
    assert not bank.has_question("bipolar")


def test_gad7_asks_its_own_difficulty_item_as_published() -> None:
    bank = load_bank()
    q = bank.question("gad7_difficulty")
    assert tr(q.label) == (
        "If you checked off any problems, how difficult have these made it for you to do your work, "
        "take care of things at home, or get along with other people?"
    )
    assert [tr(o.label) for o in q.choices()] == [
        "Not difficult at all",
        "Somewhat difficult",
        "Very difficult",
        "Extremely difficult",
    ]
    gad7 = next(i for i in bank.instruments if i.id == "gad7")
    assert gad7.unscored_items == ["gad7_difficulty"]
    assert not questions.is_shown(bank, "gad7_difficulty", dict.fromkeys(gad7.items, "not_at_all"))
    assert questions.is_shown(bank, "gad7_difficulty", {"gad7_3": "several_days"})


def test_the_substances_and_medicine_classes_a_ketamine_provider_asks_about() -> None:
    bank = load_bank()
    drugs = " ".join(tr(o.label).lower() for o in bank.question("drugs_used").choices())
    for word in ("cocaine", "meth", "heroin", "not taken as prescribed", "sleeping pills", "psychedelics"):
        assert word in drugs
    assert bank.question("drugs_last_used").kind is Kind.SINGLE_CHOICE
    assert {"weekly", "daily"} <= set(bank.question("cannabis_use").review_when)
    assert bank.question("dissociative_last_used").show_if[0].question == "dissociative_use"  # type: ignore[index]
    assert bank.question("dissociation").review_when == ["yes"]
    classes = " ".join(tr(o.label).lower() for o in bank.question("medicine_classes").choices())
    for word in ("gabapentin", "pregabalin", "naltrexone", "memantine", "dextromethorphan", "antihistamines", "muscle"):
        assert word in classes


def test_a_rule_naming_a_missing_question_or_option_is_rejected(tmp_path: Path) -> None:
    write_bank(tmp_path, extra=TINY)
    (tmp_path / "rules.yaml").write_text(
        "instruments: []\nself_harm:\n  - {question: smoker, name: Smoking, declined: [maybe]}\n", encoding="utf-8"
    )
    manifest = tmp_path / "bank.yaml"
    manifest.write_text(manifest.read_text() + "instruments: [rules.yaml]\n", encoding="utf-8")
    message = load_error(tmp_path)
    assert message.startswith(str(tmp_path / "rules.yaml"))
    assert "'maybe' is not an option of 'smoker'" in message
