"""The patients the benchmarks measure, built from the bank itself (samples/patients.py): typical and maximal.

- typical: every required question answered, about a quarter of the yes / no questions answered "yes"
  (so some follow-ups show), a few sentences in each long answer shown, 5 medications.
- maximal: samples/patients.py's maximal patient (every section, every follow-up shown, every option
  picked), with 60 medications and every long answer shown filled to 20,000 characters.
- scaled(rows, chars): the maximal patient with `rows` medications and `chars` characters in every long
  answer (the growth series).
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from pathlib import Path
from typing import Any

from questions import Bank, Intake, Kind, Question, check
from questions.check import resolve_date
from questions.kinds.date import Date
from samples.answers import sample_answer
from samples.patients import build, maximal

ROOT = Path(__file__).resolve().parent.parent

MEDICATIONS = "medication_list"
MAX_TEXT = 20_000
MAX_MEDICATIONS = 60

_WORDS = (  # noqa: SIM905 (prose is easier to read and edit as one string)
    "I have felt low most days since the spring and my sleep is broken I wake at four and cannot get back "
    "my partner says I am quieter than before work is harder I tried two medicines with my doctor one made "
    "me tired the other helped a little for a few months naïve café Łukasz Zoë São Paulo déjà vu "
    "anxiety mornings evenings weekends appointment therapist dose side effects headaches nausea "
    "walking helps friends family pain in my back knee shoulder"
).split()


def prose(chars: int, seed: int = 0) -> str:
    """`chars` characters of patient-like prose: sentences, line breaks and blank lines between paragraphs."""
    rng = random.Random(seed)  # noqa: S311 (reproducible text, not secrets)
    out: list[str] = []
    length = 0
    while length < chars:
        sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 18)))
        sentence = sentence[0].upper() + sentence[1:] + rng.choice([".", ".", ".", "?", ", and so on."])
        out.append(sentence)
        out.append(rng.choices([" ", "\n", "\n\n"], weights=[12, 1, 2])[0])
        length += len(sentence) + 1
    return "".join(out)[:chars].rstrip() or "x"


def medications(count: int) -> list[dict[str, str]]:
    """`count` rows of the medication list, each different."""
    names = ["Sertraline", "Bupropion", "Lamotrigine", "Levothyroxine", "Metformin", "Lisinopril", "Ibuprofen"]
    return [
        {
            "name": f"{names[n % len(names)]} {n + 1}",
            "dose": f"{(n % 8 + 1) * 25} mg",
            "how_often": "once a day" if n % 3 else "twice a day, with food",
            "since_when": f"March {2010 + n % 15}",
        }
        for n in range(count)
    ]


def _date_within(q: Date, day: dt.date) -> str:
    today = dt.date.today()
    earliest, latest = resolve_date(q.min_date, today), resolve_date(q.max_date, today)
    if earliest and day < earliest:
        day = earliest
    if latest and day > latest:
        day = latest
    return day.isoformat()


def _typical(q: Question) -> Any:
    pick = zlib.crc32(q.id.encode())
    if q.kind is Kind.YES_NO:
        return "yes" if pick % 4 == 0 else "no"
    if q.kind is Kind.SINGLE_CHOICE:
        return q.options[min(len(q.options) - 1, pick % 3)].value
    if q.kind is Kind.MULTIPLE_CHOICE:
        plain = [o.value for o in q.options if not o.exclusive]
        return plain[pick % max(1, len(plain) - 1) :][:2] or [q.options[0].value]
    if q.kind is Kind.SCALE:
        return (int(q.min or 0) + int(q.max if q.max is not None else 10)) // 2
    if q.kind is Kind.SHORT_TEXT:
        return "Ana Ruiz" if q.id == "full_name" else f"A few words for {q.id.replace('_', ' ')}"
    if q.kind is Kind.LONG_TEXT:
        return prose(400, seed=pick)
    if q.kind is Kind.DATE:
        return _date_within(q, dt.date(1985, 4, 12) if q.max_date == "today" else dt.date(2025, 6, 16))
    if q.kind is Kind.LIST:
        if q.id == MEDICATIONS:
            return medications(5)
        return sample_answer(q) * 2
    return sample_answer(q)


def typical(bank: Bank) -> Intake:
    """A complete, ordinary intake (check() finds nothing to fix)."""
    gates = {c.question for c in bank.question(MEDICATIONS).show_if or []}

    def choose(q: Question) -> Any:
        return "yes" if q.id in gates and q.kind is Kind.YES_NO else _typical(q)

    intake = build(bank, choose)
    problems = check(bank, intake)
    if problems:  # the bank changed under the benchmark: say so rather than measure something else
        raise RuntimeError(f"the typical patient no longer passes check(): {problems[:3]}")
    return intake


def scaled(bank: Bank, rows: int, chars: int) -> Intake:
    """The maximal patient with `rows` medications and `chars` characters in every long answer shown."""
    intake = build(bank, maximal)
    answers = dict(intake.answers)
    for q in bank.questions():
        if q.kind is Kind.LONG_TEXT and q.id in answers:
            limit = min(chars, q.max_length or chars)
            answers[q.id] = prose(limit, seed=zlib.crc32(q.id.encode()))
    answers[MEDICATIONS] = medications(rows)
    return intake.model_copy(update={"answers": answers})


def maximal_intake(bank: Bank) -> Intake:
    """Every section, 60 medications, every long answer shown at 20,000 characters."""
    return scaled(bank, MAX_MEDICATIONS, MAX_TEXT)


def text_size(bank: Bank, intake: Intake) -> int:
    """Characters of free text in the intake's long answers."""
    return sum(
        len(v)
        for k, v in intake.answers.items()
        if bank.has_question(k) and bank.question(k).kind is Kind.LONG_TEXT and isinstance(v, str)
    )
