"""Every fixed text a patient or provider reads comes from the words catalogue (questions/words), and the
catalogue stays honest.

Two kinds of proof:

- Rendered: every screen of the app (AppTest) and every PDF (summaries of several patients, the paper form)
  is made in the pseudo-language `qps`, where every catalogue text, every bank text (through `tr`) and every
  date comes out wrapped in ⟦ ⟧. The patients here type only digits and punctuation, and the clinic's own
  words are wrapped by the test. So what is left after removing the marked spans must hold no letters; a
  letter there is a literal written in code. The instruments' own names, ranges and citations are bank data
  that `tr` does not carry yet (plain text in instruments.yaml), so the test removes exactly those.
- Static: every key the code passes to `say`/`raw` exists in en.yaml, every en.yaml key is used, each call
  fills exactly the placeholders its text has, and another language only adds entries with the same
  placeholders.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import string
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from journey import APP, DownloadCapture, click, current_step, fill_section
from outputs import extract_text
from streamlit.testing.v1 import AppTest

from questions import Bank, Intake, Kind, Question
from questions.clinic import Clinic
from questions.words import PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN, WORDS_DIR, catalogue, languages, say
from samples.patients import build, maximal, minimal, unsure
from summaries import build_summary, render_pdf

ROOT = Path(__file__).resolve().parent.parent
CODE = [ROOT / "app.py", *sorted((ROOT / "questions").rglob("*.py")), *sorted((ROOT / "summaries").rglob("*.py"))]
CODE += sorted((ROOT / "ui").rglob("*.py"))
CREATED = dt.date(2026, 12, 1)
ENGLISH = catalogue("en")


def wrap(text: str) -> str:
    """Words the test itself supplies as data (a clinic's name): marked, so they are not taken for literals."""
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}"


# --- finding literals ----------------------------------------------------------------------------------


def unmarked(text: str) -> tuple[str, list[str]]:
    """The text outside every ⟦ ⟧ span (nested spans count once), and any problems with the marks."""
    outside: list[str] = []
    depth = 0
    problems = []
    for ch in text:
        if ch == PSEUDO_OPEN:
            depth += 1
        elif ch == PSEUDO_CLOSE:
            if depth == 0:
                problems.append("a closing mark without an opening one")
            depth = max(depth - 1, 0)
        elif depth == 0:
            outside.append(ch)
    if depth:
        problems.append(f"{depth} mark(s) never closed")
    return "".join(outside), problems


def _bank_data(bank: Bank) -> list[re.Pattern[str]]:
    """The instruments' own plain texts (name, first sentence, ranges, cut-off groups, citation, note), in
    every language the bank gives them in."""
    patterns: list[re.Pattern[str]] = []
    literal: set[str] = set()
    for instrument in bank.instruments:
        names = set(instrument.name.values())
        literal |= names | {instrument.source.short, *instrument.source.citation.values()}
        literal |= set((instrument.note or {}).values())
        literal |= {t for b in instrument.bands for t in b.label.values()}
        literal |= {t for c in instrument.cutoffs for t in (c.applies_to or {}).values()}
        for template in (instrument.total_text or {}).values():
            parts = []
            for text, field, _, _ in string.Formatter().parse(template):
                parts.append(_spaced(text))
                if field == "name":
                    parts.append("(?:" + "|".join(_spaced(n) for n in names) + ")")
                elif field:
                    parts.append(r"[\d.,]*")
            patterns.append(re.compile("".join(parts)))
            # The score column's unit, cut from that first sentence: "(times in the past year)".
            patterns += [re.compile(r"\(" + _spaced(m) + r"\)") for m in re.findall(r"\((.+?)\)", template)]
    patterns += [re.compile(_spaced(t)) for t in sorted(literal - {""}, key=len, reverse=True)]
    return patterns


def _spaced(text: str) -> str:
    """A regex for `text` that also matches it broken over lines."""
    return r"\s+".join(re.escape(word) for word in re.split(r"\s+", text))


def literals(text: str, data: list[re.Pattern[str]] = ()) -> list[str]:  # type: ignore[assignment]
    """Words in `text` that came from neither the catalogue, the bank, nor the test's own data."""
    outside, problems = unmarked(text)
    outside = re.sub(r"\]\(#[a-z0-9-]+\)", "]", outside)  # a link to a heading on the page: its anchor, not words
    for pattern in data:
        outside = pattern.sub(" ", outside)
    outside = re.sub(r":small\[|:material/[a-z_]+:", " ", outside)  # Markdown directives, not words
    found = [line.strip() for line in outside.splitlines() if re.search(r"[^\W\d_]", line)]
    return problems + found


# --- patients who type no letters ----------------------------------------------------------------------


