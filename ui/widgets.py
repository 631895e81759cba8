"""Draw one bank question as Streamlit widgets and turn what the patient entered into an answer.

Answers live in the session's own dict (not in widget keys), because Streamlit forgets a widget's value
once a run does not draw it. Each widget is seeded from the stored answer when it is drawn again.

Every widget is keyed by its question id (and option value or part), and a choice offers option values,
its labels drawn by `format_func`. Streamlit keeps a keyed widget's value when only its label or its
options' labels change, so switching language on a step drops no answer (tests/test_app_language.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from questions import Kind, Question, is_answered, tr
from questions.kinds import lookup
from questions.kinds.base import QuestionBase
from questions.kinds.blood_pressure import BloodPressure
from questions.kinds.choice import MultipleChoice, SingleChoice, YesNo
from questions.kinds.date import Date, as_day
from questions.kinds.lists import ListOfRows
from questions.kinds.number import Number
from questions.kinds.scale import Scale
from questions.kinds.text import LongText, ShortText
from questions.words import say

PREFIX = "w:"
"""Every widget key starts with this, so one sweep can forget them all (clear, resume)."""


def key(question_id: str, *parts: object) -> str:
    """The widget key for a question (and a row, field, option or part of it)."""
    return PREFIX + ":".join([question_id, *map(str, parts)])


def forget_widgets(state: MutableMapping[str, Any] | Any, question_id: str | None = None) -> None:
    """Drop widget values (of one question, or all) so the next draw re-seeds them from the answers."""
    prefix = key(question_id) if question_id else PREFIX
    for name in [
        k
        for k in state
        if isinstance(k, str)
        and (k == prefix or k.startswith(prefix + ":") or (question_id is None and k.startswith(PREFIX)))
    ]:
        del state[name]


def _seed(name: str, value: Any) -> None:
    if name not in st.session_state:
        st.session_state[name] = value


def _label(q: QuestionBase, language: str) -> str:
    text = tr(q.label, language)
    return text + (" *" if q.required else "")


def _help(q: QuestionBase, language: str) -> str | None:
    # Hints are shown as visible text under the field (see draw), not hidden in a tooltip.
    return None


def _group_label(q: QuestionBase, language: str) -> None:
    """The visible label above a group of widgets (checkboxes, list rows)."""
    star = " \\*" if q.required else ""
    st.markdown(f"**{tr(q.label, language)}**{star}")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Text from a patient or a file, made inert for st.markdown (no links, images, emphasis or icons)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def caption(text: str) -> None:
    """Small text under a field or a heading, at full text contrast.

    st.caption's grey is about 3.8:1 on white, below the 4.5:1 WCAG AA asks for (axe: color-contrast).
    """
    st.markdown(":small[" + text.replace("[", "\\[").replace("]", "\\]") + "]")


def _number_seed(q: Number, value: Any) -> float | int | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return int(value) if q.integer and value == int(value) else (value if q.integer else float(value))


def _number_input(q: Number, name: str, label: str, help_text: str | None, visible: bool = True) -> Any:
    return st.number_input(
        label,
        key=name,
        step=1 if q.integer else 0.1,
        format="%d" if q.integer else "%g",
        help=help_text,
        label_visibility="visible" if visible else "collapsed",
    )


def _draw_number(q: Number, stored: Any, language: str) -> Any:
    label, help_text = _label(q, language), _help(q, language)
    if not q.units:
        unit = tr(q.unit, language)
        _seed(key(q.id), _number_seed(q, stored))
        value = _number_input(q, key(q.id), f"{label} ({unit})" if unit else label, help_text)
        return value
    stored = stored if isinstance(stored, dict) else {}
    unit_ids = [u.id for u in q.units]
    _seed(key(q.id, "value"), _number_seed(q, stored.get("value")))
    _seed(key(q.id, "unit"), stored.get("unit") if stored.get("unit") in unit_ids else unit_ids[0])
    left, right = st.columns([2, 1])
    with left:
        value = _number_input(q, key(q.id, "value"), label, help_text)
    with right:
        unit = st.radio(
            say(language, "widgets.unit_for", question=tr(q.label, language).lower()),
            unit_ids,
            key=key(q.id, "unit"),
            format_func=lambda u: tr(next(x.label for x in q.units if x.id == u), language),
            horizontal=True,
        )
    return None if value is None else {"value": value, "unit": unit}


PICKER_EARLIEST = dt.date(1800, 1, 1)
PICKER_YEARS_AHEAD = 36525
"""The date picker accepts any day from 1800 to about a hundred years ahead."""


def date_bounds(q: QuestionBase, today: dt.date, shown: object = None) -> tuple[dt.date, dt.date]:
    """The first and last day the date picker accepts: wider than the bank's limits on purpose.

    A browser's date picker quietly refuses or clamps a day outside its range, so a typed answer would be
    lost with no word why. The picker keeps any plausible day, and the kind's problem() checks the bank's
    limits and says the rule at the field (and Next stops there). A day already in the field (from a saved
    file) widens them further so it is shown as it is.
    """
    if not isinstance(q, Date | BloodPressure):
        raise TypeError(f"question '{q.id}' is a {q.kind.value} question, not a date")
    earliest, latest = PICKER_EARLIEST, today + dt.timedelta(days=PICKER_YEARS_AHEAD)  # not replace(): 29 Feb
    if isinstance(shown, dt.date):
        earliest, latest = min(earliest, shown), max(latest, shown)
    return earliest, latest


def _draw_date(q: Date, stored: Any, language: str) -> Any:
    try:
        seeded = dt.date.fromisoformat(stored) if isinstance(stored, str) else None
    except ValueError:
        seeded = None
    _seed(key(q.id), seeded)
    earliest, latest = date_bounds(q, dt.date.today(), st.session_state.get(key(q.id)))
    value = st.date_input(
        _label(q, language),
        key=key(q.id),
        min_value=earliest,
        max_value=latest,
        format="YYYY/MM/DD",
        help=_help(q, language),
    )
    return value.isoformat() if isinstance(value, dt.date) else None


def _draw_choice(q: SingleChoice | YesNo, stored: Any, language: str) -> Any:
    values = [o.value for o in q.choices()]
    _seed(key(q.id), stored if stored in values else None)
    return st.radio(
        _label(q, language),
        values,
        index=None,
        key=key(q.id),
        format_func=lambda v: tr(q.option(v).label, language),  # type: ignore[union-attr]
        horizontal=q.kind is Kind.YES_NO,
        help=_help(q, language),
    )


def _draw_multiple(q: MultipleChoice, stored: Any, language: str) -> Any:
    picked = set(stored) if isinstance(stored, list) else set()
    _group_label(q, language)
    if q.help:
        caption(tr(q.help, language))
    chosen = []
    for option in q.options:
        _seed(key(q.id, option.value), option.value in picked)
        if st.checkbox(tr(option.label, language), key=key(q.id, option.value)):
            chosen.append(option.value)
    return chosen


def _draw_scale(q: Scale, stored: Any, language: str) -> Any:
    points = q.points()
    _seed(key(q.id), stored if stored in points else None)
    return st.radio(_label(q, language), points, index=None, key=key(q.id), horizontal=True)


def _row_count(q: ListOfRows, stored: Any) -> int:
    name = key(q.id, "rows")
    if name not in st.session_state:
        st.session_state[name] = max(1, len(stored) if isinstance(stored, list) else 0)
    return int(st.session_state[name])


def _rows_on_screen(q: ListOfRows) -> list[dict[str, str]]:
    """The list's rows as the widgets hold them right now."""
    count = int(st.session_state.get(key(q.id, "rows"), 0))
    return [{f.id: str(st.session_state.get(key(q.id, i, f.id), "")) for f in q.fields} for i in range(count)]


