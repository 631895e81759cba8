"""CI runs what the README tells a developer to run, and the gates it runs are configured in one place."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run the tests", 1)[1]
    block = re.search(r"```sh\n(.*?)\n```", section, re.DOTALL)
    assert block, "README's 'Run the tests' has no sh block"
    return block.group(1).strip()


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    command = _readme_test_command()
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert command in lines


def test_the_gates_run_before_pytest() -> None:
    steps = [step.strip() for step in _readme_test_command().split("&&")]
    assert steps[-1] == "python -m pytest"
    for gate in ("ruff check .", "ruff format --check .", "mypy"):
        assert gate in steps[:-1], gate


def test_plain_mypy_checks_the_tests_too() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert {"questions", "summaries", "ui", "app.py", "tests", "samples", "bench"} <= set(config["files"])
