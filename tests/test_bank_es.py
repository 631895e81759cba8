"""The bank in Spanish: a bank that declares a language has every text in it or fails to load (naming the
file, the question and the language), and the bank's own Spanish is plain and says "usted".

- The load check: small banks in tmp_path with `languages: [en, es]`, complete and with one text missing.
- Plain Spanish: every Spanish text of every section file and of the instrument file (names, ranges,
  notes, the ASQ's terms, carry-over sentences) is split into sentences; each of 8 or more words scores 70
  or more on the Fernández-Huerta index (the scorer of tests/test_words_es.py). The published Spanish of a
  validated instrument (its items with `es` in `validated_in`) is its authors' wording, not ours: it is left
  out, and the test lists those items from the bank, not by hand. A text with no Spanish at all is not
  skipped here by choice: the load check reports it once the bank declares Spanish.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from test_words_es import EASY, MIN_WORDS, _fernandez_huerta, _sentences, _tu_forms, _words

from questions import Bank, BankError, load_bank, load_bank_from, tr
from questions.bank_languages import texts

MANIFEST = """\
id: test-bank
version: "0.1"
languages: [en, es]
title: {en: Test bank, es: Banco de prueba}
name_question: full_name
birth_date_question: date_of_birth
sections: [about.yaml, mood.yaml]
instruments: [instruments.yaml]
carry_over:
  - source: low_mood_old
    to: low_mood
    values: {"yes": several_days}
    why: {en: Your answer was moved., es: Su respuesta se movió.}
"""

ABOUT = """\
id: about
title: {en: About you, es: Sobre usted}
questions:
  - {id: full_name, kind: short_text, label: {en: Name, es: Nombre}, max_length: 100}
  - {id: date_of_birth, kind: date, label: {en: Born, es: Fecha de nacimiento}}
"""

MOOD = """\
id: mood
title: {en: Mood, es: Ánimo}
intro: {en: A few questions., es: Unas preguntas.}
questions:
  - id: low_mood
    kind: single_choice
    label: {en: Feeling down, es: Se ha sentido decaído}
    help: {en: In the last 2 weeks, es: En las últimas 2 semanas}
    options:
      - {value: not_at_all, label: {en: Not at all, es: Ningún día}, score: 0}
      - {value: several_days, label: {en: Several days, es: Varios días}, score: 1}
  - id: pain
    kind: scale
    label: {en: Pain, es: Dolor}
    min: 0
    max: 10
    anchors: {0: {en: No pain, es: Sin dolor}, 10: {en: Worst pain, es: El peor dolor}}
"""

INSTRUMENTS = """\
instruments:
  - id: mood
    name: {en: Mood score, es: Puntaje de ánimo}
    validated_in: [en]
    items: [low_mood]
    scoring: sum
    bands:
      - {low: 0, high: 0, label: {en: none, es: ninguno}}
      - {low: 1, high: 1, label: {en: some, es: algo}}
    note: {en: Not a real instrument., es: No es un instrumento real.}
    source:
      citation: {en: Nobody 2026., es: Nadie 2026.}
      short: Nobody 2026
      reuse: {en: Free., es: Libre.}
self_harm:
  - {question: low_mood, name: {en: Mood item 1, es: Ánimo pregunta 1}}
