"""Right-to-left answers (Hebrew, Arabic) in the PDF: in reading order, Arabic letters joined, right-aligned.

What is checked is where each word is drawn on the page, read with poppler's `pdftotext -bbox`, which lists
every word with its box and its glyphs left to right as drawn (so a Hebrew word printed correctly comes
back reversed: 'שלום' is drawn 'םולש'). Reading a right-to-left line means taking its words from the right.
pdftotext comes from Debian's poppler-utils (installed by .ci/run): without it these tests fail on CI
(CI=true) and are skipped, saying so, elsewhere.

The checks that need no poppler (what pypdf extracts, Latin drawn byte for byte as before, single lines put
in reading order) run always.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as ReportLabParagraph
from reportlab.platypus import SimpleDocTemplate

from questions import Bank, Intake
from summaries import build_summary, render_pdf
from summaries.doc_kit import FONT, MARGIN_X, register_fonts
from summaries.pdf_kit import Paragraph, escape, is_rtl, shape, visual_line

CREATED = dt.date(2026, 6, 1)
PAGE_WIDTH = 612.0  # US Letter, the bank's default paper
RIGHT_EDGE = PAGE_WIDTH - MARGIN_X  # of the text frame
LEFT_EDGE = MARGIN_X

HEBREW = "אני מרגיש עצוב מאוד כבר שלושה חודשים ולא מצליח לישון בלילה"
HEBREW_MORE = "ואני לוקח כדור שינה כל ערב מזה חצי שנה"
MIXED_LTR = "Sertraline 50 mg שלום"
MIXED_RTL = "אני לוקח Sertraline 50 mg כל יום"
ARABIC = "مرحبا بالعالم"
LETTERS = "אבגדהוזחטיכלמנסעפצקרשת"
MANY_WORDS = [LETTERS[i // 22] + LETTERS[i % 22] + LETTERS[i * 7 % 22] for i in range(150)]
"""150 different three-letter Hebrew words (600 characters): a paragraph that wraps onto several lines, and is
cut short on page 1."""


@dataclass(frozen=True)
class Word:
    drawn: str  # glyphs left to right, as on paper
    x0: float
    x1: float
    y: float  # top of the box, from the top of the page


@pytest.fixture(scope="module")
def pdftotext() -> str:
    """The pdftotext executable; a clear skip (a failure on CI) when poppler-utils is not installed."""
    found = shutil.which("pdftotext")
    if found:
        return found
    reason = "pdftotext not found: install Debian's poppler-utils to check where right-to-left words are drawn"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _pdf(bank: Bank, **answers: str) -> bytes:
    calm = {"phq9_9": "not_at_all", **{f"asq_{n}": "no" for n in range(1, 5)}}  # no safety lines on page 1
    intake = Intake(bank_id=bank.id, bank_version=bank.version, answers={"full_name": "Dana Levi", **calm, **answers})
    return render_pdf(build_summary(bank, intake, created=CREATED))


def _words(pdftotext: str, pdf: bytes, page: int) -> list[Word]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summary.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(
            [pdftotext, "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>'
    return [
        Word(html.unescape(text), float(x0), float(x1), round(float(y), 1))
        for x0, y, x1, text in re.findall(pattern, out)
    ]


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped by line (a smaller font on the same baseline has its box a little lower), top to bottom,
    each line left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.y):
        if rows and word.y - rows[-1][0].y < 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _find(words: list[Word], drawn: str) -> Word:
    hits = [w for w in words if w.drawn == drawn]
    assert len(hits) == 1, f"{drawn!r} drawn {len(hits)} times on the page: {[w.drawn for w in words]}"
    return hits[0]


def _line_of(words: list[Word], drawn: str) -> list[Word]:
    word = _find(words, drawn)
    return next(line for line in _lines(words) if word in line)


def rev(word: str) -> str:
    """How a right-to-left word is drawn, left to right."""
    return word[::-1]


# --- reading order -------------------------------------------------------------------------------------------


def test_a_hebrew_answer_reads_from_the_right_and_is_right_aligned(bank: Bank, pdftotext: str) -> None:
    words = _words(pdftotext, _pdf(bank, concerns_own_words=f"{HEBREW}, {HEBREW_MORE}"), 2)
    line = _line_of(words, rev("מרגיש"))
    read = [rev(w.drawn) for w in reversed(line)]  # from the right
    assert read[:6] == ["אני", "מרגיש", "עצוב", "מאוד", "כבר", "שלושה"], read
    assert line[-1].x1 == pytest.approx(RIGHT_EDGE, abs=0.5), "a right-to-left answer starts at the right margin"


def test_a_long_right_to_left_paragraph_wraps_in_typing_order(bank: Bank, pdftotext: str) -> None:
    """ReportLab wraps the typed (logical) text, then each line is drawn in reading order: the first line holds
    the first words, read from the right; reordering before wrapping would put the last words on top."""
    pdf = _pdf(bank, concerns_own_words=" ".join(MANY_WORDS))
    wanted = {rev(w) for w in MANY_WORDS}
    lines = [line for line in _lines(_words(pdftotext, pdf, 2)) if all(w.drawn in wanted for w in line)]
    assert len(lines) >= 3, f"expected the answer to wrap onto several lines, got {len(lines)}"
    read = [rev(w.drawn) for line in lines for w in reversed(line)]
    assert read == MANY_WORDS
    for line in lines:
        assert line[-1].x1 == pytest.approx(RIGHT_EDGE, abs=0.5), "every line starts at the right margin"
    assert lines[-1][0].x0 > lines[0][0].x0, "the last, shorter line is ragged on the left"


def test_latin_with_a_hebrew_word_reads_left_to_right(bank: Bank, pdftotext: str) -> None:
    """'Sertraline 50 mg שלום' is mostly Latin: left to right, the Hebrew word last (on the right), left-aligned."""
    line = _line_of(_words(pdftotext, _pdf(bank, concerns_own_words=MIXED_LTR), 2), "Sertraline")
    assert [w.drawn for w in line][-4:] == ["Sertraline", "50", "mg", rev("שלום")]
    assert line[-1].x1 < RIGHT_EDGE - 50, "a left-to-right answer stays left-aligned in its column"


def test_hebrew_with_a_drug_name_and_dose_reads_right_to_left_with_the_dose_left_to_right(
    bank: Bank, pdftotext: str
) -> None:
    """'אני לוקח Sertraline 50 mg כל יום' is mostly Hebrew: read from the right, the Latin run inside it still
    reads left to right ('Sertraline 50 mg', not 'mg 50 Sertraline')."""
    line = _line_of(_words(pdftotext, _pdf(bank, concerns_own_words=MIXED_RTL), 2), "Sertraline")
    drawn = [w.drawn for w in line]
    start = drawn.index(rev("יום"))
    assert drawn[start:] == [rev("יום"), rev("כל"), "Sertraline", "50", "mg", rev("לוקח"), rev("אני")]
    assert line[-1].x1 > RIGHT_EDGE - 10, "right-aligned in its column"


def test_arabic_letters_are_joined_and_read_from_the_right(bank: Bank, pdftotext: str) -> None:
    line = _line_of(_words(pdftotext, _pdf(bank, concerns_own_words=ARABIC), 2), "\ufe8e\ufe92\ufea3\ufeae\ufee3")
    # مرحبا drawn left to right: final alef, medial beh, initial hah, final reh, initial meem (all joined forms)
    right, left = line[-1], line[-2]
    assert unicodedata.normalize("NFKC", rev(right.drawn)) == "مرحبا"
    assert unicodedata.normalize("NFKC", rev(left.drawn)) == "بالعالم"
    assert left.x1 < right.x0
    assert "\ufefb" in shape("لا"), "lam-alef prints as its ligature"


def test_brackets_in_right_to_left_text_are_mirrored(bank: Bank, pdftotext: str) -> None:
    """'(ד״ר כהן)' read from the right opens with the bracket on the right, so that one is drawn ')' and the
    closing one, on the left, '('."""
    words = _words(pdftotext, _pdf(bank, concerns_own_words="הרופא שלי (ד״ר כהן) אמר שכדאי לנסות טיפול חדש"), 2)
    line = [w.drawn for w in _line_of(words, rev("הרופא"))]
    assert line[-5:] == [rev("אמר"), "(ןהכ", "ר״ד)", rev("שלי"), rev("הרופא")]


def test_the_page_one_quote_reads_from_the_right_with_its_note_on_the_left(bank: Bank, pdftotext: str) -> None:
    """Page 1 quotes the answer in a paragraph of two styles (the words, then a small grey note): the words
    still read from the right in typing order, and the English note ends the last line, on its left."""
    words = _words(pdftotext, _pdf(bank, concerns_own_words=" ".join(MANY_WORDS)), 1)
    wanted = {rev(w) for w in MANY_WORDS}
    lines = [line for line in _lines(words) if sum(w.drawn.strip("\u201c\u201d\u2026 ") in wanted for w in line) > 3]
    read = [rev(w.drawn.strip("\u201c\u201d\u2026 ")) for line in lines for w in reversed(line)]
    read = [w for w in read if w in MANY_WORDS]
    assert read == MANY_WORDS[: len(read)]
    assert len(read) > 20
    assert lines[0][-1].drawn.endswith("\u201c"), "the opening quote mark is on the right"
    last = [w.drawn for w in lines[-1]]
    assert last[:2] == ["(continued", "in"], last


def test_the_running_header_prints_a_hebrew_name_in_reading_order(bank: Bank, pdftotext: str) -> None:
    words = _words(pdftotext, _pdf(bank, full_name="דנה לוי"), 2)
    header = [w for w in words if w.y < 50]
    first, last = _find(header, rev("דנה")), _find(header, rev("לוי"))
    assert last.x0 == pytest.approx(LEFT_EDGE, abs=0.5), "the name keeps its place at the left of the header"
    assert first.x0 > last.x1, "and reads from the right: first name, then surname"


# --- what needs no poppler ----------------------------------------------------------------------------------


def test_pypdf_gives_a_right_to_left_answer_back_in_typing_order(bank: Bank) -> None:
    """pypdf reverses right-to-left runs of a line, so a correctly drawn Hebrew answer comes back as typed
    (what tests/test_fuzz.py relies on); before the fix it came back reversed."""
    text = PdfReader(io.BytesIO(_pdf(bank, concerns_own_words=f"{HEBREW}, {HEBREW_MORE}"))).pages[1].extract_text()
    assert "אני מרגיש עצוב מאוד" in text


def test_latin_paragraphs_draw_exactly_as_reportlabs_own() -> None:
    """Text with no right-to-left character takes ReportLab's own drawing path: the same bytes (so the golden
    images of Latin summaries cannot change)."""
    register_fonts()
    style = ParagraphStyle("t", fontName=FONT, fontSize=10.5, leading=14)
    text = escape("Zoë Łukasz Ødegård, Дмитрий: Sertraline 50 mg (twice a day) " * 12)

    def build(kind: type[ReportLabParagraph]) -> bytes:
        out = io.BytesIO()
        SimpleDocTemplate(out, invariant=1).build([kind(text, style), kind(f"<b>Bold</b> {text}", style)])
        return out.getvalue()

    assert build(Paragraph) == build(ReportLabParagraph)


def test_direction_is_that_of_most_letters() -> None:
    assert is_rtl(MIXED_RTL)
    assert not is_rtl(MIXED_LTR)
    assert is_rtl("אב ab")
    assert not is_rtl("ab אב")
    assert visual_line("Sertraline 50 mg שלום") == "Sertraline 50 mg םולש"
    assert visual_line("שלום (עולם) 12.5%") == "12.5% (םלוע) םולש"


def test_invisible_overrides_do_not_reverse_what_was_typed() -> None:
    """An explicit override (U+202E) is ignored: it must not make '50 mg' print as 'gm 05'."""
    assert visual_line("\u202e50 mg\u202c") == "\u202e50 mg\u202c"


def test_combining_marks_sit_on_their_letter() -> None:
    """DejaVu Sans draws Hebrew points (and Arabic vowel marks) to the right of the pen, over the glyph drawn
    next: in reading order they come just before their letter. A Latin accent, drawn to the left of the pen,
    comes just after its letter."""
    shin, vav = "ש\u05b8\u05c1", "ו\u05b9"  # with qamats and shin dot; with holam
    assert visual_line(shin + "ל" + vav + "ם") == "ם" + vav[::-1] + "ל" + shin[::-1]
    assert visual_line("אב\u0301ג") == "גב\u0301א"
