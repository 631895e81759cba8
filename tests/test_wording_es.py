"""The non-diagnostic guard in Spanish: every rule of questions/wording.py catches its Spanish form, and
plain Spanish questions and disclaimers pass. (The Spanish catalogue itself is scanned by
tests/test_wording.py, which runs over every language.)"""

from __future__ import annotations

import pytest

from questions.wording import FORBIDDEN, forbidden_phrases
from questions.words import catalogue

CAUGHT = {
    "eligible": "Usted es elegible para la ketamina.",
    "candidate": "Un buen candidato para el tratamiento.",
    "suitable": "Usted es apto para este tratamiento.",
    "recommend": "Le recomendamos una infusión.",
    "you should": "Usted debería hablar menos.",
    "you have (a condition)": "Su puntaje es alto. Usted tiene depresión.",
    "you are (a condition)": "Parece que usted está deprimido.",
    "diagnosis as a verdict": "Este total es compatible con depresión mayor.",
    "dose advice": "Tome 20 mg cada mañana.",
    "stop / start / change a medicine": "Por favor, deje de tomar sus medicinas antes de la visita.",
    "risk level": "No se calcula ningún nivel de riesgo.",
    "dose": "La dosis de ketamina es 0.5 mg/kg.",
    "keep / start / stop taking": "Siga tomando sus medicinas como le dijo quien se las receta.",
}
CLEAN = [
    "¿Tiene la presión alta?",
    "¿Usted tiene alergias?",
    "Resumen previo a la visita. No es un diagnóstico ni una recomendación de tratamiento.",
    "En los últimos 3 meses, ¿se empezó, se dejó o se cambió la dosis de alguna medicina?",
    "Si tiene una pregunta sobre una medicina, pregúntele a quien se la receta.",
    "La dosis más alta, si la sabe (por ejemplo, 20 mg)",
]


def test_every_rule_catches_its_spanish_example() -> None:
    assert set(CAUGHT) == {rule.name for rule in FORBIDDEN}
    for name, text in CAUGHT.items():
        assert any(found.startswith(name + ":") for found in forbidden_phrases(text)), name


@pytest.mark.parametrize("text", CLEAN)
def test_plain_spanish_questions_and_disclaimers_pass(text: str) -> None:
    assert forbidden_phrases(text) == []


def test_the_spanish_catalogue_denies_a_recommendation_without_making_one() -> None:
    spanish = catalogue("es")
    assert "recomendación" in spanish["summary.not_a_diagnosis"]
    assert forbidden_phrases(spanish["summary.not_a_diagnosis"]) == []