def _no_letters(choose: Callable[[Question], Any]) -> Callable[[Question], Any]:
    """A patient who answers like `choose` but types only digits and punctuation into text fields."""

    def typed(q: Question) -> Any:
        if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            return "12 34-56" if q.kind is Kind.SHORT_TEXT else "1234 5678.\n\n90 12, 34 / 56 " * 30
        if q.kind is Kind.LIST:
            return [{f.id: f"{n}{i}-{n}" for i, f in enumerate(q.fields)} for n in range(1, 3)]
        return choose(q)

    return typed


PATIENTS: dict[str, Callable[[Question], Any]] = {
    "maximal": _no_letters(maximal),  # every follow-up, every score at its top, safety answers
    "minimal": _no_letters(minimal),
    "unsure": _no_letters(unsure),  # 'not sure' where it can be said: rules that do not say which applies
}


def _intake(bank: Bank, patient: str) -> Intake:
    if patient == "empty":
        return Intake(bank_id=bank.id, bank_version=bank.version, language=PSEUDO)
    return build(bank, PATIENTS[patient]).model_copy(update={"language": PSEUDO})


CLINIC = Clinic(name=wrap("Clinic"), address=wrap("1 Main Street"), phone="+1 555 010 0100")


# --- the PDFs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patient", "clinic"), [("maximal", CLINIC), ("minimal", None), ("unsure", None), ("empty", CLINIC)]
)
def test_every_word_of_the_summary_pdf_comes_from_the_catalogue(bank: Bank, patient: str, clinic: Any) -> None:
    import io

    from pypdf import PdfReader

    summary = build_summary(bank, _intake(bank, patient), created=CREATED, clinic=clinic)
    pdf = render_pdf(summary, attach_answers=False)
    text = extract_text(pdf)
    assert PSEUDO_OPEN in text
    assert "\ufffd" not in text
    assert literals(text, _bank_data(bank)) == []
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    for field in (meta.title, meta.subject, meta.author):
        assert literals(field or "x") == [], field


def test_the_check_finds_a_literal_written_in_code(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    """The proof that the check can fail: one heading written as a literal is found, by its words."""
    import summaries.pdf_glance as glance

    real = glance._heading

    def heading(text: str, layout: Any) -> list[Any]:
        return real("Screening questionnaires" if "Screening" in text else text, layout)

    monkeypatch.setattr(glance, "_heading", heading)
    summary = build_summary(bank, _intake(bank, "minimal"), created=CREATED)
    found = literals(extract_text(render_pdf(summary, attach_answers=False)), _bank_data(bank))
    assert found == ["Screening questionnaires"]


def test_every_word_of_the_paper_form_comes_from_the_catalogue(bank: Bank) -> None:
    from summaries.blank import render_blank

    text = extract_text(render_blank(bank, "letter", CLINIC, language=PSEUDO))
    assert literals(text, _bank_data(bank)) == []


# --- the screens ---------------------------------------------------------------------------------------

VISIBLE = {"body", "label", "help", "options", "placeholder", "text", "caption"}
"""Proto fields that hold text a patient reads (not ids, types, icons or values typed)."""


def screen_texts(at: AppTest) -> Iterator[str]:
    """Every visible text of the page AppTest has drawn (the leave-guard script is not text)."""

    def fields(message: Any) -> Iterator[str]:
        for field, value in message.ListFields():
            for one in value if isinstance(value, Sequence) and not isinstance(value, str) else [value]:
                if hasattr(one, "ListFields"):
                    yield from fields(one)
                elif isinstance(one, str) and field.name in VISIBLE:
                    yield one

    def walk(node: Any) -> Iterator[str]:
        proto = getattr(node, "proto", None)
        if proto is not None and type(node).__name__ != "Html":
            yield from fields(proto)
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    yield from walk(at._tree)


def _start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    settings = tmp_path / "clinic.yaml"
    settings.write_text(yaml.safe_dump({"name": CLINIC.name, "address": CLINIC.address, "phone": CLINIC.phone}))
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(settings))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["language"] = PSEUDO
    at.run()
    assert not at.exception, at.exception
    return at


def _seen(at: AppTest, where: str, found: dict[str, list[str]], bank: Bank) -> None:
    data = _bank_data(bank)
    for text in screen_texts(at):
        for literal in literals(text, data):
            found.setdefault(literal, []).append(where)


