"""Every text of the bank in every language it declares: a bank with `languages: [en, es]` that lacks the
Spanish of one label fails to load, naming the file, the question (or instrument, screen, ...) and the field.

The texts are found by their type (`Text`, see questions/kinds/base.py), so a new field of type `Text` in
any model is checked without being listed here.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator

from questions.kinds.base import as_translations
from questions.schema import Bank


def _is_text(metadata: tuple[Any, ...] | list[Any]) -> bool:
    return any(isinstance(m, BeforeValidator) and m.func is as_translations for m in metadata)


def _name(item: Any, index: int) -> str:
    """How a list entry is named in the path: its value or id when it has one, else its number."""
    for key in ("value", "id", "item"):
        named = getattr(item, key, None)
        if isinstance(named, str):
            return named
    return str(index + 1)


def texts(
    value: Any, annotation: Any = None, metadata: tuple[Any, ...] = (), path: str = ""
) -> Iterator[tuple[str, dict[str, str]]]:
    """(path, text) of every `Text` in `value` (a model, or a list or mapping of them), nested at any depth."""
    if _is_text(metadata):
        if isinstance(value, dict):
            yield path, value
        return
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            inner = f"{path}.{name}" if path else name
            yield from texts(getattr(value, name), field.annotation, tuple(field.metadata), inner)
        return
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        yield from texts(value, base, (*metadata, *extra), path)
    elif origin is Union or origin is types.UnionType:
        for option in get_args(annotation):
            if option is not type(None):
                yield from texts(value, option, (), path)
                return
    elif isinstance(value, list):
        args = get_args(annotation)
        for index, item in enumerate(value):
            yield from texts(item, args[0] if args else None, (), f"{path}[{_name(item, index)}]")
    elif isinstance(value, dict):
        args = get_args(annotation)
        for key, item in value.items():
            yield from texts(item, args[1] if len(args) == 2 else None, (), f"{path}[{key}]")


def _missing(bank: Bank, value: Any, where: str) -> str | None:
    for path, text in texts(value):
        for language in bank.languages:
            if not (text.get(language) or "").strip():
                declared = ", ".join(bank.languages)
                return (
                    f"{where}{path} has no '{language}' text, and the bank declares the languages {declared} "
                    f"(write it as {{{', '.join(f'{lang}: ...' for lang in bank.languages)}}})"
                )
    return None


def missing_language(
    bank: Bank,
    section_files: dict[str, Path],
    instrument_files: dict[str, Path],
    rule_files: dict[str, Path],
    manifest: Path,
) -> str | None:
    """The first text lacking one of the bank's languages, as one sentence naming file, question and field;
    None when every text is there in every declared language."""
    checks: list[tuple[Any, str]] = [(_Title(title=bank.title), f"{manifest}: ")]
    for section in bank.sections:
        file = section_files[section.id]
        checks.append((section.model_copy(update={"questions": []}), f"{file}: section "))
        checks += [(q, f"{file}: question '{q.id}': ") for q in section.questions]
    checks += [(i, f"{instrument_files[i.id]}: instrument '{i.id}': ") for i in bank.instruments]
    checks += [(s, f"{rule_files[s.id]}: screen '{s.id}': ") for s in bank.screens]
    checks += [(e, f"{rule_files[e.question]}: self_harm '{e.question}': ") for e in bank.self_harm]
    checks += [(m, f"{manifest}: carry_over '{m.source}': ") for m in bank.carry_over]
    for value, where in checks:
        problem = _missing(bank, value, where)
        if problem:
            return problem
    return None


class _Title(BaseModel):
    title: Annotated[dict[str, str], BeforeValidator(as_translations)]
