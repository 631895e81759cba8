"""Hostile input, fuzzed with hypothesis: any text into every text question, then the PDF (numbers and dates
at and beyond their limits, through check() and at the fields: tests/test_fuzz_fields.py).

What "the PDF holds the input" means here (see `visible` and `assert_pdf_holds`):

- The PDF's text is what pypdf extracts from the page body (the running header and footer are left out by
  position, so a page break inside an answer does not count as a change).
- Compared are the characters the bundled DejaVu Sans can show in both its faces (read from the font files'
  cmaps), in the Basic Multilingual Plane, that are neither marks (combining accents), controls, format
  characters (zero-width joiners, direction marks), separators or white space, nor U+FFFD. Why: the app
  documents that it drops controls, lone surrogates and non-characters, and prints U+FFFD for anything the
  font cannot show and for anything outside the BMP (ReportLab writes wrong ToUnicode entries for those);
  marks and format characters are invisible or fold into their letter (NFC), and white space moves wherever
  a line wraps. Both sides are compared after the same NFC normalisation the app applies.
- Characters the font cannot show are not lost silently: the PDF has at least one U+FFFD per such character.
- Right-to-left text (the ranges pypdf treats as right-to-left, Hebrew points included) is drawn line by
  line in reading order: a line that reads right to left has its left-to-right runs in the opposite order
  to the typed one, and pypdf reverses each right-to-left run of a line back into typing order but splits a
  run at every character it counts as neither right-to-left nor neutral (a digit, U+FFFD, a Latin accent)
  and reads the runs left to right. So the order of a whole mixed text cannot be compared: for an input
  with any right-to-left character every visible character is checked by count, and each word, right to
  left or left to right, in order (see `ordered_words`; before the app drew reading order, every
  right-to-left word came out reversed).
- Arabic letters print joined, as Unicode presentation forms, and brackets in right-to-left text print
  mirrored; both sides are compared with those folded back (see `letters`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bidi.algorithm import MIRRORED
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from outputs import CI
from pypdf import PdfReader
from pypdf._utils import is_char_neutral, is_char_rtl
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFontFile
from test_limits import assert_plain_sentence

from bench.hostile import KINDS as HOSTILE_KINDS
from questions import Bank, Intake, Kind, Question, check, load_bank, shown_ids
from questions.check import field_limit, problem_with, text_limit
from questions.kinds.lists import ListOfRows
from questions.schema import Field_
from summaries import build_summary, render_pdf
from summaries.doc_kit import FONT_BOLD

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "summaries" / "fonts"
TODAY = dt.date(2026, 3, 31)

settings.register_profile(
    "intake-fuzz",
    parent=settings.get_profile("ci") if CI else None,  # derandomised in CI (tests/conftest.py)
    # No shrinking: one example is a whole PDF, and shrinking one took minutes. The assertion messages name
    # the input and what the PDF lacked, which is what a failure needs.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,  # a PDF takes a while; hypothesis' 200 ms deadline would only measure the machine
    database=None,  # nothing written to the repository; a failure prints its reproduction blob instead
    print_blob=True,
    max_examples=20,  # few examples: the whole file runs in CI on 2 cores in well under a minute
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
FUZZ = settings.get_profile("intake-fuzz")
"""The settings of every property test here (some raise max_examples where one example is cheap)."""

# --- what the PDF should show ----------------------------------------------------------------------------


@cache
def covered() -> frozenset[int]:
    """Code points both bundled faces map to a glyph (the body is regular, names and headings bold)."""
    regular = TTFontFile(str(FONTS / "DejaVuSans.ttf")).charToGlyph
    bold = TTFontFile(str(FONTS / "DejaVuSans-Bold.ttf")).charToGlyph
    return frozenset(c for c in set(regular) & set(bold) if 0x20 <= c <= 0xFFFF)


_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def _noncharacter(ch: str) -> bool:
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def as_printed(text: str) -> str:
    """The input after what the app documents it does before printing: line breaks unified, tabs as spaces,
    controls, lone surrogates and non-characters dropped, NFC."""
    text = _BREAKS.sub("\n", text).replace("\t", " ")
    text = "".join(
        ch for ch in text if ch == "\n" or not (unicodedata.category(ch) in ("Cc", "Cs") or _noncharacter(ch))
    )
    return unicodedata.normalize("NFC", text)


def shown(ch: str) -> bool:
    """Whether a character takes part in the comparison (see the module docstring)."""
    return ord(ch) in covered() and unicodedata.category(ch)[0] not in "MCZ" and ch != "\ufffd" and not ch.isspace()


def visible(text: str) -> str:
    return "".join(ch for ch in text if shown(ch))


_PRESENTATION_FORMS = re.compile("[\ufb1d-\ufdff\ufe70-\ufeff]")


def _unmirrored(ch: str) -> str:
    """One of a mirrored pair ('(' for ')' and '('): a bracket in right-to-left text prints as its mirror."""
    return min(ch, MIRRORED.get(ch, ch))


def letters(text: str) -> str:
    """The visible characters, presentation forms (joined Arabic letters, lam-alef) as the letters they
    stand for and mirrored pairs folded: what the PDF and the input are compared on."""
    unshaped = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), visible(text))
    return "".join(_unmirrored(ch) for ch in unshaped if shown(ch))


def expected_in(text: str) -> re.Pattern[str]:
    """What the PDF's visible characters must contain for this input: its visible characters in order, and a
    hyphen where a soft hyphen (U+00AD) happened to fall at the end of a line (a typed soft hyphen means
    "break here with a hyphen if you need to")."""
    chars = as_printed(text)
    return re.compile(
        "".join(re.escape(_unmirrored(ch)) if shown(ch) else "-?" if ch == "\xad" else "" for ch in chars)
    )


def unprintable(text: str) -> int:
    """How many characters of the input the font cannot show (each must print as U+FFFD)."""
    return sum(1 for ch in as_printed(text) if ch != "\n" and ord(ch) not in covered() and not ch.isspace())


def _rtl(ch: str) -> bool:
    """Whether pypdf reads this character right to left (it reverses such runs, marks included)."""
    return is_char_rtl(ch)


WORD_WIDTH = 150.0
"""Words are checked in order only inside a token (text between spaces) at most this wide in the boldest face
at 10.5 pt: narrower than any column a non-list answer prints in, so never split across lines (the two
halves of a word split on a right-to-left line come out of pypdf apart)."""


def _direction(ch: str) -> str:
    """'R' or 'L' for a letter whose direction pypdf and the app agree on, 'M' for a mark, '' for the rest."""
    bidi = unicodedata.bidirectional(ch)
    if is_char_neutral(ch):
        return ""
    if bidi == "NSM":
        return "M"
    if bidi in ("R", "AL") and is_char_rtl(ch):
        return "R"
    return "L" if bidi == "L" and not is_char_rtl(ch) else ""


def ordered_words(text: str) -> list[str]:
    """The input's words whose letter order pypdf gives back as typed, as `letters`.

    A word is a run of two or more letters of one direction (see `_direction`) with the marks on them;
    anything else ends it. So does a mark pypdf does not count as right-to-left on a right-to-left letter
    (a Latin accent on a Hebrew letter): it is drawn with its letter and starts a left-to-right run there,
    so that letter is left out.
    """
    printed = "".join(ch if ord(ch) in covered() or ch.isspace() else "\ufffd" for ch in as_printed(text))
    words: list[str] = []
    for token in re.split(r"[^\S\xa0\u2007\u202f]+", printed):  # where ReportLab may break a line
        if stringWidth(token, FONT_BOLD, 10.5) > WORD_WIDTH:
            continue
        word: list[str] = []
        way = ""
        for ch in token + " ":
            here = _direction(ch)
            if here == "M" and word and not (way == "R" and not is_char_rtl(ch)):
                word.append(ch)
                continue
            if here in ("R", "L") and here == (way or here):
                word.append(ch)
                way = here
                continue
            if here == "M":  # a left-to-right mark on a right-to-left letter
                while word and _direction(word[-1]) == "M":
                    word.pop()
                word = word[:-1]
            if len(letters("".join(word))) > 1:
                words.append(letters("".join(word)))
            word = [ch] if here in ("R", "L") else []
            way = here if here in ("R", "L") else ""
    return words


def body_text(pdf: bytes) -> str:
    """The text pypdf extracts from the page bodies, without the running header and footer."""
    parts: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)

        def keep(text: str, cm: list[float], tm: list[float], *_: Any, top: float = height) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if 54 < y < top - 54:  # header at 0.55 in from the top, footer 0.5 in from the bottom
                parts.append(text)

        page.extract_text(visitor_text=keep)
    return "".join(parts)


def assert_pdf_holds(texts: Iterable[str], body: str, *, in_columns: Collection[str] = ()) -> None:
    """Every input's visible characters are in the PDF body, in order (see the module docstring). Texts in
    `in_columns` print in a list's column, which can be a few letters wide (their words may be split across
    lines), or in a PDF with more than one font subset (see `one_subset`): for those with right-to-left
    text only the characters are checked, not the words' order."""
    printed = letters(body)
    marks_needed = 0
    for text in texts:
        expected = letters(as_printed(text))
        marks_needed += unprintable(text)
        if not any(_rtl(ch) and ord(ch) in covered() for ch in as_printed(text)):  # marks count: pypdf flips them
            assert expected_in(text).search(printed), f"input {text[:200]!r} not in the PDF as {expected[:200]!r}"
            continue
        missing = Counter(expected) - Counter(printed)
        assert not missing, f"input {text[:200]!r}: missing from the PDF: {dict(missing)}"
        if text not in in_columns:
            for word in ordered_words(text):
                assert word in printed, f"input {text[:200]!r}: {word!r} not in the PDF in reading order"
    assert body.count("\ufffd") >= marks_needed, "a character the font cannot show vanished without a mark"