"""


def _write(directory: Path, **replace: tuple[str, str]) -> Path:
    """The small two-language bank, with `file=(old, new)` replacing text in one of its files."""
    files = {"bank": MANIFEST, "about": ABOUT, "mood": MOOD, "instruments": INSTRUMENTS}
    for stem, body in files.items():
        old, new = replace.get(stem, ("", ""))
        if old:
            assert old in body, old
            body = body.replace(old, new)
        (directory / f"{stem}.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return directory


def _error(directory: Path) -> str:
    with pytest.raises(BankError) as caught:
        load_bank_from(directory)
    return str(caught.value)


def test_a_bank_with_every_text_in_both_languages_loads_and_reads_spanish(tmp_path: Path) -> None:
    bank = load_bank_from(_write(tmp_path))
    assert bank.languages == ["en", "es"]
    assert tr(bank.question("low_mood").label, "es") == "Se ha sentido decaído"
    assert tr(bank.instruments[0].bands[1].label, "es") == "algo"
    assert tr(bank.carry_over[0].why, "es") == "Su respuesta se movió."


MISSING = {
    "an option label": (
        "mood",
        ("label: {en: Several days, es: Varios días}", "label: Several days"),
        ["mood.yaml", "question 'low_mood'", "options[several_days].label", "'es'"],
    ),
    "a help text": (
        "mood",
        ("help: {en: In the last 2 weeks, es: En las últimas 2 semanas}", "help: {en: In the last 2 weeks}"),
        ["mood.yaml", "question 'low_mood'", "help", "'es'"],
    ),
    "a scale anchor": (
        "mood",
        ("10: {en: Worst pain, es: El peor dolor}", "10: Worst pain"),
        ["mood.yaml", "question 'pain'", "anchors[10]", "'es'"],
    ),
    "an empty Spanish label": (
        "about",
        ("label: {en: Name, es: Nombre}", 'label: {en: Name, es: " "}'),
        ["about.yaml", "question 'full_name'", "label", "'es'"],
    ),
    "a section intro": (
        "mood",
        ("intro: {en: A few questions., es: Unas preguntas.}", "intro: A few questions."),
        ["mood.yaml", "section intro", "'es'"],
    ),
    "an instrument's band": (
        "instruments",
        ("label: {en: some, es: algo}", "label: some"),
        ["instruments.yaml", "instrument 'mood'", "bands[2].label", "'es'"],
    ),
    "an instrument's note": (
        "instruments",
        ("note: {en: Not a real instrument., es: No es un instrumento real.}", "note: Not a real instrument."),
        ["instruments.yaml", "instrument 'mood'", "note", "'es'"],
    ),
    "a self-harm name": (
        "instruments",
        ("name: {en: Mood item 1, es: Ánimo pregunta 1}", "name: Mood item 1"),
        ["instruments.yaml", "self_harm 'low_mood'", "name", "'es'"],
    ),
    "a carry-over sentence": (
        "bank",
        ("why: {en: Your answer was moved., es: Su respuesta se movió.}", "why: Your answer was moved."),
        ["bank.yaml", "carry_over 'low_mood_old'", "why", "'es'"],
    ),
    "the bank's title": (
        "bank",
        ("title: {en: Test bank, es: Banco de prueba}", "title: Test bank"),
        ["bank.yaml", "title", "'es'"],
    ),
}


@pytest.mark.parametrize("case", list(MISSING))
def test_a_text_missing_a_declared_language_fails_naming_file_question_and_language(tmp_path: Path, case: str) -> None:
    stem, replace, expected = MISSING[case]
    message = _error(_write(tmp_path, **{stem: replace}))
    for fragment in expected:
        assert fragment in message, (fragment, message)
    assert "\n" not in message
    assert "Traceback" not in message


def test_a_bank_in_english_only_takes_plain_text(tmp_path: Path) -> None:
    """Plain YAML text is English; a bank that declares English only needs nothing else."""
    _write(
        tmp_path, bank=("languages: [en, es]", "languages: [en]"), mood=("label: {en: Pain, es: Dolor}", "label: Pain")
    )
    bank = load_bank_from(tmp_path)
    assert bank.question("pain").label == {"en": "Pain"}


def test_the_spanish_score_reads_spanish(tmp_path: Path) -> None:
    from questions import Intake, score

    bank = load_bank_from(_write(tmp_path))
    intake = Intake(bank_id=bank.id, bank_version=bank.version, language="es", answers={"low_mood": "several_days"})
    (result,) = score(bank, intake)
    assert result.name == "Puntaje de ánimo"
    assert result.band == "algo"
    assert "No es un instrumento real." in result.text
    assert result.headline == "Puntaje de ánimo: total 1 de 1."
    assert result.validated is False  # validated_in: [en]
    english = Intake(bank_id=bank.id, bank_version=bank.version, language="en", answers={"low_mood": "several_days"})
    assert score(bank, english)[0].validated is True


# --- the bundled bank's Spanish -------------------------------------------------------------------------


def _published(bank: Bank) -> set[str]:
    """Question ids whose Spanish is a validated instrument's published wording (`es` in `validated_in`)."""
    ids: set[str] = set()
    for instrument in bank.instruments:
        if "es" in instrument.validated_in:
            ids |= {*instrument.items, *instrument.unscored_items}
    for screen in bank.screens:
        if "es" in screen.validated_in:
            ids |= {*screen.items, *([screen.acuity_item] if screen.acuity_item else [])}
    return ids


def _spanish_texts(bank: Bank) -> list[tuple[str, str]]:
    """(where, Spanish text) of every bank text that has Spanish, the published instrument items left out."""
    published = _published(bank)
    found: list[tuple[str, str]] = []
    values: list[tuple[str, object]] = []
    for section in bank.sections:
        values.append((f"section {section.id}", section.model_copy(update={"questions": []})))
        values += [(f"question {q.id}", q) for q in section.questions if q.id not in published]
    values += [(f"instrument {i.id}", i) for i in bank.instruments]
    values += [(f"screen {s.id}", s) for s in bank.screens]
    values += [(f"self_harm {e.question}", e) for e in bank.self_harm]
    values += [(f"carry_over {m.source}", m) for m in bank.carry_over]
    for where, value in values:
        for path, text in texts(value):
            if "citation" in path:
                continue  # a list of authors and journals, not sentences
            if text.get("es"):
                found.append((f"{where} {path}", text["es"]))
    return found


@pytest.fixture(scope="module")
def spanish() -> list[tuple[str, str]]:
    return _spanish_texts(load_bank())


def test_the_published_items_left_out_are_those_of_instruments_validated_in_spanish() -> None:
    bank = load_bank()
    published = _published(bank)
    for instrument in bank.instruments:
        asked = {*instrument.items, *instrument.unscored_items}
        assert (asked <= published) == ("es" in instrument.validated_in), instrument.id


def test_every_bank_sentence_in_spanish_of_eight_or_more_words_is_fairly_easy(spanish: list[tuple[str, str]]) -> None:
    long = [(where, s) for where, text in spanish for s in _sentences(text) if _words(s) >= MIN_WORDS]
    hard = [f"{where}: {score:.0f}: {s}" for where, s in long if (score := _fernandez_huerta(s)) < EASY]
    assert hard == []


def test_the_bank_says_usted_never_tu(spanish: list[tuple[str, str]]) -> None:
    found = {where: forms for where, text in spanish if (forms := _tu_forms(text))}
    assert found == {}
