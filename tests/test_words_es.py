"""The Spanish catalogue (questions/words/es.yaml): complete, the same placeholders as English, plain Spanish
throughout, and dates and numbers written the Spanish way.

- Complete: every English key has a Spanish text with exactly its {placeholders} (a missing key would fall
  back to English on a Spanish screen).
- Plain: every sentence of 8 or more words scores 70 or more ("fairly easy") on the Fernández-Huerta index,
  as textstat computes it for Spanish (offline: Spanish syllables come from Pyphen's dictionary, not from a
  download). The validated instruments' published Spanish is not in the catalogue and is not scored here.
- "Usted" throughout, as the instruments are written: no tú forms.
"""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from questions.words import catalogue, format_date, format_list, format_number, languages, locale_of, say

SPANISH = catalogue("es")
ENGLISH = catalogue("en")

EASY = 70.0
"""Fernández-Huerta 70-80 is "fairly easy" (bastante fácil)."""

MIN_WORDS = 8

PLACEHOLDER_STAND_IN = "dato"
"""A placeholder is scored as one short word: the filled-in value (a name, a number) is not ours to score."""


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def _sentences(text: str) -> list[str]:
    """The sentences of a catalogue text: Markdown list items and bold marks undone, split after . ? ! :"""
    text = re.sub(r"\{[a-z_]+\}", PLACEHOLDER_STAND_IN, text)
    text = text.replace("**", "")
    found: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"^\s*-\s+", "", line)
        found += [part.strip() for part in re.split(r"(?<=[.?!:])\s+", line) if part.strip()]
    return found


def _words(sentence: str) -> int:
    return len(re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", sentence))


def _fernandez_huerta(sentence: str) -> float:
    import textstat

    textstat.set_lang("es")
    return float(textstat.fernandez_huerta(sentence))


def test_spanish_is_a_language_of_the_catalogue() -> None:
    assert "es" in languages()
    assert languages()[0] == "en"


def test_every_english_key_has_a_spanish_text_with_the_same_placeholders() -> None:
    missing = sorted(set(ENGLISH) - set(SPANISH))
    assert missing == [], f"es.yaml lacks: {missing}"
    extra = sorted(set(SPANISH) - set(ENGLISH))
    assert extra == [], f"es.yaml has keys English does not: {extra}"
    wrong = [key for key in ENGLISH if _placeholders(SPANISH[key]) != _placeholders(ENGLISH[key])]
    assert wrong == []


def test_spanish_texts_are_translated_not_copied() -> None:
    """A text left in English would pass the key check; words such as "the" and "your" do not occur in Spanish."""
    english_words = re.compile(r"\b(the|your|you|and|with|not|please|answer|answers)\b", re.IGNORECASE)
    left = [key for key, text in SPANISH.items() if english_words.search(re.sub(r"\{[a-z_]+\}", "", text))]
    assert left == []


def test_the_sentence_splitter_and_scorer_work_as_this_test_assumes() -> None:
    """The readability check below can fail: a long sentence of long words scores far below 70."""
    assert _sentences("- Uno dos. **Tres** {name}?\n- Cuatro") == ["Uno dos.", "Tres dato?", "Cuatro"]
    hard = (
        "La administración concomitante de medicamentos psicofarmacológicos requiere una evaluación "
        "individualizada, exhaustiva y multidisciplinaria por profesionales especializados."
    )
    assert _fernandez_huerta(hard) < EASY
    assert _fernandez_huerta("Puede seguir con las preguntas cuando esté listo.") >= EASY


def _long_sentences() -> list[tuple[str, str]]:
    return [(key, s) for key, text in SPANISH.items() for s in _sentences(text) if _words(s) >= MIN_WORDS]


def test_there_are_long_sentences_to_score() -> None:
    assert len(_long_sentences()) >= 50


def test_every_spanish_sentence_of_eight_or_more_words_is_fairly_easy() -> None:
    hard = [
        f"{key}: {score:.0f}: {sentence}"
        for key, sentence in _long_sentences()
        if (score := _fernandez_huerta(sentence)) < EASY
    ]
    assert hard == []


TU_ANYWHERE = frozenset(
    [
        "tú",
        "tu",
        "tus",
        "te",
        "ti",
        "contigo",
        "puedes",
        "tienes",
        "quieres",
        "debes",
        "eres",
        "estás",
        "has",
        "haces",
        "sabes",
        "vas",
        "necesitas",
        "usas",
        "sientes",
        "piensas",
    ]
)
"""Tú pronouns and present-tense verbs: tú wherever they stand."""

TU_IMPERATIVES = frozenset(
    ["llama", "escribe", "marca", "contesta", "responde", "guarda", "carga", "baja", "sigue", "revisa", "elige", "usa"]
)
"""Tú imperatives, looked for only at the start of a sentence (elsewhere "baja" or "sigue" is the third person)."""


def _tu_forms(text: str) -> list[str]:
    found: list[str] = []
    for sentence in _sentences(text):
        words = re.findall(r"[^\W\d_]+", sentence)
        found += [word for word in words if word.lower() in TU_ANYWHERE]
        if words and words[0].lower() in TU_IMPERATIVES:
            found.append(words[0])
    return found


def test_spanish_says_usted_never_tu() -> None:
    found = {key: forms for key, text in SPANISH.items() if (forms := _tu_forms(text))}
    assert found == {}


def test_the_tu_check_finds_tu_forms() -> None:
    assert _tu_forms("Si tienes dudas, llama a tu clínica.") == ["tienes", "tu"]
    assert _tu_forms("Guarda el archivo.") == ["Guarda"]
    assert _tu_forms("Guarde el archivo. Este archivo se baja una vez.") == []


@pytest.mark.parametrize(
    ("day", "written"),
    [(dt.date(2026, 12, 1), "1 de diciembre de 2026"), ("1985-03-31", "31 de marzo de 1985")],
)
def test_dates_are_written_the_spanish_way(day: dt.date | str, written: str) -> None:
    assert format_date(day, "es") == written


def test_a_date_that_is_not_a_date_prints_as_given_in_spanish_too() -> None:
    assert format_date("1985-13-40", "es") == "1985-13-40"


@pytest.mark.parametrize(("value", "written"), [(72, "72"), (72.5, "72.5"), (1200, "1,200"), (12345.25, "12,345.25")])
def test_numbers_are_written_the_us_spanish_way(value: float, written: str) -> None:
    """US Spanish (CLDR es_US) writes numbers as US English does, unlike Spain's "72,5" and "1.200"."""
    assert locale_of("es") == "es_US"
    assert format_number(value, "es") == written


def test_lists_are_joined_the_spanish_way() -> None:
    assert format_list(["hombres", "mujeres"], "es") == "hombres y mujeres"


def test_say_gives_the_spanish_text_with_its_fields() -> None:
    assert say("es", "glance.total_of", total=17, max=27) == "17 de 27"
    assert say("es", "app.title") != say("en", "app.title")
