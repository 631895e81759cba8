"""Draw one bank question as Streamlit widgets and turn what the patient entered into an answer.

Answers live in the session's own dict (not in widget keys), because Streamlit forgets a widget's value
once a run does not draw it. Each widget is seeded from the stored answer when it is drawn again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import MutableMapping
from typing import Any

import streamlit as st

from questions import Kind, Question, is_answered, tr
from questions.check import field_limit, resolve_date, rows_limit, text_limit
from questions.words import say

PREFIX = "w:"
"""Every widget key starts with this, so one sweep can forget them all (clear, resume)."""

EARLIEST_DATE = dt.date(1900, 1, 1)


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


def _label(q: Question, language: str) -> str:
    text = tr(q.label, language)
    return text + (" *" if q.required else "")


def _help(q: Question, language: str) -> str | None:
    # Hints are shown as visible text under the field (see draw), not hidden in a tooltip.
    return None


def _group_label(q: Question, language: str) -> None:
    """The visible label above a group of widgets (checkboxes, list rows)."""
    star = " \\*" if q.required else ""
    st.markdown(f"**{tr(q.label, language)}**{star}")


def _hint(q: Question, language: str) -> str:
    parts = [tr(q.help, language)]
    if q.kind is Kind.SCALE and q.anchors:
        parts.append("; ".join(f"{k} = {tr(v, language)}" for k, v in sorted(q.anchors.items())))
    return " ".join(p for p in parts if p)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Text from a patient or a file, made inert for st.markdown (no links, images, emphasis or icons)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def caption(text: str) -> None:
    """Small text under a field or a heading, at full text contrast.

    st.caption's grey is about 3.8:1 on white, below the 4.5:1 WCAG AA asks for (axe: color-contrast).
    """
    st.markdown(":small[" + text.replace("[", "\\[").replace("]", "\\]") + "]")


def _number_seed(q: Question, value: Any) -> float | int | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return int(value) if q.integer and value == int(value) else (value if q.integer else float(value))


def _number_input(q: Question, name: str, label: str, help_text: str | None, visible: bool = True) -> Any:
    return st.number_input(
        label,
        key=name,
        step=1 if q.integer else 0.1,
        format="%d" if q.integer else "%g",
        help=help_text,
        label_visibility="visible" if visible else "collapsed",
    )


def _draw_number(q: Question, stored: Any, language: str) -> Any:
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


def date_bounds(q: Question, today: dt.date, shown: object = None) -> tuple[dt.date, dt.date]:
    """The first and last day the date picker offers.

    The bank's limits (never before 1900; ten years ahead when the bank sets no latest date). A date already
    in the field (from a saved file) widens them so it is shown as it is: check() then explains it at the
    field, where Streamlit would otherwise refuse to draw the page.
    """
    earliest = max(resolve_date(q.min_date, today) or EARLIEST_DATE, EARLIEST_DATE)
    latest = resolve_date(q.max_date, today) or today + dt.timedelta(days=3652)  # not replace(): 29 Feb
    if isinstance(shown, dt.date):
        earliest, latest = min(earliest, shown), max(latest, shown)
    return earliest, latest


def _draw_date(q: Question, stored: Any, language: str) -> Any:
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


def _draw_choice(q: Question, stored: Any, language: str) -> Any:
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


def _draw_multiple(q: Question, stored: Any, language: str) -> Any:
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


def _draw_scale(q: Question, stored: Any, language: str) -> Any:
    low, high = int(q.min or 0), int(q.max if q.max is not None else 10)
    points = list(range(low, high + 1))
    _seed(key(q.id), stored if stored in points else None)
    return st.radio(_label(q, language), points, index=None, key=key(q.id), horizontal=True)


def _row_count(q: Question, stored: Any) -> int:
    name = key(q.id, "rows")
    if name not in st.session_state:
        st.session_state[name] = max(1, len(stored) if isinstance(stored, list) else 0)
    return int(st.session_state[name])


def _rows_on_screen(q: Question) -> list[dict[str, str]]:
    """The list's rows as the widgets hold them right now."""
    count = int(st.session_state.get(key(q.id, "rows"), 0))
    return [{f.id: str(st.session_state.get(key(q.id, i, f.id), "")) for f in q.fields} for i in range(count)]


def _add_row(q: Question) -> None:
    st.session_state[key(q.id, "rows")] = int(st.session_state.get(key(q.id, "rows"), 0)) + 1


def _remove_row(q: Question, index: int) -> None:
    rows = _rows_on_screen(q)
    del rows[index]
    answers = st.session_state["answers"]
    if is_answered(rows):
        answers[q.id] = rows
    else:
        answers.pop(q.id, None)
    forget_widgets(st.session_state, q.id)
    st.session_state[key(q.id, "rows")] = len(rows)


def _draw_list(q: Question, stored: Any, language: str) -> Any:
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
                            field=f"{tr(f.label, language)}{' *' if f.required else ''}",
                            thing=thing.lower(),
                            number=index + 1,
                        ),
                        key=name,
                        max_chars=field_limit(f),
                    )
            result.append(values)
            st.button(
                say(language, "widgets.remove", thing=thing.lower(), number=index + 1),
                key=key(q.id, index, "remove"),
                on_click=_remove_row,
                args=(q, index),
            )
    if count < rows_limit(q):
        add = say(language, "widgets.add_another" if count else "widgets.add_first", thing=thing.lower())
        st.button(add, key=key(q.id, "add"), on_click=_add_row, args=(q,))
    return result


def draw(q: Question, stored: Any, language: str = "en", *, show_hint: bool = True) -> Any:
    """Draw the question's widgets, seeded from its stored answer, and return the answer now entered.

    `show_hint=False` leaves out the hint under the field (the step shows a hint shared by a run of
    questions, such as a questionnaire's stem, once above them instead).
    """
    value = _draw_widgets(q, stored, language)
    hint = _hint(q, language) if show_hint and q.kind not in (Kind.MULTIPLE_CHOICE, Kind.LIST) else ""
    if hint:
        caption(hint)
    return value


def _draw_widgets(q: Question, stored: Any, language: str) -> Any:
    kind = q.kind
    if kind is Kind.SHORT_TEXT:
        _seed(key(q.id), stored if isinstance(stored, str) else "")
        return st.text_input(_label(q, language), key=key(q.id), help=_help(q, language), max_chars=text_limit(q))
    if kind is Kind.LONG_TEXT:
        _seed(key(q.id), stored if isinstance(stored, str) else "")
        return st.text_area(_label(q, language), key=key(q.id), help=_help(q, language), max_chars=text_limit(q))
    if kind is Kind.NUMBER:
        return _draw_number(q, stored, language)
    if kind is Kind.DATE:
        return _draw_date(q, stored, language)
    if kind in (Kind.SINGLE_CHOICE, Kind.YES_NO):
        return _draw_choice(q, stored, language)
    if kind is Kind.MULTIPLE_CHOICE:
        return _draw_multiple(q, stored, language)
    if kind is Kind.SCALE:
        return _draw_scale(q, stored, language)
    return _draw_list(q, stored, language)
