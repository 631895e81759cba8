"""The bank in Spanish: a bank that declares a language has every text in it or fails to load (naming the
file, the question and the language), and the bank's own Spanish is plain and says "usted".

- The load check: small banks in tmp_path with `languages: [en, es]`, complete and with one text missing.
- Plain Spanish: every Spanish text of every section file and of the instrument file (names, ranges,
  notes, the ASQ's terms, carry-over sentences) is split into sentences; each of 8 or more words scores 70
  or more on the Fernández-Huerta index (the scorer of tests/test_words_es.py). The published Spanish of a
  validated instrument (its items with `es` in `validated_in`) is its authors' wording, not ours: it is left
  out, and the test lists those items from the bank, not by hand. So are the lists of medicine names that
  tests/test_reading_level.py leaves out in English (NAME_LISTS): in Spanish, the sentence of the list is the
  one that starts "Por ejemplo". A text with no Spanish at all is not skipped here by choice: the load check
  reports it once the bank declares Spanish.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from test_reading_level import NAME_LISTS
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
    assert result.text.count("No es un instrumento real.") == 1
    assert result.headline == "Puntaje de ánimo: total 1 de 1."
    assert result.validated is False  # validated_in: [en]
    assert result.note is not None
    assert result.note.endswith("no en una versión publicada.")
    assert "Traducción no validada" in result.text
    english = Intake(bank_id=bank.id, bank_version=bank.version, language="en", answers={"low_mood": "several_days"})
    in_english = score(bank, english)[0]
    assert in_english.validated is True
    assert in_english.note == "Not a real instrument."


def test_answers_given_in_spanish_scored_in_english_say_the_translation_is_not_validated(tmp_path: Path) -> None:
    """The provider may read English while the patient answered in Spanish: the words follow the reader, the
    validation follows the language the questions were asked in."""
    from questions import Intake, score
    from summaries import build_summary

    bank = load_bank_from(_write(tmp_path))
    intake = Intake(bank_id=bank.id, bank_version=bank.version, language="es", answers={"low_mood": "several_days"})
    (result,) = score(bank, intake, language="en")
    assert result.name == "Mood score"
    assert result.validated is False
    assert result.note is not None
    assert result.note.startswith("Not a real instrument. Translation not validated")
    summary = build_summary(bank, intake, language="en")
    assert [s.name for s in summary.scores] == ["Mood score"]
    assert summary.scores[0].band == "some"


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


def _name_lists() -> dict[str, str]:
    """test_reading_level's NAME_LISTS in this test's terms: where -> start of the Spanish list sentence."""
    out = {}
    for where, start in NAME_LISTS.items():
        qid, _, rest = where.partition(" ")
        field = f"options[{rest.removeprefix('option ')}].label" if rest.startswith("option ") else rest
        out[f"question {qid} {field}"] = "" if not start else "Por ejemplo"
    return out


def _long_sentences(spanish: list[tuple[str, str]]) -> list[tuple[str, str]]:
    lists = _name_lists()
    return [
        (where, s)
        for where, text in spanish
        for s in _sentences(text)
        if _words(s) >= MIN_WORDS and not (where in lists and s.startswith(lists[where]))
    ]


def test_the_name_lists_left_out_are_only_lists_of_names(spanish: list[tuple[str, str]]) -> None:
    lists = _name_lists()
    where_spanish = dict(spanish)
    assert "question mood_stabilizer help" in lists
    for where, start in lists.items():
        if where in where_spanish and start:  # only the sentence of the list is left out, not the whole text
            assert any(s.startswith(start) for s in _sentences(where_spanish[where])), where


def test_there_are_spanish_bank_sentences_to_score(spanish: list[tuple[str, str]]) -> None:
    """The instrument file, Symptoms, Mental health and Substance use have Spanish: the check reads it."""
    assert len(_long_sentences(spanish)) >= 40


def test_every_bank_sentence_in_spanish_of_eight_or_more_words_is_fairly_easy(spanish: list[tuple[str, str]]) -> None:
    long = _long_sentences(spanish)
    hard = [f"{where}: {score:.0f}: {s}" for where, s in long if (score := _fernandez_huerta(s)) < EASY]
    assert hard == []


def test_the_bank_says_usted_never_tu(spanish: list[tuple[str, str]]) -> None:
    found = {where: forms for where, text in spanish if (forms := _tu_forms(text))}
    assert found == {}


# --- the published Spanish is the one documented -------------------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "spanish-instruments.md"


def _documented() -> dict[str, str]:
    """Bank question id -> Spanish, from the item tables of docs/spanish-instruments.md ('| phq9_1 | ... |',
    and '| 1 | ... |' in the ASQ's)."""
    bank = load_bank()
    found: dict[str, str] = {}
    asq = False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        asq = line.startswith("## ASQ") or (asq and not line.startswith("## "))
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        number = re.match(r"(\d+)\b", cells[0])
        if asq and number:  # the ASQ's table numbers its questions: "1" is asq_1, "5 (only after ...)" asq_5
            cells[0] = f"asq_{number.group(1)}"
        if len(cells) >= 2 and bank.has_question(cells[0]):
            found[cells[0]] = cells[1].removesuffix(" (the PHQ-9's, with its options)")
    return found


def test_the_bank_asks_the_spanish_the_documentation_gives_item_by_item() -> None:
    bank = load_bank()
    documented = _documented()
    assert {"phq9_1", "phq9_9", "gad7_7", "pcl5_20", "audit_c_3", "peg_3", "asq_1", "asq_5"} <= set(documented)
    differs = {qid: text for qid, text in documented.items() if tr(bank.question(qid).label, "es") != text}
    assert differs == {}


def test_a_moved_answer_is_explained_in_the_language_of_the_screen() -> None:
    """Carry-over sentences are bank text: a 1.0.0 file resumed on a Spanish screen says them in Spanish."""
    from questions import Intake
    from questions.restore import restore

    bank = load_bank()
    old = Intake(bank_id=bank.id, bank_version="1.0.0", answers={"full_name": "Ana Ruiz", "bipolar": "yes"})
    data = old.model_dump_json().encode()
    spanish_notes = " ".join(restore(bank, data, "es").not_carried_over)
    english_notes = " ".join(restore(bank, data, "en").not_carried_over)
    assert "Su respuesta pasó a la lista de diagnósticos" in spanish_notes
    assert "moved to the list of diagnoses" in english_notes
    assert "moved to the list of diagnoses" not in spanish_notes
