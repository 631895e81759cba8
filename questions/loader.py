"""Load the question bank from YAML and check it, failing loudly with the file and question at fault."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from questions import yamlfile
from questions.bank_languages import missing_language
from questions.schema import KINDS, Bank, Instrument, Kind, Question, Screen, Section, SelfHarmQuestion, tr
from questions.scoring import item_score_range, total_range

BANK_DIR = Path(__file__).parent / "bank"
MANIFEST = "bank.yaml"


class BankError(ValueError):
    """The question bank is broken; the message names the file and the question."""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yamlfile.safe_load(handle)
    except FileNotFoundError:
        raise BankError(f"{path}: file not found") from None
    except yaml.YAMLError as error:
        raise BankError(f"{path}: not valid YAML ({error})") from None


def _message(first: Any, kind: object) -> str:
    """Pydantic's message in the bank author's words (a setting the kind does not take, an unknown kind)."""
    if first["type"] == "union_tag_invalid":
        known = ", ".join(k.value for k in KINDS)
        return f"kind '{first['ctx']['tag']}' is not a question kind (the kinds are: {known})"
    if first["type"] == "union_tag_not_found":
        return "kind: every question needs a kind"
    if first["type"] == "extra_forbidden" and kind in KINDS:
        return f"a {kind} question does not take this setting (remove it)"
    message = str(first["msg"])
    return message.removeprefix("Value error, ")


def _describe(error: ValidationError, path: Path, raw: Any) -> str:
    """Turn pydantic's first error into one line naming the file and, where known, the question id."""
    first = error.errors()[0]
    loc = list(first["loc"])
    where = ""
    kind: object = None
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        try:
            question = raw["questions"][loc[1]]
            where = f" question '{question.get('id', f'#{loc[1] + 1}')}'"
            kind = question.get("kind")
        except (KeyError, IndexError, TypeError, AttributeError):
            where = f" question #{loc[1] + 1}"
        loc = loc[2:]
        if loc and loc[0] == kind:  # the union's tag: the kind's own model
            loc = loc[1:]
    field = ".".join(str(p) for p in loc)
    return f"{path}:{where} {field + ': ' if field else ''}{_message(first, kind)}"


def _check_question(q: Question, earlier: dict[str, Question], where: str) -> None:
    """The checks one question needs beyond its field types."""

    def fail(message: str) -> None:
        raise BankError(f"{where} question '{q.id}': {message}")

    if q.id in earlier:
        fail("duplicate id (each question needs its own id)")
    for condition in q.show_if or []:
        target = earlier.get(condition.question)
        if target is None:
            fail(f"show_if refers to a later or unknown question '{condition.question}' (it must come earlier)")
            return
        if condition.at_least is not None:
            if target.kind is not Kind.NUMBER or getattr(target, "units", None):
                fail(f"show_if at_least needs a number question without units, and '{target.id}' is not one")
            continue
        allowed = {o.value for o in target.choices()}
        if allowed:
            unknown = [v for v in condition.any_of if v not in allowed]
            if unknown:
                fail(f"show_if value {unknown[0]!r} is not an option of '{target.id}'")
    allowed = {o.value for o in q.choices()}
    for name in ("review_when", "safety_when"):
        unknown = [v for v in getattr(q, name) if v not in allowed]
        if unknown:
            fail(f"{name} value {unknown[0]!r} is not an option of this question")


def check_bank(bank: Bank, files: dict[str, Path]) -> None:
    earlier: dict[str, Question] = {}
    replaced: set[str] = set()
    for section in bank.sections:
        for q in section.questions:
            _check_question(q, earlier, str(files[section.id]))
            earlier[q.id] = q
    for section in bank.sections:
        for q in section.questions:
            for old in q.replaces:
                if bank.has_question(old) or old in replaced:
                    raise BankError(
                        f"{files[section.id]} question '{q.id}': replaces '{old}', which the bank still asks "
                        "or another question replaces"
                    )
                replaced.add(old)
    for key in ("name_question", "birth_date_question"):
        if getattr(bank, key) not in earlier:
            raise BankError(f"{MANIFEST}: {key} '{getattr(bank, key)}' is not a question of the bank")