def test_every_word_on_every_screen_comes_from_the_catalogue(
    bank: Bank, capture: DownloadCapture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    found: dict[str, list[str]] = {}
    at = _start(monkeypatch, tmp_path)
    _seen(at, "before you start", found, bank)
    click(at, "start")
    for number, section in enumerate(bank.sections, start=1):
        fill_section(at, bank, section, PATIENTS["maximal"])  # safety answers: the crisis panel shows
        _seen(at, section.id, found, bank)
        click(at, "next")
        assert current_step(at) == number + 1
    _seen(at, "review", found, bank)
    click(at, "clear")
    _seen(at, "clear my answers?", found, bank)
    click(at, "clear_no")
    assert found == {}
    names = [kwargs["file_name"] for _, kwargs in capture.calls.values()]
    assert len(names) >= 5
    assert [name for name in names if literals(name)] == []


def test_restore_notes_and_upload_errors_come_from_the_catalogue(
    bank: Bank, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    found: dict[str, list[str]] = {}
    at = _start(monkeypatch, tmp_path)
    at.file_uploader[0].set_value(("x.json", b"{not json", "application/json")).run()
    assert at.error
    _seen(at, "a file cut short", found, bank)
    saved = {
        "format": "ketamine-intake-answers",
        "format_version": 1,
        "bank_id": bank.id,
        "bank_version": "0-older",
        "answers": {"full_name": "12", "gone_question": "34", "concerns": ["depression", "gone_choice"]},
    }
    at.file_uploader[0].set_value(("y.json", json.dumps(saved).encode(), "application/json")).run()
    assert not at.exception
    assert at.success
    assert at.warning
    _seen(at, "loaded, with notes", found, bank)
    assert found == {}


def test_field_messages_come_from_the_catalogue(bank: Bank, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    found: dict[str, list[str]] = {}
    at = _start(monkeypatch, tmp_path)
    click(at, "start")
    click(at, "next")  # required answers missing: a message at each field and one above the buttons
    assert at.error
    assert at.warning
    _seen(at, "required answers missing", found, bank)
    assert found == {}


# --- the catalogue stays honest ------------------------------------------------------------------------


def _key_arguments(node: ast.expr) -> Iterator[ast.expr]:
    """The key expressions a call may pass ("a" if x else "b" gives both)."""
    if isinstance(node, ast.IfExp):
        yield from _key_arguments(node.body)
        yield from _key_arguments(node.orelse)
    else:
        yield node


def _calls() -> Iterator[tuple[str, ast.Call, ast.expr]]:
    """Every say(language, key, ...) and raw(language, key) in the product, with each key it may pass."""
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ("say", "raw"):
                for key in _key_arguments(node.args[1]):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node, key


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_key_the_code_uses_is_in_the_catalogue() -> None:
    missing, dynamic = [], []
    for where, _, key in _calls():
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            if key.value not in ENGLISH:
                missing.append(f"{where}: {key.value}")
        elif isinstance(key, ast.JoinedStr | ast.BinOp):
            dynamic.append(where)  # a key built from pieces cannot be checked, or found by a translator
    assert missing == []
    assert dynamic == []


def test_every_key_held_in_a_table_is_in_the_catalogue() -> None:
    """A key written anywhere in the code (a tuple of keys passed on later, say) names a catalogue text."""
    groups = {key.split(".")[0] for key in ENGLISH}
    shaped = re.compile(r"^([a-z_]+)\.[a-z0-9_]+$")
    missing = []
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            m = shaped.match(node.value)
            if m and m.group(1) in groups and node.value not in ENGLISH:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}")
    assert missing == []


def test_every_catalogue_key_is_used_in_the_code() -> None:
    used: set[str] = set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ENGLISH:
                used.add(node.value)
    assert sorted(set(ENGLISH) - used) == []


def test_each_call_fills_exactly_the_placeholders_of_its_text() -> None:
    wrong = []
    for where, call, key in _calls():
        if not (isinstance(key, ast.Constant) and key.value in ENGLISH):
            continue
        given = {k.arg for k in call.keywords if k.arg is not None}
        wanted = _placeholders(ENGLISH[key.value])
        if any(k.arg is None for k in call.keywords):  # **fields: at least the named ones must be wanted
            if not given <= wanted:
                wrong.append(f"{where}: {key.value} takes {sorted(wanted)}, given {sorted(given)}")
        elif given != wanted:
            wrong.append(f"{where}: {key.value} takes {sorted(wanted)}, given {sorted(given)}")
    assert wrong == []


def test_another_language_only_adds_entries_with_the_same_placeholders() -> None:
    for language in languages():
        words = yaml.safe_load((WORDS_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
        assert isinstance(words, dict)
        texts = catalogue(language)
        assert set(texts) <= set(ENGLISH), f"{language}: keys English does not have"
        for key, text in texts.items():
            assert _placeholders(text) == _placeholders(ENGLISH[key]), f"{language}: {key}"


def test_the_pseudo_language_marks_every_text_and_falls_back_to_english() -> None:
    assert PSEUDO not in languages()
    for key, text in ENGLISH.items():
        fields = {name: "1" for name in _placeholders(text)}
        assert say(PSEUDO, key, **fields) == wrap(text.format(**fields))
    with pytest.raises(KeyError):
        say("en", "no.such.key")