# --- hostile text ----------------------------------------------------------------------------------------

MARKUP = [
    "<para>", "</para>", "<font size=80>", "</font>", '<img src="/etc/hostname"/>', "<img src='/etc/passwd'>",
    "&amp;", "&", "&lt;", "&#x41;", "&#0;", "&nbsp;", "&bogus;", "]]>", "<![CDATA[x]]>", "<!--", "-->",
    "<b>", "</i>", "<br/>", "<br>", "<u>", "<strike>", "<super>", "<sub>", "<greek>a</greek>", "<seq id=s/>",
    '<a href="https://example.invalid/x">', '<link href="file:///etc/passwd">x</link>', "<onDraw name=x/>",
    '<span style="font-size:80">', "<index item=x/>", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
    "&e;", "<?xml version='1.0'?>", "<script>alert(1)</script>", "%PDF-1.7", "\\", "\\n", "{0}", "%s", "${x}",
    "**bold**", "![x](https://example.invalid/p.png)", "[a](javascript:alert(1))", ":material/home:", "$$x$$",
]  # fmt: skip
SCRIPTS = [
    "Łukasz Żółć", "Дмитрий Шостакович", "Ελληνικά", "Ærøskøbing", "Ünïcödé", "İstanbul ǅ ß ẞ ﬁ",
    "שלום עולם", "مرحبا بالعالم", "ܫܠܡܐ", "ދިވެހި", "\u202eRLO override\u202c", "a\u200fb\u200e", "x\u2066y\u2069",
    "e\u0301 a\u0308 n\u0303", "Z\u0324\u0354\u0367\u0351\u0353a\u0356\u032d\u0308\u0307l", "\u0344\u0958",
    "👩\u200d⚕️", "🏳️\u200d🌈", "👍🏽", "🇺🇸", "𝕳𝖊𝖑𝖑𝖔", "𐍈", "𠜎", "\U000f0000", "\U000e0041", "\U0001fffe",
    "漢字かなカナ", "한국어", "नमस्ते", "สวัสดี", "ქართული", "Հայերեն", "አማርኛ", "ᚠᚢᚦ", "\ufeff", "\u00ad", "\u200b",
    "\x00\x01\x07\x1b[31m", "\x7f\x85\x9f", "\r\n\r", "\t\t", "\u2028\u2029", "\ud800", "\udfff", "\ufffd", "\uffff",
    "\ufdd0",
]  # fmt: skip