class _Rules:
    """What the instrument files hold besides the instruments: screens and the self-harm questions."""

    def __init__(self) -> None:
        self.screens: list[Screen] = []
        self.self_harm: list[SelfHarmQuestion] = []
        self.files: dict[str, Path] = {}


def _validated(path: Path, key: str, number: int, model: type[Any], entry: Any) -> Any:
    try:
        return model.model_validate(entry)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise BankError(f"{path}: {key} #{number} {field + ': ' if field else ''}{first['msg']}") from None


def _load_rules(path: Path, raw: Any, rules: _Rules) -> None:
    """The `screens` and `self_harm` lists of one instrument file, validated, naming the file at fault."""
    if not isinstance(raw, dict):
        return
    for key in ("screens", "self_harm"):
        if not isinstance(raw.get(key) or [], list):
            raise BankError(f"{path}: '{key}' must be a list")
    for number, entry in enumerate(raw.get("screens") or [], start=1):
        screen: Screen = _validated(path, "screens", number, Screen, entry)
        rules.screens.append(screen)
        rules.files[screen.id] = path
    for number, entry in enumerate(raw.get("self_harm") or [], start=1):
        harm: SelfHarmQuestion = _validated(path, "self_harm", number, SelfHarmQuestion, entry)
        rules.self_harm.append(harm)
        rules.files[harm.question] = path


def _load_instruments(
    directory: Path, names: Any, rules: _Rules | None = None
) -> tuple[list[Instrument], dict[str, Path]]:
    """Read and validate the instrument files the manifest lists; remember each instrument's file."""
    if names is None:
        return [], {}
    if not isinstance(names, list):
        raise BankError(f"{directory / MANIFEST}: 'instruments' must list the instrument files")
    instruments: list[Instrument] = []
    files: dict[str, Path] = {}
    for name in names:
        path = directory / str(name)
        raw = _read_yaml(path)
        entries = raw.get("instruments") if isinstance(raw, dict) else None
        if not isinstance(entries, list):
            raise BankError(f"{path}: expected a mapping with a list 'instruments'")
        if rules is not None:
            _load_rules(path, raw, rules)
        for number, entry in enumerate(entries, start=1):
            label = entry.get("id", f"#{number}") if isinstance(entry, dict) else f"#{number}"
            try:
                instrument = Instrument.model_validate(entry)
            except ValidationError as error:
                first = error.errors()[0]
                field = ".".join(str(p) for p in first["loc"])
                raise BankError(f"{path}: instrument '{label}' {field + ': ' if field else ''}{first['msg']}") from None
            if instrument.id in files:
                raise BankError(f"{path}: instrument '{instrument.id}': id is used twice")
            files[instrument.id] = path
            instruments.append(instrument)
    return instruments, files


def _check_bands(instrument: Instrument, low: float, high: float | None, fail: Callable[[str], None]) -> None:
    """Bands go up from the lowest possible total to the highest, touching, never overlapping."""
    if not instrument.bands:
        return
    if high is None:
        fail("bands need a highest possible total (give the items a max)")
        return
    step = 10.0**-instrument.decimals
    first, last = instrument.bands[0], instrument.bands[-1]
    if not math.isclose(first.low, low):
        fail(f"band '{tr(first.label)}' starts at {first.low:g}, but the lowest possible total is {low:g}")
    for before, after in itertools.pairwise(instrument.bands):
        if after.low <= before.high + 1e-9:
            fail(
                f"bands '{tr(before.label)}' ({before.low:g}-{before.high:g}) and '{tr(after.label)}' "
                f"({after.low:g}-{after.high:g}) overlap"
            )
        if not math.isclose(after.low, before.high + step):
            fail(
                f"gap between band '{tr(before.label)}' (ends at {before.high:g}) and band '{tr(after.label)}' "
                f"(starts at {after.low:g})"
            )
    if not math.isclose(last.high, high):
        fail(f"band '{tr(last.label)}' ends at {last.high:g}, but the highest possible total is {high:g}")


