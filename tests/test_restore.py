"""Saved files back into answers: bank versions, and every kind of bad upload."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from reportlab.pdfgen import canvas

from questions import BANK_DIR, Bank, Intake, Kind, load_bank, load_bank_from
from questions.limits import ATTACHMENT_NAME, MAX_UPLOAD_BYTES
from questions.restore import RestoreError, first_step_needing_answers, restore
from summaries.attachments import embed

BASE = {
    "full_name": "Ana Ruiz",
    "date_of_birth": "1985-02-03",
    "concerns": ["depression", "anxiety"],
    "concerns_duration": "2_to_5_years",
    "concerns_own_words": "Low for two years.",
}


def _saved(bank: Bank, answers: dict[str, Any], version: str | None = None) -> bytes:
    intake = Intake(bank_id=bank.id, bank_version=version or bank.version, answers=answers)
    return intake.model_dump_json().encode()


def _changed_bank(tmp_path: Path, change: Any) -> Bank:
    """A copy of the bundled bank with one edit applied to what_brings_you.yaml, and a new version."""
    folder = tmp_path / "bank"
    shutil.copytree(BANK_DIR, folder)
    section_file = folder / "what_brings_you.yaml"
    section = yaml.safe_load(section_file.read_text())
    change(section["questions"])
    section_file.write_text(yaml.safe_dump(section, sort_keys=False))
    manifest = yaml.safe_load((folder / "bank.yaml").read_text())
    manifest["version"] = "9.9.9"
    (folder / "bank.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    return load_bank_from(folder)


def _question(questions: list[dict[str, Any]], qid: str) -> dict[str, Any]:
    return next(q for q in questions if q["id"] == qid)


def test_same_bank_round_trip_keeps_everything(bank: Bank) -> None:
    restored = restore(bank, _saved(bank, BASE))
    assert restored.intake.answers == BASE
    assert restored.not_carried_over == []


def test_removed_question_is_listed_not_dropped_silently(bank: Bank, tmp_path: Path) -> None:
    new = _changed_bank(tmp_path, lambda qs: qs.remove(_question(qs, "concerns_duration")))
    restored = restore(new, _saved(bank, BASE))
    assert "concerns_duration" not in restored.intake.answers
    assert restored.intake.answers["full_name"] == "Ana Ruiz"
    assert restored.intake.bank_version == "9.9.9"
    notes = " ".join(restored.not_carried_over)
    assert "no longer asks" in notes
    assert "2_to_5_years" in notes


def test_renamed_option_keeps_the_rest_and_names_the_lost_choice(bank: Bank, tmp_path: Path) -> None:
    def rename(qs: list[dict[str, Any]]) -> None:
        for option in _question(qs, "concerns")["options"]:
            if option["value"] == "anxiety":
                option["value"] = "worry"

    new = _changed_bank(tmp_path, rename)
    restored = restore(new, _saved(bank, BASE))
    assert restored.intake.answers["concerns"] == ["depression"]
    assert any('"anxiety"' in n and "no longer offered" in n for n in restored.not_carried_over)


def test_changed_kind_drops_only_that_answer_with_a_note(bank: Bank, tmp_path: Path) -> None:
    def to_number(qs: list[dict[str, Any]]) -> None:
        q = _question(qs, "concerns_own_words")
        q["kind"] = "number"
        q.pop("max_length", None)

    new = _changed_bank(tmp_path, to_number)
    assert new.question("concerns_own_words").kind is Kind.NUMBER
    restored = restore(new, _saved(bank, BASE))
    assert "concerns_own_words" not in restored.intake.answers
    assert len(restored.intake.answers) == len(BASE) - 1
    assert any("could not be carried over" in n and "Please enter a number" in n for n in restored.not_carried_over)


def _plain_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 72, "A letter from somewhere else")
    page.save()
    return buffer.getvalue()


def test_summary_pdf_with_embedded_answers_loads(bank: Bank) -> None:
    pdf = embed(_plain_pdf(), {ATTACHMENT_NAME: _saved(bank, BASE)})
    assert restore(bank, pdf).intake.answers == BASE


BAD_FILES = {
    "not json": (b"hello, this is a note", "not a saved answers file"),
    "empty": (b"", "empty"),
    "json of another shape": (b'{"name": "Ana", "answers": [1, 2]}', "not a saved answers file"),
    "a json list": (b"[1, 2, 3]", "not a saved answers file"),
    "future format version": (
        json.dumps(
            {
                "format": "ketamine-intake-answers",
                "format_version": 99,
                "bank_id": "x",
                "bank_version": "1",
                "answers": {},
            }
        ).encode(),
        "newer version",
    ),
    "another form's answers": (
        json.dumps(
            {
                "format": "ketamine-intake-answers",
                "format_version": 1,
                "bank_id": "other-form",
                "bank_version": "1",
                "answers": {},
            }
        ).encode(),
        "different form",
    ),
    "pdf not made here": (_plain_pdf(), "not made by this form"),
    "truncated json": (_saved(load_bank(), BASE)[:40], "cut short"),
    "truncated pdf": (embed(_plain_pdf(), {ATTACHMENT_NAME: b"{}"})[:300], "could not be read"),
    "over the size limit": (b"{" + b" " * MAX_UPLOAD_BYTES + b"}", "larger than 5 MB"),
    "deeply nested json": (
        b'{"format": "ketamine-intake-answers", "answers": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        "not a saved answers file",
    ),
    "binary junk": (bytes(range(256)) * 4, "not a saved answers file"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_gets_one_plain_sentence(bank: Bank, name: str) -> None:
    data, expected = BAD_FILES[name]
    with pytest.raises(RestoreError) as caught:
        restore(load_bank(), data)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert "Traceback" not in message
    assert len(message) < 160


def test_valid_json_with_invalid_values_keeps_the_good_ones(bank: Bank) -> None:
    raw = json.loads(_saved(bank, BASE))
    raw["answers"]["date_of_birth"] = "31/02/1985"
    raw["answers"]["full_name"] = 42
    raw["answers"]["concerns_duration"] = {"deep": {"deeper": [1]}}
    restored = restore(bank, json.dumps(raw).encode())
    assert restored.intake.answers["concerns"] == BASE["concerns"]
    for gone in ("date_of_birth", "full_name", "concerns_duration"):
        assert gone not in restored.intake.answers
    assert len(restored.not_carried_over) == 3


def test_first_step_needing_answers(bank: Bank, make_intake: Callable[..., Intake]) -> None:
    empty = Intake(bank_id=bank.id, bank_version=bank.version)
    assert first_step_needing_answers(bank, empty) == 0
    started = make_intake(BASE)
    assert first_step_needing_answers(bank, started) == 2


# --- carry-over from the previous bank version (1.0.0) ------------------------------------------------


def _saved_1_0_0(answers: dict[str, Any]) -> bytes:
    """A file as version 1.0.0 of the bundled bank saved it (it asked bipolar and suicide_attempt on their own)."""
    intake = Intake(bank_id="ketamine-pre-visit", bank_version="1.0.0", answers=answers)
    return intake.model_dump_json().encode()


def test_a_1_0_0_file_carries_bipolar_into_the_diagnoses_and_the_attempt_into_the_asq() -> None:
    bank = load_bank()
    assert bank.version != "1.0.0"
    old = {
        **BASE,
        "diagnoses": ["depression", "anxiety"],
        "bipolar": "yes",
        "personality_disorder": "no",
        "suicide_attempt": "yes",
        "suicide_attempt_when": "over_five_years",
        "mania": "no",
    }
    restored = restore(bank, _saved_1_0_0(old))
    answers = restored.intake.answers
    assert answers["diagnoses"] == ["depression", "anxiety", "bipolar"]
    assert answers["asq_4"] == "yes"
    assert answers["suicide_attempt_when"] == "over_five_years"  # shown again, since asq_4 is yes
    assert answers["mania"] == "no"
    notes = " ".join(restored.not_carried_over)
    assert "moved to the list of diagnoses" in notes
    assert "Symptoms step" in notes
    assert '"no"' in notes  # personality_disorder "no" has no place now, and says so


def test_a_carried_over_choice_replaces_an_exclusive_none() -> None:
    bank = load_bank()
    restored = restore(bank, _saved_1_0_0({**BASE, "diagnoses": ["none"], "bipolar": "yes"}))
    assert restored.intake.answers["diagnoses"] == ["bipolar"]


def test_the_new_questions_own_answer_wins_over_a_carried_over_one() -> None:
    bank = load_bank()
    restored = restore(bank, _saved_1_0_0({**BASE, "asq_4": "no", "suicide_attempt": "yes"}))
    assert restored.intake.answers["asq_4"] == "no"
    assert any("no longer asks" in n for n in restored.not_carried_over)