_piece = st.one_of(
    st.text(st.characters(), max_size=30),  # every plane but lone surrogates
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(MARKUP),
    st.sampled_from(SCRIPTS),
    st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x08FF), min_size=1, max_size=12),  # RTL
    st.text(st.characters(categories=["M", "C", "Z"]), max_size=6),  # marks, controls, format, separators
    st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=6),  # emoji
    st.text(st.characters(min_codepoint=0x10000), max_size=6),  # astral planes only
)


def hostile(max_size: int) -> st.SearchStrategy[str]:
    """Text made of hostile pieces, at most `max_size` characters."""
    return st.lists(_piece, max_size=10).map(lambda pieces: "".join(pieces)[:max_size])


@st.composite
def long_hostile(draw: st.DrawFn, length: int) -> str:
    """A hostile seed repeated to `length` characters (or to a length drawn up to it)."""
    seed = draw(hostile(500).filter(lambda s: bool(s.strip())))
    size = draw(st.one_of(st.just(length), st.integers(min_value=1, max_value=length)))
    return (seed * (size // len(seed) + 1))[:size]


# --- every text question of the bank, reachable ----------------------------------------------------------


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the question model holds dicts
class Target:
    """A place a patient types free text: a text question, or one column of a list."""

    question: Question
    field: Field_ | None = None

    @property
    def name(self) -> str:
        return self.question.id + (f".{self.field.id}" if self.field else "")

    @property
    def limit(self) -> int:
        return field_limit(self.field) if self.field else text_limit(self.question)


def targets(bank: Bank) -> list[Target]:
    found: list[Target] = []
    for q in bank.questions():
        if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            found.append(Target(q))
        elif q.kind is Kind.LIST:
            found += [Target(q, f) for f in q.fields]
    return found


def _show(bank: Bank, q: Question, answers: dict[str, Any]) -> bool:
    """Add the answers that make `q` shown (and the questions it hangs on), if they fit with `answers`."""
    if q.show_if is None:
        return True
    for condition in q.show_if:
        parent = bank.question(condition.question)
        trial = dict(answers)
        if parent.kind is Kind.MULTIPLE_CHOICE:
            usable = [v for v in condition.any_of if (o := parent.option(v)) and not o.exclusive]
            if not usable:
                continue
            picked = trial.get(parent.id, [])
            trial[parent.id] = picked if any(v in picked for v in condition.any_of) else [*picked, usable[0]]
        elif parent.id in trial:
            if trial[parent.id] not in condition.any_of:
                continue
        else:
            trial[parent.id] = condition.any_of[0]
        if _show(bank, parent, trial):
            answers.clear()
            answers.update(trial)
            return True
    return False


def _row(target: Target, text: str) -> dict[str, str]:
    assert target.field is not None
    assert isinstance(target.question, ListOfRows)
    row = {f.id: "Rq" for f in target.question.fields if f.required and f.id != target.field.id}
    return {**row, target.field.id: text}


def intakes_for(bank: Bank, texts: dict[Target, str]) -> list[tuple[Intake, list[Target]]]:
    """As few intakes as hold every text with its question shown (some conditions exclude each other)."""
    groups: list[tuple[dict[str, Any], list[Target]]] = []
    for target in texts:
        for answers, members in groups:
            trial = dict(answers)
            if _show(bank, target.question, trial):
                answers.clear()
                answers.update(trial)
                members.append(target)
                break
        else:
            answers = {"date_of_birth": "1980-06-15"}
            assert _show(bank, target.question, answers), f"{target.name} cannot be shown"
            groups.append((answers, [target]))
    result = []
    for answers, members in groups:
        for target in members:
            if target.field is None:
                answers[target.question.id] = texts[target]
            else:
                answers.setdefault(target.question.id, []).append(_row(target, texts[target]))
        intake = Intake(bank_id=bank.id, bank_version=bank.version, answers=answers)
        missing = {t.name for t in members} - {t.name for t in members if t.question.id in shown_ids(bank, answers)}
        assert not missing, f"not shown: {missing}"
        result.append((intake, members))
    return result


BANK = load_bank()
TARGETS = targets(BANK)
LONG_TARGETS = [t for t in TARGETS if t.limit > 1000]


def one_subset(pdf: bytes) -> bool:
    """Whether each font face is embedded as one subset. ReportLab puts at most 256 glyphs in a subset and
    starts another (AAAAAB+, ...); pypdf reverses a right-to-left run only within one subset's text, so a
    word whose letters fall in two subsets comes out of pypdf in pieces, the pieces in drawing order."""
    return re.search(rb"/BaseFont /[A-Z]{5}[B-Z]\+", pdf) is None


def render_and_check(bank: Bank, texts: dict[Target, str], *, words: bool | None = None) -> None:
    """check() accepts every text within its limit; the PDF renders and holds every text. Words are checked
    in order (`ordered_words`) when `words` is True (the PDF must then have one subset per face) or, when
    it is None, where the PDF has one subset per face."""
    for intake, members in intakes_for(bank, texts):
        problems = {p.question_id: p.message for p in check(bank, intake, today=TODAY)}
        for t in members:
            blank_but_required = t.field is None and t.question.required and not texts[t].strip()
            expected = "Please answer this question." if blank_but_required else None
            assert problems.get(t.question.id) == expected, (t.name, texts[t][:100])
        pdf = render_pdf(build_summary(bank, intake, created=TODAY))
        assert pdf.startswith(b"%PDF-")
        if words:
            assert one_subset(pdf), "the test's alphabet needs more than one font subset: pypdf cannot check order"
        unordered = [texts[t] for t in members if t.field is not None or (words is None and not one_subset(pdf))]
        assert_pdf_holds([texts[t] for t in members], body_text(pdf), in_columns=unordered)


def test_the_bank_has_text_questions_of_every_kind() -> None:
    kinds = {t.question.kind for t in TARGETS}
    assert kinds == {Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.LIST}, kinds
    assert LONG_TARGETS


@FUZZ
@given(data=st.data())
def test_hostile_text_in_every_text_question_renders_and_is_kept(data: st.DataObject) -> None:
    texts = {t: data.draw(hostile(min(t.limit, 300)), label=t.name) for t in TARGETS}
    render_and_check(BANK, texts)


BIDI_ALPHABET = [
    *"אבגדהוזחטיכךלמםנןסעפףצץקרשת",  # Hebrew, final forms included
    *"\u05b0\u05b4\u05b8\u05bc\u05c1",  # points
    *"ابتسعلمنهي",  # Arabic: each letter prints in up to four joined forms, lam-alef as one ligature
    *"\u064e\u0651",  # fatha, shadda
    *"Sertaline mgAB",
    *"0123456789",
    *"\u0661\u0662\u0663",  # Arabic-Indic digits
    *".,:;()[]-/%'\"\u05be\u05f4\u060c",  # punctuation, maqaf, gershayim, Arabic comma
    *"    \n",
]
"""Few enough different characters that every face stays one font subset (see `one_subset`)."""


@FUZZ
@given(data=st.data())
@example(data=None)
def test_right_to_left_and_mixed_words_read_in_typing_order(data: st.DataObject | None) -> None:
    """Hebrew, Arabic, Latin, digits and brackets mixed in every text question: each word comes out of pypdf
    in typing order (pypdf reverses what the app drew in reading order), every character is kept."""
    if data is None:  # always: a sentence a patient might write, in every text question
        texts = {t: "אני לוקח Sertraline 50 mg (בבוקר) ولا أنام جيدا منذ 3 أشهر"[: t.limit] for t in TARGETS}
    else:
        letter = st.sampled_from(BIDI_ALPHABET)
        texts = {t: data.draw(st.text(letter, max_size=min(t.limit, 200)), label=t.name) for t in TARGETS}
    render_and_check(BANK, texts, words=True)


@settings(FUZZ, max_examples=8)
@given(data=st.data(), kind=st.none())
@example(data=None, kind=None)
@example(data=None, kind="soft hyphens")
@example(data=None, kind="zero-width spaces and joiners")
@example(data=None, kind="combining marks")
@example(data=None, kind="one long word")
@example(data=None, kind="right-to-left runs")
@example(data=None, kind="emoji")
@example(data=None, kind="control characters")
@example(data=None, kind="mixed scripts")
@example(data=None, kind="markup characters")
def test_long_hostile_text_up_to_the_limit_renders_and_is_kept(data: st.DataObject | None, kind: str | None) -> None:
    """Always: the longest question full of the nastiest mix, and full of each kind of text that makes a
    layout engine work harder (bench/hostile.py); then hostile seeds repeated up to a drawn length."""
    if data is None:
        target = max(LONG_TARGETS, key=lambda t: t.limit)
        if kind is None:
            seed = "".join(MARKUP + SCRIPTS)
            text = (seed * (target.limit // len(seed) + 1))[: target.limit]
        else:
            text = HOSTILE_KINDS[kind](target.limit)
    else:
        target = data.draw(st.sampled_from(LONG_TARGETS), label="question")
        text = data.draw(long_hostile(target.limit), label="text")
    render_and_check(BANK, {target: text})


def test_fifty_thousand_characters_are_refused_by_check_yet_still_render() -> None:
    """check() refuses it in one sentence; the PDF (e.g. from the CLI, which prints partial answers) still
    renders it whole."""
    target = max(LONG_TARGETS, key=lambda t: t.limit)
    seed = '<para><font size=80>Ωmega &amp; ]]> <img src="/etc/hostname"/> שלום 😀 e\u0301\n'
    text = (seed * (50_000 // len(seed) + 1))[:50_000]
    (intake, _), *_ = intakes_for(BANK, {target: text})
    message = next(p.message for p in check(BANK, intake) if p.question_id == target.question.id)
    assert_plain_sentence(message)
    assert "50,000" in message
    pdf = render_pdf(build_summary(BANK, intake, created=TODAY))
    assert_pdf_holds([text], body_text(pdf))


@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_text_beyond_the_limit_is_refused_in_one_sentence(data: st.DataObject) -> None:
    target = data.draw(st.sampled_from(TARGETS), label="question")
    seed = data.draw(hostile(40).filter(str.strip), label="seed")  # white space alone is no answer at all
    size = data.draw(st.integers(min_value=target.limit + 1, max_value=max(50_000, target.limit + 1)), label="size")
    text = (seed * (size // len(seed) + 1))[:size]
    value: Any = [_row(target, text)] if target.field else text
    message = problem_with(target.question, value)
    assert_plain_sentence(message)
    assert f"{target.limit:,}" in message  # type: ignore[operator]
