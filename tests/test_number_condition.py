"""A question shown after a number answer of at least some value (`show_if: {question, at_least}`): the drug
follow-ups show only after a positive single drug question, on screen, on the paper form and in FHIR."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_bank import load_error, write_bank

from questions import Bank, load_bank_from, shown_ids
from summaries.blank_words import show_if_text
from summaries.fhir import questionnaire

COUNTED = """\
id: extra
title: Extra
questions:
  - {id: times, kind: number, label: "How many times?", integer: true, min: 0}
  - id: which
    kind: short_text
    label: "Which ones?"
    show_if: {question: times, at_least: 1}
"""


def test_a_number_condition_holds_for_that_number_or_more(tmp_path: Path) -> None:
    bank = load_bank_from(write_bank(tmp_path, extra=COUNTED))
    assert "which" not in shown_ids(bank, {})
    assert "which" not in shown_ids(bank, {"times": 0})
    assert "which" in shown_ids(bank, {"times": 1})
    assert "which" in shown_ids(bank, {"times": 40})
    assert "which" not in shown_ids(bank, {"times": True})  # a stray yes/no is not a number


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("{question: times, at_least: 1, any_of: [yes]}", "either `any_of`"),
        ("{question: times}", "either `any_of`"),
        ("{question: name_it, at_least: 1}", "needs a number question"),
    ],
)
def test_a_number_condition_that_means_nothing_is_a_load_error(tmp_path: Path, condition: str, expected: str) -> None:
    body = COUNTED.replace("{question: times, at_least: 1}", condition).replace(
        "  - id: which", "  - {id: name_it, kind: short_text, label: Name it}\n  - id: which"
    )
    message = load_error(write_bank(tmp_path, extra=body))
    assert message.startswith(str(tmp_path / "extra.yaml"))
    assert "'which'" in message
    assert expected in message


def test_the_drug_follow_ups_show_only_after_a_positive_single_drug_question(bank: Bank) -> None:
    assert {"drugs_used", "drugs_last_used"}.isdisjoint(shown_ids(bank, {"drug_use_past_year": 0}))
    shown = shown_ids(bank, {"drug_use_past_year": 3, "drugs_used": ["cocaine"]})
    assert {"drugs_used", "drugs_last_used"} <= shown


def test_the_paper_form_and_fhir_say_the_number_condition(bank: Bank) -> None:
    question = bank.question("drugs_used")
    numbers = {q.id: n for n, q in enumerate(bank.questions(), start=1)}
    text = show_if_text(bank, question.show_if or [], numbers)
    assert text == f"Answer only if you answered 1 or more to question {numbers['drug_use_past_year']}."
    items = questionnaire(bank)["item"]

    def find(items: list[dict[str, object]]) -> dict[str, object] | None:
        for item in items:
            if item["linkId"] == "drugs_used":
                return item
            found = find(item.get("item", []))  # type: ignore[arg-type]
            if found:
                return found
        return None

    item = find(items)
    assert item is not None
    assert item["enableWhen"] == [{"question": "drug_use_past_year", "operator": ">=", "answerInteger": 1}]
