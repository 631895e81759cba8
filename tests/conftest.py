"""Shared fixtures: the real question bank, a way to build answers for it, and PDF text extraction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from outputs import CI, ROOT, RunSummaries, extract_pages, extract_text, run_summaries_cli

from questions import Bank, Intake, load_bank

# In CI, Hypothesis is derandomised (the examples follow from each test's code, the same on every run) and
# keeps no example database, so the suite's time and outcome do not swing from run to run; each hostile
# kind of text is also an explicit @example (tests/test_fuzz.py). Locally it explores new examples.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if CI:
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder (where `python -m summaries` runs)."""
    return ROOT


@pytest.fixture(scope="session")
def run_summaries() -> RunSummaries:
    """run_summaries("render", answers, "-o", out) -> the finished `python -m summaries ...` (a real subprocess
    in the repository's root), its stdout and stderr as text."""
    return run_summaries_cli


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
