"""Shared fixtures: the real question bank, a way to build answers for it, and PDF text extraction."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from pypdf import PdfReader

from questions import Bank, Intake, load_bank

ROOT = Path(__file__).resolve().parent.parent

CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
"""Set by CI services (and by .ci/run): property tests then run the same examples every time."""

# In CI, Hypothesis is derandomised (the examples follow from each test's code, the same on every run) and
# keeps no example database, so the suite's time and outcome do not swing from run to run; each hostile
# kind of text is also an explicit @example (tests/test_fuzz.py). Locally it explores new examples.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if CI:
    settings.load_profile("ci")


def extract_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF, as pypdf extracts it."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def extract_text(data: bytes) -> str:
    """All the text of a PDF, pages joined by newlines."""
    return "\n".join(extract_pages(data))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder (where `python -m summaries` runs)."""
    return ROOT


RunSummaries = Callable[..., subprocess.CompletedProcess[str]]


def _run_summaries(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summaries", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="session")
def run_summaries() -> RunSummaries:
    """run_summaries("render", answers, "-o", out) -> the finished `python -m summaries ...` (a real subprocess
    in the repository's root), its stdout and stderr as text."""
    return _run_summaries


@pytest.fixture(scope="session")
def bank() -> Bank:
    """The bundled question bank, loaded once."""
    return load_bank()


@pytest.fixture
def make_intake(bank: Bank) -> Callable[..., Intake]:
    """Build an Intake for the bundled bank: make_intake({"full_name": "A"}, date_of_birth="1990-01-01")."""

    def make(answers: dict[str, Any] | None = None, **more: Any) -> Intake:
        return Intake(bank_id=bank.id, bank_version=bank.version, answers={**(answers or {}), **more})

    return make


@pytest.fixture
def pdf_text() -> Callable[[bytes], str]:
    """pdf_text(pdf_bytes) -> all the text pypdf extracts."""
    return extract_text


@pytest.fixture
def pdf_pages() -> Callable[[bytes], list[str]]:
    """pdf_pages(pdf_bytes) -> the extracted text of each page."""
    return extract_pages


@pytest.fixture
def capture(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Records what the app hands to st.download_button, so a test reads the bytes a click would give."""
    import streamlit
    from journey import DownloadCapture

    recorder = DownloadCapture()
    monkeypatch.setattr(streamlit, "download_button", recorder)
    return recorder
