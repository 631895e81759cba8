"""The repository cites what it contains: every instrument's source and licence is in docs/clinical-sources.md,
and no file points at a design document that is not in the repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from questions import Bank, tr

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "docs" / "clinical-sources.md"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_instrument_has_its_source_and_licence_listed(bank: Bank) -> None:
    listed = _flat(SOURCES.read_text(encoding="utf-8"))
    for instrument in bank.instruments:
        name = tr(instrument.name)
        assert f"| {name} |" in SOURCES.read_text(encoding="utf-8"), name
        english = _flat(tr(instrument.source.citation))
        assert english in listed, f"{name}: citation not listed"
        for language, citation in instrument.source.citation.items():  # another language's adds its own source
            added = _flat(citation).removeprefix(english).strip()
            assert added in listed, f"{name}: the {language} citation's source is not listed: {added}"
        assert _flat(tr(instrument.source.reuse)).rstrip(".") in listed, f"{name}: licence not listed"


def _tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if names.returncode != 0:
        pytest.skip("not a git checkout")
    suffixes = {".py", ".md", ".yaml", ".yml", ".toml", ".txt", ".sh", ""}
    paths = [ROOT / n for n in names.stdout.splitlines() if not n.startswith("node_modules/")]
    return [p for p in paths if p.suffix in suffixes and p.is_file()]


def test_nothing_cites_a_document_outside_the_repository() -> None:
    missing = "CONTENT" + ".md"  # the design notes the bank was written from; they are not in the repository
    citing = [p.relative_to(ROOT).as_posix() for p in _tracked_text_files() if missing in p.read_text(errors="ignore")]
    assert citing == []
