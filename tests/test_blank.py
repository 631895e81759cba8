"""The paper form: every question numbered, every condition spelled out, grids for the instruments, the CLI."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from questions import Bank, Condition, tr
from questions.clinic import Clinic
from questions.kinds.lists import ListOfRows
from questions.schema import Kind
from questions.wording import forbidden_phrases
from summaries.blank import DATE_FORMAT, render_blank, show_if_text
from summaries.blank_questions import RENDERERS, Form, question_block

RunSummaries = Callable[..., subprocess.CompletedProcess[str]]

MINI_BANK = """\
id: mini
version: "1"
title: Mini form
name_question: name
birth_date_question: born
sections:
  - id: one
    title: First part
    intro: The first few questions.
    questions:
      - {id: name, kind: short_text, label: Your name, required: true}
      - {id: born, kind: date, label: Date of birth}
      - {id: weight, kind: number, label: Your weight, units: [{id: kg, label: kg}, {id: lb, label: lb}]}
      - {id: pain, kind: scale, label: Pain today, min: 0, max: 10, anchors: {0: No pain, 10: Worst pain}}
      - {id: smoke, kind: yes_no, label: "Do you smoke?"}
      - id: pets
        kind: multiple_choice
        label: Which pets live with you?
        options:
          - {value: cat, label: A cat}
          - {value: dog, label: A dog}
          - {value: fish, label: Fish}
          - {value: none, label: No pets, exclusive: true}
      - id: pets_more
        kind: long_text
        label: Tell us about your pets.
        show_if: [{question: pets, any_of: [cat, dog, fish]}, {question: smoke, any_of: ["yes", not_sure]}]
  - id: two
    title: Second part
    questions:
      - id: meds
        kind: list
        label: Your medicines
        max_rows: 50
        fields: [{id: name, label: Medicine name}, {id: dose, label: Dose}]
