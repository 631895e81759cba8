"""The pure core stays pure: questions/ and summaries/ never import Streamlit (principle 3 of the design)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_packages_import_no_streamlit() -> None:
    code = (
        "import sys, questions, summaries, summaries.cli, summaries.blank, summaries.fhir, summaries.bundle, "
        "questions.restore, questions.scoring, questions.clinic, questions.wording; "
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_app_py_stays_thin() -> None:
    lines = [line for line in (ROOT / "app.py").read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) <= 5
