"""`python -m summaries render ANSWERS -o OUT.pdf`, run as a real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from questions import Intake

NAME = "Zoë Łukasz Ødegård"


@pytest.fixture
def answers(tmp_path: Path, make_intake: Callable[..., Intake]) -> Path:
    intake = make_intake(
        full_name=NAME,
        date_of_birth="1985-03-03",
        concerns=["depression", "ptsd"],
        concerns_own_words="I would like to sleep through the night & feel <calmer>.",
    )
    path = tmp_path / "answers.json"
    path.write_text(intake.model_dump_json(), encoding="utf-8")
    return path


def _assert_one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


def test_render_writes_the_summary(run_summaries, answers: Path, tmp_path: Path, pdf_text) -> None:
    out = tmp_path / "summary.pdf"
    result = run_summaries("render", answers, "-o", out, "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert "Patient-reported pre-visit summary" in text
    assert NAME in text
    assert "Summary made: 1 Jun 2026" in text
    assert "• Trauma or PTSD" in text
    assert "I would like to sleep through the night & feel <calmer>." in text
    assert "Page 1 of" in text
    page = PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    assert round(float(page.mediabox.width)) == 612  # letter by default


def test_page_size_a4(run_summaries, answers: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    assert run_summaries("render", answers, "-o", out, "--page-size", "a4").returncode == 0
    page = PdfReader(out).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_same_answers_and_date_give_the_same_file(run_summaries, answers: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    assert run_summaries("render", answers, "-o", first, "--date", "2026-06-01").returncode == 0
    assert run_summaries("render", answers, "-o", second, "--date", "2026-06-01").returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_partial_answers_still_render_with_a_note(run_summaries, tmp_path: Path, make_intake, pdf_text) -> None:
    path = tmp_path / "partial.json"
    path.write_text(make_intake(full_name=NAME).model_dump_json(), encoding="utf-8")
    out = tmp_path / "partial.pdf"
    result = run_summaries("render", path, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("note: ")
    assert "Traceback" not in result.stderr
    assert NAME in pdf_text(out.read_bytes())
    assert "Not answered:" in pdf_text(out.read_bytes())


def test_strict_refuses_partial_answers(run_summaries, tmp_path: Path, make_intake) -> None:
    path = tmp_path / "partial.json"
    path.write_text(make_intake(full_name=NAME).model_dump_json(), encoding="utf-8")
    out = tmp_path / "partial.pdf"
    line = _assert_one_error_line(run_summaries("render", path, "-o", out, "--strict"))
    assert "missing or need checking" in line
    assert not out.exists()


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.json", None, "was not found"),
        ("notes.txt", "this is not json {", "is not a JSON file"),
        ("binary.json", b"\xff\xfe\x00\x01garbage", "is not a JSON file"),
        ("empty.json", "", "is empty"),
        ("list.json", "[1, 2, 3]", "not a saved answers file"),
        ("other.json", json.dumps({"hello": "world"}), "not a saved answers file"),
        (
            "no_bank.json",
            json.dumps({"format": "ketamine-intake-answers", "format_version": 1, "answers": {}}),
            "not a valid answers file",
        ),
        (
            "bad_answer.json",
            json.dumps(
                {
                    "format": "ketamine-intake-answers",
                    "format_version": 1,
                    "bank_id": "x",
                    "bank_version": "1",
                    "answers": {"full_name": {"nested": [1]}},
                }
            ),
            "not a valid answers file",
        ),
        (
            "other_form.json",
            json.dumps(
                {
                    "format": "ketamine-intake-answers",
                    "format_version": 1,
                    "bank_id": "some-other-form",
                    "bank_version": "1",
                    "answers": {},
                }
            ),
            "different form",
        ),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "not a saved answers file"),
    ],
    ids=lambda value: value if (isinstance(value, str) and value.endswith(".json")) or value == "notes.txt" else "",
)
def test_bad_files_exit_2_with_one_line(
    run_summaries, tmp_path: Path, name: str, content: str | bytes | None, expected: str
) -> None:
    path = tmp_path / name if content is None else _write(tmp_path, name, content)
    out = tmp_path / "out.pdf"
    line = _assert_one_error_line(run_summaries("render", path, "-o", out))
    assert expected in line
    assert name in line
    assert not out.exists()


def test_folder_and_unwritable_output_exit_2(run_summaries, answers: Path, tmp_path: Path) -> None:
    assert "is a folder" in _assert_one_error_line(run_summaries("render", tmp_path, "-o", tmp_path / "x.pdf"))
    line = _assert_one_error_line(run_summaries("render", answers, "-o", tmp_path / "no" / "such" / "dir.pdf"))
    assert "could not write" in line


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("render",),
        ("render", "answers.json"),
        ("render", "answers.json", "-o", "x.pdf", "--page-size", "b5"),
        ("render", "answers.json", "-o", "x.pdf", "--date", "yesterday"),
        ("print", "answers.json"),
    ],
)
def test_usage_mistakes_exit_2_with_one_line(run_summaries, args: tuple[str, ...]) -> None:
    _assert_one_error_line(run_summaries(*args))


def test_help_exits_0(run_summaries) -> None:
    result = run_summaries("render", "--help")
    assert result.returncode == 0
    assert "--page-size" in result.stdout


def test_main_can_be_called_in_process(answers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from summaries.cli import main

    out = tmp_path / "in-process.pdf"
    assert main(["render", str(answers), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    capsys.readouterr()
    assert main(["render", str(tmp_path / "nope.json"), "-o", str(out)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_render_accepts_an_earlier_summary_pdf(run_summaries, answers: Path, tmp_path: Path) -> None:
    first, again = tmp_path / "first.pdf", tmp_path / "again.pdf"
    assert run_summaries("render", answers, "-o", first, "--date", "2026-06-01").returncode == 0
    result = run_summaries("render", first, "-o", again, "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == first.read_bytes(), "the PDF carries the same answers, so it renders the same"


def test_a_pdf_not_made_here_gets_one_line(run_summaries, tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    other = tmp_path / "letter.pdf"
    page = canvas.Canvas(str(other))
    page.drawString(72, 72, "A letter from somewhere else")
    page.save()
    assert "not made by this form" in _assert_one_error_line(run_summaries("render", other, "-o", tmp_path / "x.pdf"))
