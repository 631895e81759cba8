"""Read a saved-answers file (JSON, or a summary PDF carrying it) back into an Intake for the current bank.

Answers whose question still exists and whose value is still valid are kept; every other one is listed in
plain words. A file that cannot be read raises RestoreError with one sentence for the patient.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from questions.check import problem_with, shown_ids
from questions.intake import FORMAT, FORMAT_VERSION, Answer, Intake, is_answered
from questions.kinds.choice import MultipleChoice
from questions.limits import ATTACHMENT_NAME, MAX_JSON_DEPTH, MAX_UPLOAD_BYTES
from questions.schema import Bank, QuestionBase, tr
from questions.words import DEFAULT_LANGUAGE, format_number, raw, say

_ANSWER: TypeAdapter[Answer] = TypeAdapter(Answer)
NOT_OURS = raw(DEFAULT_LANGUAGE, "restore.not_ours")
"""The answer to a file that is not ours, in English."""


class RestoreError(ValueError):
    """The file cannot be loaded; str(error) is one plain sentence for the patient."""


@dataclass
class Restored:
    """The answers carried over, and a plain note for each answer that could not be."""

    intake: Intake
    not_carried_over: list[str] = field(default_factory=list)


def _too_deep(text: str, limit: int) -> bool:
    """Whether brackets nest deeper than `limit` (checked before parsing, so no recursion blows up)."""
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def answers_from_pdf(data: bytes, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The answers file embedded in a summary PDF made by this app."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a broken upload is answered in words, not logged

    try:
        reader = PdfReader(io.BytesIO(data))
        attachments = reader.attachments
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        raise RestoreError(say(language, "restore.pdf_unreadable")) from None
    found = attachments.get(ATTACHMENT_NAME)
    if not found:
        raise RestoreError(say(language, "restore.pdf_not_ours"))
    return found[0]


def parse_saved(data: bytes, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The saved file's JSON object, from a .json file or a summary PDF; RestoreError when it is neither."""
    not_ours = say(language, "restore.not_ours")
    if len(data) > MAX_UPLOAD_BYTES:
        megabytes = format_number(MAX_UPLOAD_BYTES // (1024 * 1024), language)
        raise RestoreError(say(language, "restore.too_large", megabytes=megabytes))
    if data.lstrip()[:5] == b"%PDF-":
        data = answers_from_pdf(data, language)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RestoreError(not_ours) from None
    if _too_deep(text, MAX_JSON_DEPTH):
        raise RestoreError(not_ours)
    try:
        saved = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        message = not_ours if text.strip() else say(language, "restore.empty")
        if text.strip().startswith("{") and not text.rstrip().endswith("}"):
            message = say(language, "restore.cut_short")
        raise RestoreError(message) from None
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        raise RestoreError(not_ours)
    version = saved.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RestoreError(not_ours)
    if version > FORMAT_VERSION:
        raise RestoreError(say(language, "restore.newer"))
    return saved


def _preview(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def _carried_over(bank: Bank, qid: str, value: Any, kept: dict[str, Any], words: str) -> str | None:
    """Move an answer to a question the bank no longer asks to the one that asks it now (bank `carry_over`).

    Returns the note for the patient, or None when no rule moves this answer. An answer the file already
    gives to the new question wins over a moved one.
    """
    move = next((m for m in bank.carry_over if m.source == qid), None)
    if move is None or not isinstance(value, str) or value not in move.values:
        return None
    target = bank.question(move.to)
    new = move.values[value]
    current = kept.get(move.to)
    if isinstance(target, MultipleChoice):
        picked = [v for v in current if isinstance(v, str)] if isinstance(current, list) else []
        exclusive = {o.value for o in target.choices() if o.exclusive}
        kept[move.to] = [*[v for v in picked if v not in exclusive and v != new], new]
    elif not is_answered(current):
        kept[move.to] = new
    else:
        return None
    return tr(move.why, words)


def _keep(q: QuestionBase, value: Any, words: str, kept: dict[str, Any], notes: list[str]) -> None:
    """Keep what of `value` still fits `q` (its kind says what), with a note in `words` for anything left out."""
    value, salvage_notes = q.salvage(value, words)
    notes += salvage_notes
    if value is None:
        return
    message = problem_with(q, value, words)
    if message:
        notes.append(say(words, "restore.not_kept", question=tr(q.label, words), problem=message))
        return
    kept[q.id] = value


def restore(bank: Bank, data: bytes, words: str = DEFAULT_LANGUAGE) -> Restored:
    """Load a saved file into an Intake for `bank`, keeping every answer that is still valid.

    `words` is the language of the messages (the screen's); the answers keep the language they were given in.
    Answers to questions an older bank asked instead of a current one (its `replaces`) carry over into it.
    """
    raw = parse_saved(data, words)
    if not isinstance(raw.get("answers"), dict):
        raise RestoreError(say(words, "restore.not_ours"))
    if raw.get("bank_id") != bank.id:
        raise RestoreError(say(words, "restore.other_form"))
    given = raw.get("language")
    language: str = given if isinstance(given, str) and given in bank.languages else bank.languages[0]
    kept: dict[str, Any] = {}
    notes: list[str] = []
    saved: dict[str, Any] = raw["answers"]
    moves: list[tuple[str, Any]] = []
    replaced = {old for q in bank.questions() for old in q.replaces}
    for qid, value in saved.items():
        if not isinstance(qid, str):
            continue
        try:
            value = _ANSWER.validate_python(value)
        except ValidationError:
            notes.append(say(words, "restore.unreadable_answer", answer=_preview(value)))
            continue
        if not is_answered(value):
            continue
        if not bank.has_question(qid):
            if any(m.source == qid for m in bank.carry_over):
                moves.append((qid, value))
            elif qid not in replaced:
                notes.append(say(words, "restore.question_gone", answer=_preview(value)))
            continue
        _keep(bank.question(qid), value, words, kept, notes)
    for q in bank.questions():
        older = [saved.get(old) for old in q.replaces]
        if q.id not in saved and any(is_answered(v) for v in older):
            value = q.from_older(older)
            if value is not None:
                _keep(q, value, words, kept, notes)
    for qid, value in moves:  # after the loop, so a moved answer joins (or yields to) the new question's own
        moved = _carried_over(bank, qid, value, kept, words)
        notes.append(moved or say(words, "restore.question_gone", answer=_preview(value)))
    intake = Intake(bank_id=bank.id, bank_version=bank.version, language=language, answers=kept)
    if raw.get("bank_version") != bank.version and notes:
        notes.insert(0, say(words, "restore.older_version"))
    return Restored(intake, notes)


def first_step_needing_answers(bank: Bank, intake: Intake) -> int:
    """Index of the first section with a problem or with no answer yet; len(sections) when all are done."""
    from questions.check import check

    shown = shown_ids(bank, intake.answers)
    problem_ids = {p.question_id for p in check(bank, intake, shown=shown)}
    for index, section in enumerate(bank.sections):
        ids = [q.id for q in section.questions if q.id in shown]
        if any(i in problem_ids for i in ids) or (ids and not any(is_answered(intake.answers.get(i)) for i in ids)):
            return index
    return len(bank.sections)