def _check_instruments(bank: Bank, files: dict[str, Path]) -> None:
    """Each instrument against the bank: its items exist and are scored, its bands and rules fit."""
    for instrument in bank.instruments:

        def fail(message: str, instrument: Instrument = instrument) -> None:
            raise BankError(f"{files[instrument.id]}: instrument '{instrument.id}': {message}")

        seen: set[str] = set()
        for item in [*instrument.items, *instrument.unscored_items]:
            if not bank.has_question(item):
                fail(f"item '{item}' is not a question of the bank")
            if item in seen:
                fail(f"item '{item}' is listed twice")
            seen.add(item)
        for item in instrument.items:
            q = bank.question(item)
            if item_score_range(q) is not None:
                continue
            if q.kind is Kind.SINGLE_CHOICE:
                fail(f"item '{item}' has options without a score (every option of a scored item needs `score`)")
            if q.kind is Kind.NUMBER:
                fail(f"item '{item}' is a number item: it needs `integer: true`, a `min` and no `units`")
            fail(
                f"item '{item}' is a {q.kind.value} question: a scored item is a single choice with a score "
                "on every option, a scale, or a whole number"
            )
        low, high = total_range(bank, instrument)
        _check_bands(instrument, low, high, fail)
        for cutoff in instrument.cutoffs:
            if cutoff.when is None:
                continue
            if not bank.has_question(cutoff.when.question):
                fail(f"cut-off refers to unknown question '{cutoff.when.question}'")
            allowed = {o.value for o in bank.question(cutoff.when.question).choices()}
            unknown = [v for v in cutoff.when.any_of if v not in allowed]
            if unknown:
                fail(f"cut-off value {unknown[0]!r} is not an option of '{cutoff.when.question}'")
        for rule in instrument.safety:
            if rule.item not in instrument.items:
                fail(f"safety item '{rule.item}' is not one of the instrument's items")


def _check_values(bank: Bank, qid: str, values: list[str], fail: Callable[[str], None]) -> None:
    if not bank.has_question(qid):
        fail(f"'{qid}' is not a question of the bank")
        return
    allowed = {o.value for o in bank.question(qid).choices()}
    unknown = [v for v in values if v not in allowed]
    if unknown:
        fail(f"{unknown[0]!r} is not an option of '{qid}'")


def _check_rules(bank: Bank, files: dict[str, Path], manifest: Path) -> None:
    """Screens, self-harm questions and carry-over rules refer to questions and options that exist."""
    for screen in bank.screens:

        def fail(message: str, screen: Screen = screen) -> None:
            raise BankError(f"{files[screen.id]}: screen '{screen.id}': {message}")

        for item in screen.items:
            _check_values(bank, item, [*screen.positive_when, *screen.declined], fail)
        if screen.acuity_item is not None:
            _check_values(bank, screen.acuity_item, screen.acute_when, fail)
    for entry in bank.self_harm:

        def fail_harm(message: str, entry: SelfHarmQuestion = entry) -> None:
            raise BankError(f"{files[entry.question]}: self_harm '{entry.question}': {message}")

        _check_values(bank, entry.question, entry.declined, fail_harm)
    for move in bank.carry_over:

        def fail_move(message: str, source: str = move.source) -> None:
            raise BankError(f"{manifest}: carry_over '{source}': {message}")

        if bank.has_question(move.source):
            fail_move("the bank still asks this question, so its answers need no carrying over")
        _check_values(bank, move.to, list(move.values.values()), fail_move)


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
    rules = _Rules()
    instruments, instrument_files = _load_instruments(directory, manifest.get("instruments"), rules)
    try:
        bank = Bank.model_validate(
            {
                **{k: v for k, v in manifest.items() if k not in ("sections", "instruments")},
                "sections": sections,
                "instruments": instruments,
                "screens": rules.screens,
                "self_harm": rules.self_harm,
            }
        )
    except ValidationError as error:
        raise BankError(_describe(error, manifest_path, manifest)) from None
    check_bank(bank, files)
    _check_instruments(bank, instrument_files)
    _check_rules(bank, rules.files, manifest_path)
    missing = missing_language(bank, files, instrument_files, rules.files, manifest_path)
    if missing:
        raise BankError(missing)
    return bank


@lru_cache(maxsize=4)
def _load_cached(directory: str) -> Bank:
    return load_bank_from(Path(directory))


def load_bank(path: str | Path | None = None) -> Bank:
    """The question bank (the bundled one unless `path` names another bank folder).

    Banks are immutable and hold no patient data, so loading once per folder is safe to share.
    """
    return _load_cached(str(Path(path or BANK_DIR).resolve()))