def _add_row(q: ListOfRows) -> None:
    st.session_state[key(q.id, "rows")] = int(st.session_state.get(key(q.id, "rows"), 0)) + 1


def _remove_row(q: ListOfRows, index: int) -> None:
    rows = _rows_on_screen(q)
    del rows[index]
    answers = st.session_state["answers"]
    if is_answered(rows):
        answers[q.id] = rows
    else:
        answers.pop(q.id, None)
    forget_widgets(st.session_state, q.id)
    st.session_state[key(q.id, "rows")] = len(rows)


def _draw_list(q: ListOfRows, stored: Any, language: str) -> Any:
    rows = stored if isinstance(stored, list) else []
    thing = tr(q.item_label, language) or say(language, "widgets.row")
    _group_label(q, language)
    if q.help:
        caption(tr(q.help, language))
    result = []
    count = _row_count(q, stored)
    for index in range(count):
        row = rows[index] if index < len(rows) and isinstance(rows[index], dict) else {}
        with st.container(border=True):
            columns = st.columns(min(len(q.fields), 4))
            values = {}
            for position, f in enumerate(q.fields):
                name = key(q.id, index, f.id)
                _seed(name, str(row.get(f.id, "")))
                with columns[position % len(columns)]:
                    values[f.id] = st.text_input(
                        say(
                            language,
                            "widgets.row_field",
                            # A star means required: a row's field is only when the list itself is.
                            field=f"{tr(f.label, language)}{' *' if f.required and q.required else ''}",
                            thing=thing.lower(),
                            number=index + 1,
                        ),
                        key=name,
                        max_chars=f.limit(),
                    )
            result.append(values)
            st.button(
                say(language, "widgets.remove", thing=thing.lower(), number=index + 1),
                key=key(q.id, index, "remove"),
                on_click=_remove_row,
                args=(q, index),
            )
    if count < q.rows_limit():
        add = say(language, "widgets.add_another" if count else "widgets.add_first", thing=thing.lower())
        st.button(add, key=key(q.id, "add"), on_click=_add_row, args=(q,))
    return result