"""


def _flat(text: str) -> str:
    return " ".join(text.split())


def _strip_quoted(text: str) -> str:
    """The sentence without the quoted answers, whose own digits ('2 to 4 times a month') are not numbers."""
    return re.sub("\u201c[^\u201d]*\u201d", " ", text)


def _numbers_named(sentence: str) -> set[int]:
    """Question numbers a condition names: 'question 12', 'question 12 or 13', 'any of questions 14 to 22'."""
    rest = _strip_quoted(sentence)
    rest = re.sub(r"^Answer questions \d+ to \d+ only if", "", rest)
    rest = re.sub(r"[\d.,]+ or more\b", " ", rest)  # a number condition's answer ('1 or more'), not a question
    found: set[int] = set()
    for low, high in re.findall(r"(\d+) to (\d+)", rest):
        found |= set(range(int(low), int(high) + 1))
    rest = re.sub(r"\d+ to \d+", " ", rest)
    found |= {int(n) for n in re.findall(r"\d+", rest)}
    return found


@pytest.fixture(scope="module")
def numbers(bank: Bank) -> dict[str, int]:
    """The number each question should carry, counted here independently of the renderer."""
    counted: dict[str, int] = {}
    for section in bank.sections:
        for question in section.questions:
            counted[question.id] = len(counted) + 1
    return counted


@pytest.fixture(scope="module")
def letter(bank: Bank) -> bytes:
    return render_blank(bank)


@pytest.fixture(scope="module")
def letter_text(letter: bytes) -> str:
    return _flat("\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(letter)).pages))


@pytest.fixture
def mini_bank() -> Bank:
    """A small bank, written inline, with one question of every kind."""
    return Bank.model_validate(yaml.safe_load(MINI_BANK))


# --- every question, numbered -------------------------------------------------------------------------------


def test_every_question_appears_with_its_number(bank: Bank, numbers: dict[str, int], letter_text: str) -> None:
    missing = []
    for question in bank.questions():
        label = re.escape(_flat(tr(question.label)))
        if not re.search(rf"(?<![\d.]){numbers[question.id]} {label}", letter_text):
            missing.append(f"{numbers[question.id]} {question.id}")
    assert not missing, f"not printed as 'number label': {missing}"
    assert len(numbers) == len(bank.questions()) > 100


def test_sections_are_the_apps_in_order_and_numbers_run_on(bank: Bank, letter_text: str) -> None:
    positions = [letter_text.index(_flat(tr(s.title)), letter_text.index("How to fill this in")) for s in bank.sections]
    assert positions == sorted(positions)
    last = len(bank.questions())
    assert re.search(rf"\b{last} {re.escape(_flat(tr(bank.questions()[-1].label)))}", letter_text)


def test_first_page_says_what_it_is_and_how_to_fill_it_in(letter: bytes) -> None:
    first = _flat(PdfReader(io.BytesIO(letter)).pages[0].extract_text())
    for expected in (
        "Pre-visit questions for ketamine care",
        "Not a diagnosis, not a treatment recommendation.",
        "How to fill this in",
        "Tick all that apply",
        f"({DATE_FORMAT})",
        "Answer only if",
        "Your privacy.",
        "Call 988 or text 988",
    ):
        assert expected in first, expected


def test_every_page_has_name_and_birth_date_to_fill_in_and_page_x_of_y(letter: bytes) -> None:
    pages = PdfReader(io.BytesIO(letter)).pages
    assert len(pages) >= 10
    for number, page in enumerate(pages, start=1):
        text = _flat(page.extract_text())
        assert text.startswith("Name Date of birth Y Y Y Y / M M / D D"), number
        assert f"Page {number} of {len(pages)}" in text


def test_nothing_on_the_form_is_a_verdict_or_advice(letter_text: str) -> None:
    assert forbidden_phrases(letter_text) == []


def test_tick_boxes_are_drawn_not_typed(letter_text: str) -> None:
    assert not set("\u2610\u2611\u2612\u25a1\ufffd") & set(letter_text)


# --- conditions --------------------------------------------------------------------------------------------


def test_every_condition_is_spelled_out_with_the_right_question_numbers(
    bank: Bank, numbers: dict[str, int], letter_text: str
) -> None:
    sentence = r"Answer (?:questions (\d+) to (\d+) )?only if you [^.]*?\."
    wrong = []
    for question in bank.questions():
        if not question.show_if:
            continue
        number = numbers[question.id]
        expected = {numbers[c.question] for c in question.show_if}
        at = re.search(rf"(?<![\d.]){number} {re.escape(_flat(tr(question.label)))}", letter_text)
        assert at is not None, question.id
        before = list(re.finditer(sentence, letter_text[: at.start()]))
        after = re.match(r"\s*(?:\*\s*)?(?:[^.]*?\.\s*)?(" + sentence + ")", letter_text[at.end() :])
        candidates = []
        if before and letter_text[before[-1].end() : at.start()].strip() == "":
            candidates.append(before[-1].group(0))  # a question: the condition right above its label
        if after:
            candidates.append(after.group(1))  # a grid row: the condition under the item
        for grid in before[::-1]:  # a grid: one sentence for all its items
            if grid.group(1) and int(grid.group(1)) <= number <= int(grid.group(2)):
                candidates.append(grid.group(0))
                break
        if not any(_numbers_named(c) == expected for c in candidates):
            wrong.append(f"{number} {question.id}: expected questions {sorted(expected)}, found {candidates}")
    assert not wrong, "\n".join(wrong)


def test_condition_wording_names_numbers_and_options(bank: Bank, numbers: dict[str, int], letter_text: str) -> None:
    aneurysm = numbers["brain_aneurysm"]
    assert f"Answer only if you answered \u201cYes\u201d to question {aneurysm}." in letter_text
    assert (
        f"Answer only if you answered \u201cYes\u201d or \u201cNot sure\u201d to question {numbers['takes_medicines']}."
        in letter_text
    )
    assert f"Answer only if you ticked \u201cSomething else\u201d in question {numbers['concerns']}." in letter_text
    eyes = (numbers["glaucoma"], numbers["eye_surgery_planned"])
    assert f"Answer only if you answered \u201cYes\u201d to question {eyes[0]} or {eyes[1]}." in letter_text
    phq = (numbers["phq9_1"], numbers["phq9_9"])
    not_at_all = "anything other than \u201cNot at all\u201d"
    assert f"Answer only if you answered {not_at_all} to any of questions {phq[0]} to {phq[1]}." in letter_text
    pcl = (numbers["pcl5_1"], numbers["pcl5_20"])
    assert (
        f"Answer questions {pcl[0]} to {pcl[1]} only if you ticked \u201cTrauma or PTSD\u201d in question "
        f"{numbers['concerns']}." in letter_text
    )


def test_show_if_text_mixes_kinds_of_questions(mini_bank: Bank) -> None:
    numbers = {"name": 1, "born": 2, "weight": 3, "pain": 4, "smoke": 5, "pets": 6, "pets_more": 7, "meds": 8}
    conditions = mini_bank.question("pets_more").show_if or []
    assert show_if_text(mini_bank, conditions, numbers) == (
        "Answer only if you ticked anything other than \u201cNo pets\u201d in question 6 "
        "or answered \u201cYes\u201d or \u201cNot sure\u201d to question 5."
    )


def test_show_if_text_groups_questions_with_the_same_answer(bank: Bank, numbers: dict[str, int]) -> None:
    spread = [Condition(question=q, any_of=["yes"]) for q in ("seizures", "allergies", "ect")]
    named = ", ".join(str(numbers[q]) for q in ("seizures", "allergies")) + f" or {numbers['ect']}"
    assert (
        show_if_text(bank, spread, numbers)
        == f"Answer only if you answered \u201cYes\u201d to any of questions {named}."
    )


# --- instruments and lists -----------------------------------------------------------------------------------


def test_instruments_are_grids_with_the_published_options_and_stems(
    bank: Bank, numbers: dict[str, int], letter_text: str
) -> None:
    phq = letter_text.index("PHQ-9 Not at all Several days More than half the days Nearly every day")
    stem = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    assert letter_text.index(stem) < phq < letter_text.index(f"{numbers['phq9_1']} Little interest")
    assert "GAD-7 Not at all Several days More than half the days Nearly every day" in letter_text
    assert "In the past month, how much were you bothered by: PCL-5 Not at all A little bit Moderately" in letter_text
    assert "PEG 0 1 2 3 4 5 6 7 8 9 10" in letter_text
    audit = letter_text.index(f"AUDIT-C {numbers['audit_c_1']} How often do you have a drink containing alcohol?")
    assert (
        "Never Monthly or less 2 to 4 times a month 2 to 3 times a week 4 or more times a week" in letter_text[audit:]
    )


def test_long_grids_repeat_their_header_row_on_each_page(bank: Bank, numbers: dict[str, int], letter: bytes) -> None:
    pages = [_flat(p.extract_text()) for p in PdfReader(io.BytesIO(letter)).pages]
    items = [f"{numbers[q]} {_flat(tr(bank.question(q).label))}" for q in bank.instruments[2].items]
    holding = [page for page in pages if any(item in page for item in items)]
    assert tr(bank.instruments[2].name) == "PCL-5"
    assert len(holding) >= 2, "the PCL-5 should run over a page for this test to mean anything"
    for page in holding:
        assert "PCL-5 Not at all A little bit Moderately Quite a bit Extremely" in page


def test_lists_have_their_fields_as_headers(bank: Bank, numbers: dict[str, int], letter_text: str) -> None:
    medicines = bank.question_as("medication_list", ListOfRows)
    header = " ".join(_flat(tr(f.label)) for f in medicines.fields)
    assert header in letter_text
    assert f"Need more rows? Use the back of the page, with \u201cquestion {numbers['medication_list']}\u201d." in (
        letter_text
    )


def test_every_kind_of_question_renders_in_a_small_bank(mini_bank: Bank) -> None:
    text = _flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_blank(mini_bank))).pages))
    for expected in (
        "1 Your name *",
        "2 Date of birth Y Y Y Y year / M M month / D D day",
        "3 Your weight kg or lb",
        "4 Pain today 0 No pain 1 2 3 4 5 6 7 8 9 10 Worst pain",
        "5 Do you smoke? Yes No Not sure",
        "6 Which pets live with you? Tick all that apply, or only \u201cNo pets\u201d. A cat A dog Fish No pets",
        "8 Your medicines Medicine name Dose",
    ):
        assert expected in text, expected
    assert text.index("First part") < text.index("Second part")


def test_every_kind_has_a_paper_renderer() -> None:
    assert set(RENDERERS) == {kind.value for kind in Kind}


def test_a_kind_the_form_cannot_draw_is_an_error_naming_it(mini_bank: Bank) -> None:
    question = mini_bank.question("smoke").model_copy(update={"kind": "teleport"})
    with pytest.raises(ValueError, match=r"question 'smoke'.*kind 'teleport'"):
        question_block(Form(mini_bank, "en", 400.0), question)


def test_clinic_name_and_crisis_contacts_print_on_page_one(bank: Bank) -> None:
    clinic = Clinic(name="Lakeside <b>Clinic</b>", phone="+1 555 0100", crisis_lines=["Call Samaritans on 116 123."])
    first = _flat(PdfReader(io.BytesIO(render_blank(bank, clinic=clinic))).pages[0].extract_text())
    assert "For patients of Lakeside <b>Clinic</b>" in first
    assert "Phone: +1 555 0100" in first
    assert "Call Samaritans on 116 123." in first
    assert "988" not in first


# --- paper sizes, reproducibility, the command line --------------------------------------------------------------


@pytest.mark.parametrize(("size", "points"), [("letter", (612, 792)), ("a4", (595, 842)), ("A4", (595, 842))])
def test_page_size(bank: Bank, size: str, points: tuple[int, int]) -> None:
    reader = PdfReader(io.BytesIO(render_blank(bank, page_size=size)))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == points


def test_unknown_page_size_is_refused(bank: Bank) -> None:
    with pytest.raises(ValueError, match="page_size"):
        render_blank(bank, page_size="legal")


def test_same_bank_gives_the_same_bytes_and_source_date_epoch_sets_the_date(
    bank: Bank, letter: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert render_blank(bank) == letter
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    dated = render_blank(bank)
    assert dated == render_blank(bank)
    metadata = PdfReader(io.BytesIO(dated)).metadata
    assert metadata is not None
    assert str(metadata["/CreationDate"]).startswith("D:20260101")


@pytest.mark.parametrize(("extra", "width"), [((), 612), (("--page-size", "a4"), 595)])
def test_cli_writes_the_form(run_summaries: RunSummaries, tmp_path: Path, extra: tuple[str, ...], width: int) -> None:
    out = tmp_path / "form.pdf"
    done = run_summaries("blank", "-o", str(out), *extra)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    reader = PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == width
    assert "Paper form" in reader.pages[0].extract_text()


def test_cli_unwritable_path_is_one_line_and_exit_2(run_summaries: RunSummaries, tmp_path: Path) -> None:
    done = run_summaries("blank", "-o", str(tmp_path / "missing" / "form.pdf"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("error: could not write")
    assert done.stderr.count("\n") == 1


def test_blank_with_no_output_is_a_usage_error(run_summaries: RunSummaries) -> None:
    done = run_summaries("blank")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
