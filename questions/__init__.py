"""The question bank (YAML data + pydantic schema), the patient's answers, and their checks.

Imports no Streamlit: the app, the PDF and the CLI all build on this package.
"""

from questions.check import Problem, check, is_shown, problem_with, shown_ids
from questions.intake import FORMAT, FORMAT_VERSION, Answer, Intake, is_answered
from questions.loader import BANK_DIR, BankError, load_bank, load_bank_from
from questions.schema import Bank, Condition, Instrument, Kind, Option, Question, Section, tr
from questions.scoring import SafetyAlert, Score, ScreenResult, safety_alerts, score

__all__ = [
    "BANK_DIR",
    "FORMAT",
    "FORMAT_VERSION",
    "Answer",
    "Bank",
    "BankError",
    "Condition",
    "Instrument",
    "Intake",
    "Kind",
    "Option",
    "Problem",
    "Question",
    "SafetyAlert",
    "Score",
    "ScreenResult",
    "Section",
    "check",
    "is_answered",
    "is_shown",
    "load_bank",
    "load_bank_from",
    "problem_with",
    "safety_alerts",
    "score",
    "shown_ids",
    "tr",
]
