"""Size limits: one place (questions/limits.py), documented in the README, applied by check(), restore() and
the widgets, and every refusal is one plain sentence."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit
from journey import DownloadCapture, click, start_app

from questions import Bank, Intake, Kind, check, load_bank, problem_with
from questions import limits as limits_module
from questions.check import field_limit, rows_limit, text_limit
from questions.kinds import make_question
from questions.kinds.lists import ListOfRows
from questions.kinds.text import LongText, ShortText
from questions.limits import MAX_JSON_DEPTH, MAX_LIST_ROWS, MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_UPLOAD_BYTES
from questions.restore import RestoreError, restore
from ui.widgets import key

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024

_SENTENCE_END = re.compile(r"[.!?](?:['\")]*)\s+[A-Z]")
_NOT_PLAIN = ("Traceback", "Error", "Exception", "errno", "None", "nan", "inf ", 'File "', "line ", "<", "{", "\\")


def assert_plain_sentence(message: object) -> str:
    """One sentence a patient can read: text, one line, capital first, a full stop last, no second sentence,
    no traceback or Python words in it."""
    assert isinstance(message, str), f"not a sentence: {message!r}"
    assert message == message.strip(), f"not one line: {message!r}"
    assert "\n" not in message, f"not one line: {message!r}"
    assert 10 <= len(message) <= 200, f"not a short sentence: {message!r}"
    assert message[0].isupper(), f"not a sentence: {message!r}"
    assert message[-1] in ".!?", f"not a sentence: {message!r}"
    assert not _SENTENCE_END.search(message), f"more than one sentence: {message!r}"
    bad = [word for word in _NOT_PLAIN if word in message]
    assert not bad, f"{bad} in a message for a patient: {message!r}"
    return message


def _limit_names() -> list[str]:
    tree = ast.parse((ROOT / "questions" / "limits.py").read_text())
    return [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id.isupper()
    ]


def _readme_section(title: str, level: int = 2) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    marks = "#" * level
    found = re.search(rf"^{marks} {re.escape(title)}\s*$(.*?)(?=^#{{1,{level}}} |\Z)", text, re.M | re.S)
    assert found, f"README.md has no '{marks} {title}' section"
    return found.group(1)


def _text_questions(bank: Bank) -> list[ShortText | LongText]:
    return [q for q in bank.questions() if isinstance(q, ShortText | LongText)]


def _list_questions(bank: Bank) -> list[ListOfRows]:
    return [q for q in bank.questions() if isinstance(q, ListOfRows)]


# --- one place, documented -------------------------------------------------------------------------------


def test_limits_module_holds_constants_only() -> None:
    names = _limit_names()
    assert {"MAX_UPLOAD_BYTES", "MAX_LONG_TEXT", "MAX_SHORT_TEXT", "MAX_LIST_ROWS", "MAX_JSON_DEPTH"} <= set(names)
    assert all(hasattr(limits_module, name) for name in names)


def test_every_limit_is_named_in_the_readme_security_limits() -> None:
    limits_text = _readme_section("Limits", level=3)
    assert limits_text.strip() in _readme_section("Security"), "'### Limits' belongs in the Security section"
    missing = [name for name in _limit_names() if f"`{name}`" not in limits_text]
    assert not missing, f"README 'Limits' does not name {missing}"


def test_streamlit_upload_limit_is_the_same_as_max_upload_bytes() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * MB == MAX_UPLOAD_BYTES
    assert MAX_UPLOAD_BYTES % MB == 0, "Streamlit counts its upload limit in whole MB"


def test_bank_stays_under_the_ceilings(bank: Bank) -> None:
    for q in _text_questions(bank):
        ceiling = MAX_LONG_TEXT if q.kind is Kind.LONG_TEXT else MAX_SHORT_TEXT
        assert q.max_length is None or 0 < q.max_length <= ceiling, f"{q.id}: max_length {q.max_length} > {ceiling}"
    for rows in _list_questions(bank):
        assert 0 < rows.max_rows <= MAX_LIST_ROWS, f"{rows.id}: max_rows {rows.max_rows} > {MAX_LIST_ROWS}"
        for f in rows.fields:
            assert 0 < f.max_length <= MAX_SHORT_TEXT, f"{rows.id}.{f.id}: max_length {f.max_length}"


def test_a_question_without_its_own_limit_still_gets_the_ceiling() -> None:
    short = make_question(id="nick", kind=Kind.SHORT_TEXT, label="Nickname")
    long = make_question(id="story", kind=Kind.LONG_TEXT, label="Story", max_length=10**9)
    rows = make_question(
        id="pets",
        kind=Kind.LIST,
        label="Pets",
        max_rows=10**6,
        fields=[{"id": "name", "label": "Name", "max_length": 10**6}],
    )
    assert isinstance(rows, ListOfRows)
    assert text_limit(short) == MAX_SHORT_TEXT
    assert text_limit(long) == MAX_LONG_TEXT
    assert rows_limit(rows) == MAX_LIST_ROWS
    assert field_limit(rows.fields[0]) == MAX_SHORT_TEXT
    assert problem_with(short, "x" * MAX_SHORT_TEXT) is None
    assert_plain_sentence(problem_with(short, "x" * (MAX_SHORT_TEXT + 1)))
    assert problem_with(long, "x" * MAX_LONG_TEXT) is None
    assert_plain_sentence(problem_with(long, "x" * (MAX_LONG_TEXT + 1)))
    assert problem_with(rows, [{"name": "Rex"}] * MAX_LIST_ROWS) is None
    assert_plain_sentence(problem_with(rows, [{"name": "Rex"}] * (MAX_LIST_ROWS + 1)))
    assert_plain_sentence(problem_with(rows, [{"name": "x" * (MAX_SHORT_TEXT + 1)}]))


# --- oversized answers are refused in one sentence ------------------------------------------------------


@pytest.mark.parametrize("qid", [q.id for q in _text_questions(load_bank())])
def test_over_long_text_is_refused_in_one_sentence(bank: Bank, qid: str) -> None:
    q = bank.question(qid)
    limit = text_limit(q)
    assert problem_with(q, "é" * limit) is None
    for length in (limit + 1, 50_000):
        message = assert_plain_sentence(problem_with(q, "<b>ok " * (length // 6) + "x" * (length % 6)))
        assert f"{limit:,}" in message, message


@pytest.mark.parametrize("qid", [q.id for q in _list_questions(load_bank())])
def test_over_long_list_answers_are_refused_in_one_sentence(bank: Bank, qid: str) -> None:
    q = bank.question_as(qid, ListOfRows)
    full = {f.id: "a" for f in q.fields}
    assert problem_with(q, [full] * rows_limit(q)) is None
    message = assert_plain_sentence(problem_with(q, [full] * (rows_limit(q) + 1)))
    assert str(rows_limit(q)) in message
    for f in q.fields:
        assert problem_with(q, [{**full, f.id: "w" * field_limit(f)}]) is None
        message = assert_plain_sentence(problem_with(q, [{**full, f.id: "w" * (field_limit(f) + 1)}]))
        assert f"{field_limit(f):,}" in message


def test_check_names_every_over_long_answer_of_an_intake(make_intake: Callable[..., Intake], bank: Bank) -> None:
    name = bank.question("full_name")
    intake = make_intake({"full_name": "N" * (text_limit(name) + 1)})
    problems = {p.question_id: p.message for p in check(bank, intake)}
    assert "full_name" in problems
    assert_plain_sentence(problems["full_name"])


# --- uploads --------------------------------------------------------------------------------------------


def _saved(bank: Bank, answers: dict[str, object]) -> bytes:
    return Intake(bank_id=bank.id, bank_version=bank.version, answers=answers).model_dump_json().encode()


def test_upload_over_the_limit_is_refused_in_one_sentence(bank: Bank) -> None:
    saved = _saved(bank, {"full_name": "Ana Ruiz"})
    padded = saved + b" " * (MAX_UPLOAD_BYTES - len(saved))  # exactly at the limit: still read
    assert restore(bank, padded).intake.answers == {"full_name": "Ana Ruiz"}
    with pytest.raises(RestoreError) as refused:
        restore(bank, padded + b" ")
    assert_plain_sentence(str(refused.value))
    assert f"{MAX_UPLOAD_BYTES // MB} MB" in str(refused.value)


def test_nesting_deeper_than_max_json_depth_is_refused(bank: Bank) -> None:
    def nested(depth: int) -> bytes:  # the answers object is depth 2; the answer's brackets add the rest
        inner = "[" * (depth - 2) + "]" * (depth - 2)
        return (
            f'{{"format": "ketamine-intake-answers", "format_version": 1, "bank_id": "{bank.id}", '
            f'"bank_version": "{bank.version}", "answers": {{"full_name": "Ana", "odd": {inner}}}}}'
        ).encode()

    at_limit = restore(bank, nested(MAX_JSON_DEPTH))
    assert at_limit.intake.answers["full_name"] == "Ana"
    with pytest.raises(RestoreError) as refused:
        restore(bank, nested(MAX_JSON_DEPTH + 1))
    assert_plain_sentence(str(refused.value))
    with pytest.raises(RestoreError):
        restore(bank, b"[" * 200_000)  # far beyond: refused before json.loads can recurse


def test_app_refuses_an_oversized_upload_and_keeps_the_answers(bank: Bank) -> None:
    at = start_app()
    click(at, "start")
    at.text_input(key=key("full_name")).input("Keep Me").run()
    at.session_state["step"] = 0
    at.run()
    big = _saved(bank, {"full_name": "Other Person"})
    big += b" " * (MAX_UPLOAD_BYTES + 1 - len(big))
    at.file_uploader[0].set_value(("my-answers.json", big, "application/json")).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert_plain_sentence(errors[0])
    assert f"{MAX_UPLOAD_BYTES // MB} MB" in errors[0]
    assert at.session_state["answers"] == {"full_name": "Keep Me"}


# --- the widgets apply the same limits -------------------------------------------------------------------


def test_widgets_cap_typing_at_the_checked_limits(bank: Bank) -> None:
    at = start_app()
    click(at, "start")
    for q in bank.sections[0].questions:
        if q.kind is Kind.SHORT_TEXT:
            assert at.text_input(key=key(q.id)).max_chars == text_limit(q)
    contacts = bank.question_as("emergency_contacts", ListOfRows)
    for f in contacts.fields:
        assert at.text_input(key=key(contacts.id, 0, f.id)).max_chars == field_limit(f)
    for _ in range(rows_limit(contacts) - 1):
        click(at, key(contacts.id, "add"))
    assert not [b for b in at.button if b.key == key(contacts.id, "add")], "no row beyond the limit can be added"
    long = next(q for q in bank.sections[1].questions if q.kind is Kind.LONG_TEXT and q.show_if is None)
    at.session_state["step"] = 2
    at.run()
    assert at.text_area(key=key(long.id)).max_chars == text_limit(long)


def test_saved_file_holds_nothing_beyond_the_limits(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    """An answers file made by the app always loads again: what the app accepts, restore accepts."""
    capture = DownloadCapture()
    monkeypatch.setattr(streamlit, "download_button", capture)
    name = bank.question("full_name")
    at = start_app()
    click(at, "start")
    at.text_input(key=key("full_name")).input("Z" * text_limit(name)).run()
    saved = capture.bytes_of("save")
    assert json.loads(saved)["answers"]["full_name"] == "Z" * text_limit(name)
    assert restore(bank, saved).not_carried_over == []
