"""Reading level: every patient-facing sentence of the bank of 8 or more words reads at grade 8 or below
(Flesch-Kincaid; NIH asks grade 8 for patient texts), except validated instruments' published wording and
lists of medicine or condition names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from reading import grader, sentences

from questions import Bank, load_bank, tr

MAX_GRADE = 8.0
MIN_WORDS = 8

NAME_LISTS: dict[str, str] = {
    # Lists of medicine names (generic and brand): a patient finds theirs by name, so they stay as named.
    # The value is the start of the sentence that is the list ("" for the whole text).
    **{
        f"medicine_classes option {value}": ""
        for value in (
            "benzodiazepines_or_sleep",
            "maoi",
            "stimulants",
            "opioids",
            "antipsychotics",
            "antidepressants",
            "blood_pressure",
            "thyroid",
            "memantine_or_dextromethorphan",
            "sedating_antihistamines",
            "muscle_relaxants",
        )
    },
    "mood_stabilizer help": "For example lithium",
    "antidepressants_tried help": "For example aripiprazole",
}
"""Texts that are lists of medicine or condition names, by where they are (question id and field)."""


@pytest.fixture(scope="module")
def grade(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return grader(tmp_path_factory.mktemp("nltk_data"))


def published(bank: Bank) -> set[str]:
    """Question ids whose wording is a validated instrument's or screen's, as published."""
    ids = {item for i in bank.instruments for item in [*i.items, *i.unscored_items]}
    for screen in bank.screens:
        ids |= set(screen.items) | ({screen.acuity_item} if screen.acuity_item else set())
    return ids


def _review_sentence(text: str) -> str:
    """A review template as read: its optional parts left out, a named answer read as 'it'."""
    sentence = re.sub(r"\{[a-z_]+\}", "it", re.sub(r"\[[^\]]*\]", "", text)).rstrip(": ")
    return sentence if sentence.endswith((".", "?", "!")) else sentence + "."


def patient_texts(bank: Bank) -> Iterator[tuple[str, str]]:
    """Every text of the bank a patient reads (the review screen shows the review lines), as (where, text)."""
    skip = published(bank)
    yield "bank title", tr(bank.title)
    for section in bank.sections:
        yield f"{section.id} title", tr(section.title)
        if section.intro:
            yield f"{section.id} intro", tr(section.intro)
        for q in section.questions:
            if q.id in skip:
                continue
            for name in ("label", "help", "item_label"):
                value = getattr(q, name, None)
                if value:
                    yield f"{q.id} {name}", tr(value)
            if q.review:
                yield f"{q.id} review", _review_sentence(tr(q.review))
            # Each kind has its own settings (questions/kinds/): a kind without one has no such attribute.
            for option in getattr(q, "options", []):
                yield f"{q.id} option {option.value}", tr(option.label)
            for field in getattr(q, "fields", []):
                yield f"{q.id} field {field.id}", tr(field.label)
            for point, anchor in getattr(q, "anchors", {}).items():
                yield f"{q.id} anchor {point}", tr(anchor)
    for move in bank.carry_over:
        yield f"carry_over {move.source}", tr(move.why)


def graded(bank: Bank, grade) -> list[tuple[str, str, float]]:  # type: ignore[no-untyped-def]
    """(where, sentence, grade) of every sentence the check reads."""
    out = []
    for where, text in patient_texts(bank):
        for sentence in sentences(text):
            if where in NAME_LISTS and sentence.startswith(NAME_LISTS[where]):
                continue
            if len(sentence.split()) >= MIN_WORDS:
                out.append((where, sentence, grade(sentence)))
    return out


def test_every_patient_sentence_reads_at_grade_8_or_below(grade) -> None:  # type: ignore[no-untyped-def]
    bank = load_bank()
    results = graded(bank, grade)
    assert len(results) > 150  # the check really reads the bank
    too_hard = [f"{g:.1f} {where}: {s}" for where, s, g in results if g > MAX_GRADE]
    assert too_hard == [], "\n" + "\n".join(too_hard)


def test_the_grade_is_computed_with_the_local_pronouncing_dictionary(grade, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import nltk

    words = nltk.corpus.cmudict.dict()
    assert words["ketamine"] if "ketamine" in words else words["medicine"]
    easy = grade("The cat sat on the mat and the dog ran to it.")
    hard = grade(
        "Psychopharmacological interventions necessitate comprehensive multidisciplinary evaluation beforehand."
    )
    assert easy <= 2 < MAX_GRADE < hard


def test_the_check_skips_published_wording_and_name_lists_only(grade) -> None:  # type: ignore[no-untyped-def]
    bank = load_bank()
    wheres = {where for where, _, _ in graded(bank, grade)}
    assert not any(w.startswith(("phq9_", "gad7_", "pcl5_", "asq_", "audit_c_")) for w in wheres)
    assert "drug_use_past_year label" not in wheres  # the single drug question, as published
    assert "medicine_classes help" in wheres
    assert "antidepressants_tried help" in wheres  # its first sentence is read; only the list of names is not
    assert {w.split(" option ")[0] for w in NAME_LISTS if " option " in w} == {"medicine_classes"}
    for where in NAME_LISTS:
        qid = where.split(" ", 1)[0]
        assert bank.has_question(qid), where  # every exception names a text that exists
    assert "drugs_used option psychedelics" in wheres  # options are read
    assert "carry_over bipolar" in wheres  # and the notes of a file carried over
