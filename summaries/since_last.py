"""What changed since the last visit, derived once from the series of visits: page 1 of a follow-up, the chart.

`build_since_last` is a pure function of (follow-up settings, visits, language). It holds numbers and
words, never a verdict: each instrument's total then and now and the change, the published definitions
(as definitions, with their citations), the side effects reported, and the answers that changed.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from questions import Bank, is_answered, shown_ids, tr
from questions.follow_up import Definition, FollowUp
from questions.visits import Total, Visit
from questions.words import format_number, say
from summaries.summary import format_answer


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Point(_Frozen):
    """One visit's total (None when an item was left out that day)."""

    date: dt.date
    total: Total


class Band(_Frozen):
    """A published range, drawn as a band behind the chart's line."""

    low: float
    high: float
    label: str


class Trend(_Frozen):
    """One instrument's totals across all visits, with its published ranges and how it is drawn."""

    instrument_id: str
    name: str
    low: float
    high: float
    decimals: int
    bands: list[Band]
    points: list[Point]
    short_citation: str


class Change(_Frozen):
    """One instrument's total at the last visit and now, in words, with the published definitions."""

    instrument_id: str
    name: str
    then: str
    now: str
    change: str
    first: str = Field(description="The change since the first visit, in words ('' when the last one was the first).")
    definitions: list[str] = Field(default_factory=list)


class ChangedAnswer(_Frozen):
    """An answer that differs from the last visit's."""

    question: str
    section: str
    old: str
    new: str


class SideEffect(_Frozen):
    """A side effect the patient reported since the last visit, with how long it lasted."""

    question: str
    answer: str
    how_long: str = ""


class SinceLast(_Frozen):
    """Everything page 1 of a follow-up adds, and the chart's data."""

    last_date: dt.date
    first_date: dt.date
    visits: int
    changes: list[Change]
    side_effects: list[SideEffect]
    changed: list[ChangedAnswer]
    trends: list[Trend]
    sources: list[str] = Field(default_factory=list, description="Full citations of the definitions printed.")


DEFINITION_KEYS = {
    "min_change": "visits.definition.min_change",
    "response": "visits.definition.response",
    "remission": "visits.definition.remission",
}
"""The catalogue text of each kind of published definition."""


def _number(value: float, decimals: int, language: str) -> str:
    return format_number(round(value, decimals), language)


def _total(total: Total, decimals: int, language: str) -> str:
    return say(language, "visits.no_total") if total is None else _number(total, decimals, language)


def _difference(before: Total, after: Total, decimals: int, language: str) -> str:
    if before is None or after is None:
        return say(language, "visits.no_change")
    delta = round(after - before, decimals)
    if delta == 0:
        return say(language, "visits.same")
    key = "visits.up" if delta > 0 else "visits.down"
    return say(language, key, points=_number(abs(delta), decimals, language))


def _definition(definition: Definition, name: str, language: str) -> str:
    number = {"points": definition.points, "percent": definition.percent, "below": definition.below}
    fields = {k: format_number(v, language) for k, v in number.items() if v is not None}
    return say(language, DEFINITION_KEYS[definition.kind], name=name, short=definition.short, **fields)


def _first_change(first: Visit, now: Visit, instrument_id: str, decimals: int, language: str) -> str:
    before, after = first.scores.get(instrument_id), now.scores.get(instrument_id)
    if before is None or after is None:
        return ""
    change = _difference(before, after, decimals, language)
    if before > 0:
        percent = format_number(round((after - before) / before * 100), language)
        return say(
            language, "visits.since_first_percent", date=_date(first.date, language), change=change, percent=percent
        )
    return say(language, "visits.since_first", date=_date(first.date, language), change=change)


def _date(day: dt.date, language: str) -> str:
    from questions.words import format_date

    return format_date(day, language)


