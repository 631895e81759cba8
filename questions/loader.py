"""Load the question bank from YAML and check it, failing loudly with the file and question at fault."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from questions.schema import CHOICE_KINDS, Bank, Kind, Question, Section

BANK_DIR = Path(__file__).parent / "bank"
MANIFEST = "bank.yaml"


class BankError(ValueError):
    """The question bank is broken; the message names the file and the question."""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise BankError(f"{path}: file not found") from None
    except yaml.YAMLError as error:
        raise BankError(f"{path}: not valid YAML ({error})") from None


def _describe(error: ValidationError, path: Path, raw: Any) -> str:
    """Turn pydantic's first error into one line naming the file and, where known, the question id."""
    first = error.errors()[0]
    loc = list(first["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        try:
            where = f" question '{raw['questions'][loc[1]].get('id', f'#{loc[1] + 1}')}'"
        except (KeyError, IndexError, TypeError, AttributeError):
            where = f" question #{loc[1] + 1}"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc)
    return f"{path}:{where} {field + ': ' if field else ''}{first['msg']}"


def _check_question(q: Question, earlier: dict[str, Question], where: str) -> None:
    """The checks one question needs beyond its field types."""

    def fail(message: str) -> None:
        raise BankError(f"{where} question '{q.id}': {message}")

    if q.id in earlier:
        fail("duplicate id (each question needs its own id)")
    if q.kind in CHOICE_KINDS and not q.options:
        fail(f"a {q.kind.value} question needs options")
    if q.kind not in CHOICE_KINDS and q.options:
        fail(f"options are only for choice questions, not {q.kind.value}")
    values = [o.value for o in q.options]
    if len(values) != len(set(values)):
        fail("two options share a value")
    if q.min is not None and q.max is not None and q.min > q.max:
        fail(f"min ({q.min:g}) is greater than max ({q.max:g})")
    for unit in q.units:
        if unit.min is not None and unit.max is not None and unit.min > unit.max:
            fail(f"unit '{unit.id}': min ({unit.min:g}) is greater than max ({unit.max:g})")
    if q.kind is Kind.SCALE and (q.min is None or q.max is None):
        fail("a scale needs min and max")
    if q.kind is Kind.LIST and not q.fields:
        fail("a list needs fields")
    for limit in (q.min_date, q.max_date):
        if limit not in (None, "today"):
            try:
                dt.date.fromisoformat(limit)
            except ValueError:
                fail(f"'{limit}' is not a date (use YYYY-MM-DD or 'today')")
    for condition in q.show_if or []:
        target = earlier.get(condition.question)
        if target is None:
            fail(f"show_if refers to a later or unknown question '{condition.question}' (it must come earlier)")
            return
        allowed = {o.value for o in target.choices()}
        if allowed:
            unknown = [v for v in condition.any_of if v not in allowed]
            if unknown:
                fail(f"show_if value {unknown[0]!r} is not an option of '{target.id}'")
    if q.review_when:
        allowed = {o.value for o in q.choices()}
        unknown = [v for v in q.review_when if v not in allowed]
        if unknown:
            fail(f"review_when value {unknown[0]!r} is not an option of this question")


def _check_bank(bank: Bank, files: dict[str, Path]) -> None:
    earlier: dict[str, Question] = {}
    for section in bank.sections:
        for q in section.questions:
            _check_question(q, earlier, str(files[section.id]))
            earlier[q.id] = q
    for key in ("name_question", "birth_date_question"):
        if getattr(bank, key) not in earlier:
            raise BankError(f"{MANIFEST}: {key} '{getattr(bank, key)}' is not a question of the bank")
    for instrument in bank.instruments:
        for item in instrument.items:
            if item not in earlier:
                raise BankError(f"instrument '{instrument.id}': item '{item}' is not a question of the bank")


def load_bank_from(directory: Path) -> Bank:
    """Load and check the bank in `directory` (a bank.yaml manifest naming the section files)."""
    manifest_path = directory / MANIFEST
    manifest = _read_yaml(manifest_path)
    if not isinstance(manifest, dict):
        raise BankError(f"{manifest_path}: expected a mapping with id, version, title and sections")
    sections: list[Section] = []
    files: dict[str, Path] = {}
    section_files = manifest.get("sections")
    if not isinstance(section_files, list) or not section_files:
        raise BankError(f"{manifest_path}: 'sections' must list the section files in order")
    for name in section_files:
        path = directory / str(name)
        raw = _read_yaml(path)
        try:
            section = Section.model_validate(raw)
        except ValidationError as error:
            raise BankError(_describe(error, path, raw)) from None
        if section.id in files:
            raise BankError(f"{path}: section id '{section.id}' is used twice")
        files[section.id] = path
        sections.append(section)
    instruments: list[Any] = []
    for name in manifest.get("instruments", []) or []:
        raw = _read_yaml(directory / str(name))
        instruments.extend(raw.get("instruments", []) if isinstance(raw, dict) else [])
    try:
        bank = Bank.model_validate(
            {**{k: v for k, v in manifest.items() if k not in ("sections", "instruments")},
             "sections": sections, "instruments": instruments}
        )
    except ValidationError as error:
        raise BankError(_describe(error, manifest_path, manifest)) from None
    _check_bank(bank, files)
    return bank


@lru_cache(maxsize=4)
def _load_cached(directory: str) -> Bank:
    return load_bank_from(Path(directory))


def load_bank(path: str | Path | None = None) -> Bank:
    """The question bank (the bundled one unless `path` names another bank folder).

    Banks are immutable and hold no patient data, so loading once per folder is safe to share.
    """
    return _load_cached(str(Path(path or BANK_DIR).resolve()))
