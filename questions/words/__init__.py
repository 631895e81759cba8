"""The app's own words: one catalogue per language, and dates and numbers written the way each language does.

Every fixed text a patient or a provider reads (screens, field messages, the Summary, the PDF, the paper
form, scoring sentences) comes from `questions/words/<language>.yaml` through `say()`. Code passes a
language and a key, never an English literal, and never compares a displayed string.

The catalogue is nested YAML; a key is the dotted path to a text (`check.required`). A text may hold
`{placeholders}` filled by `say()`'s keyword arguments. A language that lacks a key falls back to English.

Another language (es.yaml) only adds entries: the same keys, the same placeholders (tests/test_words.py
checks both, and that every key the code uses exists and every key is used).

Lists are joined by `format_list` ("men and women"), dates and numbers written by `format_date` and
`format_number` (Babel, the locale of the language).

The pseudo-language `PSEUDO` marks every catalogue text with ⟦ ⟧, and so do the bank's texts (`tr` calls
`marked`) and dates, so a test can render every screen and PDF and find any text that did not come from
the catalogue or the bank (tests/test_words.py).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from questions import yamlfile

WORDS_DIR = Path(__file__).parent
DEFAULT_LANGUAGE = "en"
PSEUDO = "qps"
"""A pseudo-language for tests: English with every catalogue text wrapped in ⟦ ⟧."""

PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{path}."))
        elif isinstance(value, str):
            flat[path] = value
        else:
            raise ValueError(f"words: '{path}' must be text or a group of texts, not {type(value).__name__}")
    return flat


@cache
def catalogue(language: str) -> dict[str, str]:
    """Every text of one language, keyed by dotted path (empty for a language with no file)."""
    path = WORDS_DIR / f"{language}.yaml"
    if not path.is_file():
        return {}
    tree = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    return _flatten(tree)


def languages() -> list[str]:
    """The languages that have a catalogue, English first."""
    found = sorted(p.stem for p in WORDS_DIR.glob("*.yaml"))
    return sorted(found, key=lambda code: code != DEFAULT_LANGUAGE)


def raw(language: str, key: str) -> str:
    """The catalogue text for `key` as written (placeholders unfilled, never pseudo-marked).

    KeyError when English has no such key: a typo in code fails loudly rather than showing a key.
    """
    text = catalogue(language).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE)[key]
    return text


def say(language: str, key: str, /, **fields: object) -> str:
    """The text for `key` in `language` (English when missing there), with `fields` filled in."""
    text = raw(language, key)
    if fields:
        text = text.format(**fields)
    return marked(language, text)


def marked(language: str, text: str) -> str:
    """`text` wrapped in ⟦ ⟧ in the pseudo-language, as it is otherwise.

    For texts that come from data rather than from this catalogue (the bank's labels, through `tr`; a
    date written by Babel), so a pseudo-language test can tell them from a literal written in code.
    """
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}" if language == PSEUDO and text else text


LOCALES = {"es": "es_US"}
"""The Babel locale of a language where it is not the language code itself. The Spanish is US Spanish (the
instruments are Pfizer's "Spanish for USA"), which writes numbers as the US does (72.5; 1,200), as the app's
number fields take them; dates read the same in every Spanish ("1 de diciembre de 2026")."""


def locale_of(language: str) -> str:
    """The Babel locale for a language (the pseudo-language formats as English)."""
    return DEFAULT_LANGUAGE if language == PSEUDO else LOCALES.get(language, language)


def format_date(day: dt.date | str, language: str, *, short: bool = False) -> str:
    """A date written the way `language` writes it (the pattern is in the catalogue: `dates.pattern`, or
    `dates.short_pattern` where room is tight, as in the PDF's running header).

    An ISO text that is not a date is returned as given, so a bad saved value still prints.
    """
    from babel.dates import format_date as babel_format_date

    if isinstance(day, str):
        try:
            parsed = dt.date.fromisoformat(day)
        except ValueError:
            return day
    else:
        parsed = day
    pattern = raw(language, "dates.short_pattern" if short else "dates.pattern")
    written = babel_format_date(parsed, format=pattern, locale=locale_of(language))
    return marked(language, written)


def format_number(value: float, language: str) -> str:
    """A number the way `language` writes it, without needless decimals (72, 72.5, 1,200)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.###", locale=locale_of(language))


def format_list(items: list[str], language: str) -> str:
    """Items joined the way `language` joins a list ("men and women"; "a, b, and c")."""
    from babel.lists import format_list as babel_format_list

    return babel_format_list(items, locale=locale_of(language)) if items else ""