def _draw_short_text(q: ShortText, stored: Any, language: str) -> Any:
    _seed(key(q.id), stored if isinstance(stored, str) else "")
    return st.text_input(_label(q, language), key=key(q.id), help=_help(q, language), max_chars=q.limit())


def _draw_long_text(q: LongText, stored: Any, language: str) -> Any:
    _seed(key(q.id), stored if isinstance(stored, str) else "")
    return st.text_area(_label(q, language), key=key(q.id), help=_help(q, language), max_chars=q.limit())


def _whole_seed(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _draw_blood_pressure(q: BloodPressure, stored: Any, language: str) -> Any:
    """Top and bottom numbers side by side, and the day of the reading under them."""
    stored = stored if isinstance(stored, dict) else {}
    _seed(key(q.id, "systolic"), _whole_seed(stored.get("systolic")))
    _seed(key(q.id, "diastolic"), _whole_seed(stored.get("diastolic")))
    _seed(key(q.id, "taken"), as_day(stored.get("taken")))
    _group_label(q, language)
    top, bottom = st.columns(2)
    with top:
        systolic = st.number_input(say(language, "kinds.blood_pressure.top"), key=key(q.id, "systolic"), step=1)
    with bottom:
        diastolic = st.number_input(say(language, "kinds.blood_pressure.bottom"), key=key(q.id, "diastolic"), step=1)
    earliest, latest = date_bounds(q, dt.date.today(), st.session_state.get(key(q.id, "taken")))
    taken = st.date_input(
        say(language, "kinds.blood_pressure.day"),
        key=key(q.id, "taken"),
        min_value=earliest,
        max_value=latest,
        format="YYYY/MM/DD",
    )
    reading = {"systolic": systolic, "diastolic": diastolic}
    answer: dict[str, Any] = {k: v for k, v in reading.items() if v is not None}
    if isinstance(taken, dt.date):
        answer["taken"] = taken.isoformat()
    return answer or None


@dataclass(frozen=True)
class Widget:
    """How a kind is drawn: its widgets (returning the answer now entered), and whether they show the hint
    themselves (a group of check boxes or list rows puts it under its own label)."""

    draw: Callable[[Any, Any, str], Any]
    own_hint: bool = False


WIDGETS: dict[Kind, Widget] = {
    Kind.SHORT_TEXT: Widget(_draw_short_text),
    Kind.LONG_TEXT: Widget(_draw_long_text),
    Kind.NUMBER: Widget(_draw_number),
    Kind.DATE: Widget(_draw_date),
    Kind.SINGLE_CHOICE: Widget(_draw_choice),
    Kind.MULTIPLE_CHOICE: Widget(_draw_multiple, own_hint=True),
    Kind.YES_NO: Widget(_draw_choice),
    Kind.SCALE: Widget(_draw_scale),
    Kind.LIST: Widget(_draw_list, own_hint=True),
    Kind.BLOOD_PRESSURE: Widget(_draw_blood_pressure),
}
"""The widget table: how each kind is drawn."""


def widget(kind: object) -> Widget:
    """The widget of a kind (UnknownKind when the table has none)."""
    return lookup(WIDGETS, kind, "widget (ui/widgets.py WIDGETS)")


def draw(q: Question, stored: Any, language: str = "en", *, show_hint: bool = True) -> Any:
    """Draw the question's widgets, seeded from its stored answer, and return the answer now entered.

    `show_hint=False` leaves out the hint under the field (the step shows a hint shared by a run of
    questions, such as a questionnaire's stem, once above them instead).
    """
    drawn = widget(q.kind)
    value = drawn.draw(q, stored, language)
    hint = q.hint(language) if show_hint and not drawn.own_hint else ""
    if hint:
        caption(hint)
    return value
