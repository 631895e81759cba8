"""The page-1 lines for answers the bank flags (`review` / `review_when`), with the facts that go with them.

A bank `review` text may name other answers in braces: `{answer}` is the flagged options picked, `{some_id}`
is the answer to that question in words (a date as a date). A part in square brackets is printed only when
every answer it names was given and shown: "Reported high blood pressure[; treated now: {treated}]".
A review text without `{answer}` that ends in a colon gets the flagged options after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from questions import Kind, is_answered, tr
from questions.schema import QuestionBase
from questions.words import raw

FIELD = re.compile(r"\{([a-z][a-z0-9_]*)\}")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


FACT_CHARS = 160
"""A free-text answer named in a review line is cut after about this many characters (in full later)."""


def short_label(label: str, language: str = "en") -> str:
    """An option label without its examples ('Stimulants, for example methylphenidate ...'): cut from review
    lines, which are read at a glance; the full label is printed with the answer in its section. The words
    that start examples are the catalogue's (`summary.examples_start`, `glance_clinical.examples_also`)."""
    starts = "|".join(re.escape(raw(language, k)) for k in ("summary.examples_start", "glance_clinical.examples_also"))
    return re.sub(rf",? \(?({starts})\b.*$", "", label, flags=re.IGNORECASE | re.DOTALL).strip() or label


def fields_of(text: str) -> set[str]:
    """The question ids a review text names (besides `answer`)."""
    return {name for name in FIELD.findall(text) if name != "answer"}


def _cut(text: str, chars: int = FACT_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    kept = text[:chars]
    return (kept[: kept.rindex(" ")] if " " in kept[chars // 2 :] else kept).rstrip(" ,;.") + " ..."


def _fill(text: str, words: Callable[[str], str | None]) -> str:
    """Fill every {field}; drop each [part] naming a field with no answer."""

    def part(match: re.Match[str]) -> str:
        inner = match.group(1)
        values = {name: words(name) for name in FIELD.findall(inner)}
        if any(v is None for v in values.values()):
            return ""
        return FIELD.sub(lambda m: values[m.group(1)] or "", inner)

    text = OPTIONAL.sub(part, text)
    return FIELD.sub(lambda m: words(m.group(1)) or "", text)


def review_line(
    find: Callable[[str], QuestionBase | None],
    q: QuestionBase,
    value: object,
    answers: Mapping[str, object],
    shown: set[str],
    answer_words: Callable[[QuestionBase, object], str],
    language: str = "en",
) -> str | None:
    """The 'may want to review' line for this answer, or None when the answer is not in `review_when`."""
    if not q.review or not q.review_when:
        return None
    picked = value if isinstance(value, list) else [value]
    flagged = [v for v in picked if isinstance(v, str) and v in q.review_when]
    if not flagged:
        return None
    labels = "; ".join(short_label(tr(o.label, language), language) if (o := q.option(v)) else v for v in flagged)
    text = tr(q.review, language).strip()

    def words(name: str) -> str | None:
        if name == "answer":
            return labels
        other = find(name)
        if other is None or name not in shown or not is_answered(answers.get(name)):
            return None
        given = answers[name]
        if other.kind is Kind.MULTIPLE_CHOICE and isinstance(given, list):
            return "; ".join(
                short_label(tr(o.label, language), language) if (o := other.option(v)) else v for v in given
            )
        return _cut(answer_words(other, given))

    if "{answer}" not in text and text.endswith(":") and q.kind is not Kind.YES_NO:
        text = f"{text.rstrip(':').rstrip()}: {{answer}}"
    elif "{answer}" not in text and text.endswith(":"):
        text = f"{text} {{answer}}"
    elif "{answer}" not in text and q.kind is Kind.MULTIPLE_CHOICE:
        text = f"{text.rstrip(':').rstrip()}: {{answer}}"
    return _fill(text, words).strip()
