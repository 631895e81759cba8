"""Question kinds: each defined once (questions/kinds/), and every renderer has an entry for every kind."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from test_bank import load_error, write_bank

from questions import Intake, problem_with
from questions.kinds import KINDS, Kind, UnknownKind, lookup, make_question
from questions.schema import Bank
from summaries.blank_questions import RENDERERS
from summaries.fhir_items import FHIR_KINDS, fhir_kind
from summaries.summary import format_answer
from ui.widgets import WIDGETS, widget

TODAY = dt.date(2026, 12, 1)

TABLES: dict[str, Mapping[Any, object]] = {
    "kind definitions (questions/kinds KINDS)": KINDS,
    "widgets (ui/widgets.py WIDGETS)": WIDGETS,
    "FHIR items (summaries/fhir_items.py FHIR_KINDS)": FHIR_KINDS,
    "paper form (summaries/blank_questions.py RENDERERS)": RENDERERS,
}


@pytest.mark.parametrize("table", list(TABLES))
def test_every_kind_has_an_entry_in_every_table(table: str) -> None:
    assert set(TABLES[table]) == set(Kind), table


def test_each_kind_is_its_own_model() -> None:
    for kind, model in KINDS.items():
        assert model.model_fields["kind"].annotation is not Kind, f"{kind}: the model must fix its kind"


@pytest.mark.parametrize("lookup_in", [widget, fhir_kind, lambda kind: lookup(KINDS, kind, "model")])
def test_an_unknown_kind_is_a_clear_error_not_a_fallback(lookup_in) -> None:
    with pytest.raises(UnknownKind, match="'slider'"):
        lookup_in("slider")


def test_the_paper_form_refuses_an_unknown_kind() -> None:
    from summaries.blank_questions import renderer

    slider = make_question(id="sleep", kind="scale", label="Sleep", min=0, max=10).model_copy(update={"kind": "slider"})
    with pytest.raises(ValueError, match="'slider'"):
        renderer(slider)


def _every_kind(bank: Bank) -> dict[Kind, object]:
    """One question of each kind from the bundled bank (each kind is asked at least once)."""
    found: dict[Kind, object] = {}
    for q in bank.questions():
        found.setdefault(q.kind, q)
    return found


def test_the_bank_asks_every_kind(bank: Bank) -> None:
    assert set(_every_kind(bank)) == set(Kind)


@pytest.mark.parametrize("kind", list(Kind))
def test_a_kinds_sample_answer_is_valid_reads_in_words_and_round_trips(bank: Bank, kind: Kind) -> None:
    q = next(q for q in bank.questions() if q.kind is kind)
    value = q.sample()
    assert problem_with(q, value, "en", TODAY) is None, (q.id, value)
    intake = Intake(bank_id=bank.id, bank_version=bank.version, answers={q.id: value})
    again = Intake.model_validate_json(intake.model_dump_json())
    assert again.answers[q.id] == value
    assert json.loads(intake.model_dump_json())["answers"][q.id] == value
    item = format_answer(q, value)
    assert item.text.strip(), q.id
    assert item.value == value


def test_a_setting_that_means_nothing_for_the_kind_names_file_and_question(tmp_path: Path) -> None:
    body = """\
        id: extra
        title: Extra
        questions:
          - id: sessions
            kind: number
            label: How many sessions?
            options:
              - {value: one, label: One}
        """
    message = load_error(write_bank(tmp_path, extra=body))
    assert message.startswith(str(tmp_path / "extra.yaml"))
    assert "'sessions'" in message
    assert "options" in message
    assert "number question does not take" in message


def test_an_unknown_kind_at_load_names_the_kind_and_the_known_ones(tmp_path: Path) -> None:
    body = """\
        id: extra
        title: Extra
        questions:
          - {id: sleep, kind: slider, label: Sleep}
        """
    message = load_error(write_bank(tmp_path, extra=body))
    assert "'sleep'" in message
    assert "kind 'slider' is not a question kind" in message
    assert "yes_no" in message


def test_a_kinds_own_check_fails_at_load_with_one_sentence(tmp_path: Path) -> None:
    body = """\
        id: extra
        title: Extra
        questions:
          - {id: pain, kind: scale, label: Pain, min: 0}
        """
    message = load_error(write_bank(tmp_path, extra=body))
    assert "'pain'" in message
    assert "a scale needs min and max" in message
    assert "Value error" not in message


def test_make_question_builds_the_kinds_model() -> None:
    q = make_question(id="nick", kind="short_text", label="Nickname")
    assert type(q).__name__ == "ShortText"
    with pytest.raises(ValueError, match="options"):
        make_question(id="n", kind="number", label="N", options=[{"value": "a", "label": "A"}])
