"""questions/yamlfile.py: the C parser reads every YAML file of the project to the same values as PyYAML's own
parser, and a broken file still raises PyYAML's error (the loaders turn it into one plain sentence)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from questions import yamlfile

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    ROOT / name
    for name in subprocess.run(
        ["git", "ls-files", "*.yaml", "*.yml"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
)


def test_the_pinned_pyyaml_has_the_c_parser() -> None:
    assert yaml.__with_libyaml__, "PyYAML without libyaml: the bank takes ten times as long to load"
    assert yamlfile.SafeLoader is yaml.CSafeLoader


def test_there_are_files_to_compare() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in FILES}
    assert {"questions/bank/bank.yaml", "questions/words/en.yaml", "questions/words/es.yaml"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_parsers_read_the_same_values(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pure = list(yaml.load_all(text, Loader=yaml.SafeLoader))
    fast = list(yaml.load_all(text, Loader=yamlfile.SafeLoader))
    assert fast == pure


@pytest.mark.parametrize("text", ["a: [1, 2", "a: b: c", "key: 'unclosed", "\tkey: tab"])
def test_a_broken_file_raises_pyyamls_error(text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yamlfile.safe_load(text)
