"""Interaction figure: server time of one answer change on the step with the most widgets, through AppTest.

The app: the maximal patient (every section, 60 medications) is put into a session, every step is drawn
once and its widgets counted, and the session stays on the step with the most. One repeat changes one
text box on that step (alternating between two values, so every run is a real change) and times
`at.run()`: the whole script run the server does for that keystroke, plus AppTest reading the result.

The floor: a bare script (AppTest.from_string) drawing the same widgets, of the same types, with the same
labels, keys, options and values, in a flat column; the same text box is changed the same way.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Node, Widget

from bench import intakes
from bench.pdf import ms
from bench.stats import Figure, Times, timed
from questions import Bank, tr

APP = str(intakes.ROOT / "app.py")
INTERACTION_RATIO = 1.5
TIMEOUT = 300


def widgets(at: AppTest) -> list[Node]:
    """Every widget the last run drew, in page order."""
    found: list[Node] = []

    def walk(node: Any) -> None:
        if isinstance(node, Widget) or getattr(node, "type", None) in ("file_uploader", "download_button"):
            found.append(node)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


def _literal(node: Node) -> str:
    """One line of the floor script drawing a widget like `node`."""
    kind, label, key = node.type, repr(getattr(node, "label", "")), repr(getattr(node, "key", None))
    value = getattr(node, "value", None)
    if kind == "text_input":
        return f"st.text_input({label}, value={value!r}, key={key})"
    if kind == "text_area":
        return f"st.text_area({label}, value={value!r}, key={key})"
    if kind == "checkbox":
        return f"st.checkbox({label}, value={bool(value)!r}, key={key})"
    if kind == "radio":
        options = list(node.options)  # type: ignore[union-attr]
        index = node.index  # type: ignore[union-attr]
        return f"st.radio({label}, {options!r}, index={index!r}, key={key})"
    if kind == "number_input":
        return f"st.number_input({label}, value={value!r}, key={key})"
    if kind == "date_input":
        return f"st.date_input({label}, value={value!r}, key={key})"
    if kind == "download_button":
        return f"st.download_button({label}, data=b'x', key={key})"
    if kind == "file_uploader":
        return f"st.file_uploader({label}, key={key})"
    return f"st.button({label}, key={key})"


def floor_script(drawn: list[Node]) -> str:
    """A bare Streamlit script drawing the same widgets (types, labels, keys, options, values)."""
    return "\n".join(["import datetime", "import streamlit as st", *(_literal(w) for w in drawn)])


@dataclass
class Step:
    """The step with the most widgets."""

    number: int
    title: str
    drawn: list[Node]

    @property
    def counts(self) -> str:
        """Widgets by type, most first."""
        return ", ".join(f"{n} {t}" for t, n in Counter(w.type for w in self.drawn).most_common())


def largest_step(bank: Bank, answers: dict[str, Any]) -> tuple[AppTest, Step]:
    """A session holding `answers`, left on the step with the most widgets."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    best: Step | None = None
    for number in range(1, len(bank.sections) + 2):
        _go(at, answers, number)
        drawn = widgets(at)
        if best is None or len(drawn) > len(best.drawn):
            title = tr(bank.sections[number - 1].title) if number <= len(bank.sections) else "Review"
            best = Step(number, title, drawn)
    assert best is not None
    _go(at, answers, best.number)
    return at, best


def _go(at: AppTest, answers: dict[str, Any], step: int) -> None:
    at.session_state["answers"] = copy.deepcopy(answers)
    at.session_state["step"] = step
    at.run()
    if at.exception:
        raise RuntimeError(f"the app failed on step {step}: {at.exception[0].message}")


def _changer(at: AppTest, key: str) -> Any:
    values = ["Changed once", "Changed twice"]
    turn = [0]

    def change() -> None:
        turn[0] += 1
        at.text_input(key=key).input(values[turn[0] % 2])
        at.run()

    return change


def interaction_figures(bank: Bank, repeats: int) -> list[Figure]:
    """One answer change on the largest step, and on its floor."""
    answers = dict(intakes.maximal_intake(bank).answers)
    at, step = largest_step(bank, answers)
    key = next(w.key for w in step.drawn if w.type == "text_input" and w.key)
    floor = AppTest.from_string(floor_script(step.drawn), default_timeout=TIMEOUT)
    floor.run()
    if floor.exception:
        raise RuntimeError(f"the floor script failed: {floor.exception[0].message}")
    if len(widgets(floor)) != len(step.drawn):
        raise RuntimeError(f"the floor draws {len(widgets(floor))} widgets, the app {len(step.drawn)}")
    change, change_floor = _changer(at, key), _changer(floor, key)
    for _ in range(2):
        change()
        change_floor()
    app_times, floor_times = Times(), Times()
    for _ in range(repeats):
        timed(change, app_times)
        timed(change_floor, floor_times)
    if at.exception:
        raise RuntimeError(f"the app failed while measured: {at.exception[0].message}")
    note = f"step {step.number} ({step.title}): {len(step.drawn)} widgets ({step.counts}); changed {key}"
    return [
        Figure(
            "Interaction, one answer change",
            "ms",
            ms(app_times.cpu),
            ms(floor_times.cpu),
            INTERACTION_RATIO,
            note=note,
            wall=ms(app_times.wall),
            floor_wall=ms(floor_times.wall),
        )
    ]
