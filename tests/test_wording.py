"""The non-diagnostic guard: no forbidden wording in the bank, the app's strings, or any rendered PDF."""

from __future__ import annotations

import ast
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from questions import Bank, load_bank, tr
from questions.scoring import safety_alerts
from questions.wording import FORBIDDEN, forbidden_phrases
from questions.words import catalogue, languages
from samples.patients import build, maximal, minimal, second_choices, unsure
from summaries import build_summary, render_pdf

ROOT = Path(__file__).resolve().parent.parent

CAUGHT = {
    "eligible": "You are eligible for ketamine.",
    "candidate": "A good candidate for treatment.",
    "suitable": "Ketamine may be suitable for you.",
    "recommend": "We recommend an infusion.",
    "you should": "You should talk less.",
    "you have (a condition)": "Your score is high. You have depression.",
    "you are (a condition)": "It seems you are depressed.",
    "diagnosis as a verdict": "This total is consistent with major depression.",
    "dose advice": "Take 20 mg each morning.",
    "stop / start / change a medicine": "Please stop taking your medicine before the visit.",
    "risk level": "No risk level is computed.",
    "dose": "The dose of ketamine is 0.5 mg/kg.",
    "keep / start / stop taking": "Please keep taking them as your prescriber told you.",
}
MORE_CAUGHT = [
    "The patient is at high risk.",
    "Low-risk answers.",
    "Risk score: 3.",
    "Do not take your sleeping pill the night before.",
    "Continue using your inhaler.",
    "Dosing depends on your weight: 0.5 mg/kg.",
]
CLEAN = [
    "Do you have high blood pressure?",
    "Patient-reported pre-visit summary. Not a diagnosis, not a treatment recommendation.",
    "In the last 3 months, has any medicine been started, stopped, or changed in dose?",
    "If you have a question about a medicine, ask your prescriber.",
    "If you have treatment, can someone take you home after each session?",
    "Highest dose, if you know it (for example 20 mg)",
]


def test_every_rule_is_exercised_and_catches_its_example() -> None:
    assert {r.name for r in FORBIDDEN} == set(CAUGHT)
    for name, text in CAUGHT.items():
        assert any(f.startswith(name + ":") for f in forbidden_phrases(text)), name


@pytest.mark.parametrize("text", MORE_CAUGHT)
def test_more_wording_about_risk_doses_and_taking_medicines_is_caught(text: str) -> None:
    assert forbidden_phrases(text) != []


@pytest.mark.parametrize("text", CLEAN)
def test_plain_questions_and_disclaimers_pass(text: str) -> None:
    assert forbidden_phrases(text) == []


def _bank_texts(bank: Bank) -> list[str]:
    texts = [tr(bank.title)]
    for section in bank.sections:
        texts += [tr(section.title), tr(section.intro)]
        for q in section.questions:
            # Each kind has its own settings (questions/kinds/): a kind without one has no such attribute.
            texts += [tr(q.label), tr(q.help), tr(q.review), tr(getattr(q, "unit", None))]
            texts += [tr(getattr(q, "item_label", None))]
            texts += [tr(o.label) for o in getattr(q, "options", [])] + [tr(u.label) for u in getattr(q, "units", [])]
            texts += [tr(a) for a in getattr(q, "anchors", {}).values()]
            texts += [tr(f.label) for f in getattr(q, "fields", [])]
    for instrument in bank.instruments:
        texts += [tr(instrument.name), tr(instrument.note)]
    return [t for t in texts if t]


def test_bank_has_no_forbidden_wording(bank: Bank) -> None:
    found = {t: forbidden_phrases(t) for t in _bank_texts(bank)}
    assert {t: f for t, f in found.items() if f} == {}


def _string_constants(path: Path) -> list[str]:
    """String literals a person may read (docstrings are for developers and left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


APP_FILES = sorted([ROOT / "app.py", *ROOT.glob("ui/*.py"), *ROOT.glob("summaries/*.py"), ROOT / "questions/clinic.py"])


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_app_strings_have_no_forbidden_wording(path: Path) -> None:
    found = {s: forbidden_phrases(s) for s in _string_constants(path)}
    assert {s: f for s, f in found.items() if f} == {}


@pytest.mark.parametrize("language", languages())
def test_the_words_catalogue_has_no_forbidden_wording(language: str) -> None:
    """The app's own words live in questions/words/<language>.yaml, not in code: scanned here."""
    found = {key: forbidden_phrases(text) for key, text in catalogue(language).items()}
    assert {key: f for key, f in found.items() if f} == {}


def _positive_safety(q: Any) -> Any:
    from samples.patients import minimal as low

    bank = load_bank()
    rules = {r.item for i in bank.instruments for r in i.safety}
    if q.id in rules:
        return q.options[-1].value
    return low(q)


PATIENTS = {
    "all minimal": minimal,
    "all maximal": maximal,
    "not sure everywhere": unsure,
    "yes and second choices": second_choices,
    "safety item positive": _positive_safety,
}


@pytest.mark.parametrize("name", list(PATIENTS))
def test_pdf_text_has_no_forbidden_wording(bank: Bank, name: str) -> None:
    intake = build(bank, PATIENTS[name])
    if name.startswith("safety"):
        assert safety_alerts(bank, intake), "this patient must raise a safety alert"
    pdf = render_pdf(build_summary(bank, intake))
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert len(text) > 500
    assert forbidden_phrases(text) == []


def test_the_patients_together_show_every_question(bank: Bank) -> None:
    """So the PDF scans above cover every conditional question's wording at least once."""
    from questions import shown_ids

    seen = set().union(*(shown_ids(bank, build(bank, choose).answers) for choose in PATIENTS.values()))
    assert seen == {q.id for q in bank.questions()}


def test_the_personas_pdfs_and_the_paper_form_have_no_forbidden_wording() -> None:
    """Every test patient's PDF (the five personas too) and the paper form, in words as printed."""
    from personas import PERSONAS

    from questions import Intake
    from summaries.blank import render_blank

    bank = load_bank()
    documents = {"paper form": render_blank(bank)}
    for persona in PERSONAS:
        intake = Intake(bank_id=bank.id, bank_version=bank.version, answers=persona.answers)
        documents[persona.id] = render_pdf(build_summary(bank, intake))
    for name, pdf in documents.items():
        text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
        assert len(text) > 500, name
        assert forbidden_phrases(text) == [], name


def test_app_screens_have_no_forbidden_wording() -> None:
    """Every screen as drawn (before you start, each step with the maximal answers, the review), in words."""
    from journey import start_app

    bank = load_bank()
    at = start_app()
    seen: list[str] = [e.value for e in at.markdown] + [e.value for e in at.info]
    at.session_state["answers"] = dict(build(bank, maximal).answers)
    for step in range(1, len(bank.sections) + 2):
        at.session_state["step"] = step
        at.run()
        assert not at.exception, at.exception
        seen += [e.value for e in [*at.markdown, *at.error, *at.warning, *at.info, *at.caption]]
        seen += [e.label for e in [*at.radio, *at.text_input, *at.text_area, *at.multiselect, *at.button]]
    text = "\n".join(str(s) for s in seen)
    assert "988" in text
    assert "ketamine" in text.lower()
    assert forbidden_phrases(text) == []
