"""Hostile text: text that makes a layout engine work harder, against plain prose of the same length.

Each kind fills one long answer (of a patient who gave only a name besides), so the answer is most of the
PDF's work; the "floor" of each row is the same PDF with plain prose of the same length in that answer
(bench/intakes.prose). Target: at most 2x. Times are CPU seconds of the whole download (summary_pdf).
"""

from __future__ import annotations

from collections.abc import Callable

from bench import intakes
from bench.pdf import ms
from bench.stats import Figure, Timer
from questions import Bank, Intake, Kind

HOSTILE_RATIO = 2.0
SIZES = (2_000, 20_000)


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


KINDS: dict[str, Callable[[int], str]] = {
    "soft hyphens": _repeat("ab\u00ad"),
    "zero-width spaces and joiners": _repeat("ab\u200bc\u200cd\u200de\u2060f\ufeff"),
    "combining marks": _repeat("a\u0301\u0308\u0323e\u0300 "),
    "one long word": _repeat("abcdefghij"),
    "right-to-left runs": _repeat("שלום עולם مرحبا بالعالم 50 mg "),
    "emoji": _repeat("😀👍🏽👨\u200d👩\u200d👧 "),
    "control characters": _repeat("a\x01\x02\x1b[0m\x7f\u202eb\u202c "),
    "mixed scripts": _repeat("Ελληνικά Русский 中文 日本語 한국어 हिन्दी ไทย abc "),
    "markup characters": _repeat("<b>&amp;</b> "),
}
"""The kinds measured. Line breaks are not a kind here: 10,000 one-letter lines are 190 pages against five
for prose of the same length (see BENCHMARKS.md), so they cost what their pages cost."""


def _answer_question(bank: Bank) -> str:
    return next(q.id for q in bank.questions() if q.kind is Kind.LONG_TEXT and not q.show_if)


def _intake(bank: Bank, question: str, text: str) -> Intake:
    return Intake(bank_id=bank.id, bank_version=bank.version, answers={"full_name": "Ana Ruiz", question: text})


def _render(bank: Bank, intake: Intake) -> Callable[[], bytes]:
    from summaries.bundle import summary_pdf

    return lambda: summary_pdf(bank, intake)


def hostile_figures(bank: Bank, repeats: int, sizes: tuple[int, ...] = SIZES) -> list[Figure]:
    """One figure per kind and size: the PDF's CPU time, with plain prose of the same length as its floor."""
    question = _answer_question(bank)
    figures = []
    for size in sizes:
        plain = _intake(bank, question, intakes.prose(size))
        for name, make in KINDS.items():
            text = make(size)
            hostile = _intake(bank, question, text)
            times, floor, _, _ = Timer(repeats, warmup=1).pair(_render(bank, hostile), _render(bank, plain))
            figures.append(
                Figure(
                    f"{name}, {size:,} characters",
                    "ms",
                    ms(times.cpu),
                    ms(floor.cpu),
                    HOSTILE_RATIO,
                    note=f"one answer of {len(text):,} characters; floor: plain prose of the same length",
                    wall=ms(times.wall),
                    floor_wall=ms(floor.wall),
                )
            )
    return figures
