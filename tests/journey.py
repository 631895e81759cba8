"""Drive the app through AppTest like a patient: fill each step's widgets, move on, capture downloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit
from streamlit.testing.v1 import AppTest

from questions import Bank, Kind, Question, Section
from samples.answers import sample_answer
from ui.widgets import key

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def start_app() -> AppTest:
    """A fresh session of the app, on the before-you-start screen."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def set_answer(at: AppTest, q: Question, value: Any) -> None:
    """Enter a value into the question's widgets, as a patient would."""
    if q.kind in (Kind.SHORT_TEXT,):
        at.text_input(key=key(q.id)).input(value)
    elif q.kind is Kind.LONG_TEXT:
        at.text_area(key=key(q.id)).input(value)
    elif q.kind is Kind.NUMBER and q.units:
        at.number_input(key=key(q.id, "value")).set_value(value["value"])
        at.radio(key=key(q.id, "unit")).set_value(value["unit"])
    elif q.kind is Kind.NUMBER:
        at.number_input(key=key(q.id)).set_value(value)
    elif q.kind is Kind.DATE:
        at.date_input(key=key(q.id)).set_value(dt.date.fromisoformat(value))
    elif q.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.SCALE):
        at.radio(key=key(q.id)).set_value(value)
    elif q.kind is Kind.MULTIPLE_CHOICE:
        for option in q.options:
            at.checkbox(key=key(q.id, option.value)).set_value(option.value in value)
    elif q.kind is Kind.BLOOD_PRESSURE:
        at.number_input(key=key(q.id, "systolic")).set_value(value["systolic"])
        at.number_input(key=key(q.id, "diastolic")).set_value(value["diastolic"])
        if "taken" in value:
            at.date_input(key=key(q.id, "taken")).set_value(dt.date.fromisoformat(value["taken"]))
    else:
        while len(
            [b for b in at.button if b.key and b.key.startswith(key(q.id) + ":") and b.key.endswith(":remove")]
        ) < len(value):
            at.button(key=key(q.id, "add")).click().run()
        for index, row in enumerate(value):
            for field, text in row.items():
                at.text_input(key=key(q.id, index, field)).input(text)


def fill_section(
    at: AppTest, bank: Bank, section: Section, choose: Callable[[Question], Any] = sample_answer
) -> dict[str, Any]:
    """Answer every question this step shows (follow-ups appear as answers arrive); return what was entered."""
    entered: dict[str, Any] = {}
    for _ in range(10):
        new = [q for q in section.questions if q.id not in entered and _is_drawn(at, q)]
        if not new:
            break
        for q in new:
            entered[q.id] = choose(q)
            set_answer(at, q, entered[q.id])
        at.run()
        assert not at.exception, at.exception
    return entered


def _is_drawn(at: AppTest, q: Question) -> bool:
    if q.kind is Kind.MULTIPLE_CHOICE:
        probe = key(q.id, q.options[0].value)
    elif q.kind is Kind.NUMBER and q.units:
        probe = key(q.id, "value")
    elif q.kind is Kind.BLOOD_PRESSURE:
        probe = key(q.id, "systolic")
    elif q.kind is Kind.LIST:
        probe = key(q.id, "add")
    else:
        probe = key(q.id)
    try:
        at.get_by_key(probe)
    except KeyError:
        return False
    return True


def click(at: AppTest, button_key: str) -> AppTest:
    """Click a button by key and rerun."""
    at.button(key=button_key).click().run()
    assert not at.exception, at.exception
    return at


def current_step(at: AppTest) -> int:
    """The step the session is on."""
    return int(at.session_state["step"])


class DownloadCapture:
    """Records what the app hands to st.download_button, so tests can read the bytes a click would give."""

    def __init__(self) -> None:
        self.calls: dict[str, Any] = {}
        self._real = streamlit.download_button

    def __call__(self, label: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        self.calls[kwargs.get("key") or label] = (data, kwargs)
        return self._real(label, data, *args, **kwargs)

    def bytes_of(self, button_key: str) -> bytes:
        """The file the patient would get by clicking this download button."""
        data, _ = self.calls[button_key]
        result = data() if callable(data) else data
        return result.encode() if isinstance(result, str) else bytes(result)
