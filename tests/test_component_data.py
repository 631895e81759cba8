"""A journey through the app imports neither numpy, pandas nor pyarrow (ui/component_data.py): Streamlit
imports all three when a component is given a dict, about 90 MB in every server process and most of a
second before the first page is whole. Run in a fresh interpreter: this one may have them from other tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("numpy", "pandas", "pyarrow")

JOURNEY = """
import json, sys
from journey import click, start_app
from questions import load_bank
from samples.patients import typical
from ui.language import CONTROL

drawn = set()

def note(at):
    drawn.update(c.proto.component_name for c in at.get("bidi_component"))

at = start_app()
note(at)
click(at, "start")
click(at, "next")  # nothing answered yet: Next is refused and the error summary is drawn
note(at)
at.radio(key=CONTROL).set_value("es").run()
note(at)
bank = load_bank()
at.session_state["answers"] = dict(typical(bank).answers)
at.session_state["step"] = len(bank.sections) + 1  # the review, with its download buttons
at.run()
assert not at.exception, at.exception
note(at)
print(json.dumps({"drawn": sorted(drawn), "imported": [m for m in HEAVY if m in sys.modules]}))
"""


def test_a_journey_imports_no_dataframe_library() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)])}
    script = f"HEAVY = {HEAVY!r}\n{JOURNEY}"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    every = {"intake_tabstore", "intake_html_lang", "intake_error_summary", "intake_download_watch"}
    assert set(found["drawn"]) == every, "the journey draws each of the app's components"
    assert found["imported"] == [], f"imported {found['imported']}: a component was given a dict?"