def _changes(follow_up: FollowUp, visits: list[Visit], language: str) -> tuple[list[Change], list[str]]:
    bank = follow_up.bank
    last, now = visits[-2], visits[-1]
    changes: list[Change] = []
    sources: list[str] = []
    for instrument in bank.instruments:
        if instrument.id not in follow_up.config.trend:
            continue
        if instrument.id not in now.scores and instrument.id not in last.scores:
            continue
        decimals = instrument.decimals
        before, after = last.scores.get(instrument.id), now.scores.get(instrument.id)
        definitions = follow_up.config.definitions.get(instrument.id, [])
        for d in definitions:
            if d.citation not in sources:
                sources.append(d.citation)
        changes.append(
            Change(
                instrument_id=instrument.id,
                name=tr(instrument.name, language),
                then=_total(before, decimals, language),
                now=_total(after, decimals, language),
                change=_difference(before, after, decimals, language),
                first="" if len(visits) < 3 else _first_change(visits[0], now, instrument.id, decimals, language),
                definitions=[_definition(d, tr(instrument.name, language), language) for d in definitions],
            )
        )
    return changes, sources


def _side_effects(follow_up: FollowUp, now: Visit, language: str) -> list[SideEffect]:
    bank = follow_up.bank
    shown = shown_ids(bank, now.answers)
    found = []
    for qid in follow_up.config.side_effects:
        q = bank.question(qid)
        value = now.answers.get(qid)
        if qid not in shown or not is_answered(value) or item_is_no(value):
            continue
        follow = next((f for f in bank.questions() if f.show_if and any(c.question == qid for c in f.show_if)), None)
        how_long = ""
        if follow is not None and is_answered(now.answers.get(follow.id)):
            how_long = format_answer(follow, now.answers[follow.id], language).text
        if value is not None:
            answer = format_answer(q, value, language).text
            found.append(SideEffect(question=tr(q.label, language), answer=answer, how_long=how_long))
    return found


def item_is_no(value: object) -> bool:
    """Whether a check-in answer is the plain 'no' (stored value, never a displayed text)."""
    return value == "no"


def _changed(follow_up: FollowUp, visits: list[Visit], language: str) -> list[ChangedAnswer]:
    """Answers that differ from the last visit's, outside the check-in and the questionnaires asked again."""
    bank = follow_up.bank
    skip = follow_up.check_in_ids() | follow_up.asked_again_ids()
    last, now = visits[-2].answers, visits[-1].answers
    shown_now, shown_then = shown_ids(bank, now), shown_ids(bank, last)
    out = []
    for section in bank.sections:
        for q in section.questions:
            if q.id in skip:
                continue
            old = last.get(q.id) if q.id in shown_then else None
            new = now.get(q.id) if q.id in shown_now else None
            if old == new or (not is_answered(old) and not is_answered(new)):
                continue
            blank = say(language, "visits.not_answered")
            out.append(
                ChangedAnswer(
                    question=tr(q.label, language),
                    section=tr(section.title, language),
                    old=format_answer(q, old, language).text if old is not None and is_answered(old) else blank,
                    new=format_answer(q, new, language).text if new is not None and is_answered(new) else blank,
                )
            )
    return out


def trends(bank: Bank, instrument_ids: list[str], visits: list[Visit], language: str = "en") -> list[Trend]:
    """Each listed instrument with a total at some visit: its totals across every visit and its bands (names
    and band labels in `language`)."""
    from questions.scoring import total_range

    out = []
    for instrument in bank.instruments:
        if instrument.id not in instrument_ids or not any(v.scores.get(instrument.id) is not None for v in visits):
            continue
        low, high = total_range(bank, instrument)
        if high is None:
            continue
        out.append(
            Trend(
                instrument_id=instrument.id,
                name=tr(instrument.name, language),
                low=low,
                high=high,
                decimals=instrument.decimals,
                bands=[Band(low=b.low, high=b.high, label=tr(b.label, language)) for b in instrument.bands],
                points=[Point(date=v.date, total=v.scores.get(instrument.id)) for v in visits],
                short_citation=instrument.source.short,
            )
        )
    return out


def build_since_last(follow_up: FollowUp, visits: list[Visit], language: str = "en") -> SinceLast | None:
    """What page 1 of a follow-up shows; None for a first visit (one visit in the series)."""
    if len(visits) < 2:
        return None
    changes, sources = _changes(follow_up, visits, language)
    return SinceLast(
        last_date=visits[-2].date,
        first_date=visits[0].date,
        visits=len(visits),
        changes=changes,
        side_effects=_side_effects(follow_up, visits[-1], language),
        changed=_changed(follow_up, visits, language),
        trends=trends(follow_up.bank, follow_up.config.trend, visits, language),
        sources=sources,
    )
