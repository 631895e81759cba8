"""For tests: a PDF's text, the `python -m summaries` command line, and whether this is CI.

Test modules import these from here (not from conftest.py: with tests/browser/conftest.py beside it, the
name `conftest` can mean either file).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
"""Whether the tests run in CI (CI=true): fuzzing is derandomised and a missing tool fails instead of skipping."""

ROOT = Path(__file__).resolve().parent.parent


def extract_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF, as pypdf extracts it."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def extract_text(data: bytes) -> str:
    """All the text of a PDF, pages joined by newlines."""
    return "\n".join(extract_pages(data))


RunSummaries = Callable[..., subprocess.CompletedProcess[str]]


def run_summaries_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m summaries ARGS` in the repository's root; the finished process, its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "summaries", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
