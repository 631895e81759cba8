"""The document kit: one source of page set-up, fonts, the creation stamp and "Page X of Y" for both PDFs."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from summaries.doc_kit import creation_stamp, page_dimensions
from summaries.reproducible import creation_date, source_date_epoch

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = [*sorted((ROOT / "summaries").glob("*.py")), *sorted((ROOT / "questions").rglob("*.py"))]
PRODUCT += [*sorted((ROOT / "ui").rglob("*.py")), ROOT / "app.py"]


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("summaries", "questions"):
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    return found


@pytest.mark.parametrize("path", PRODUCT, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_another_modules_private_names(path: Path) -> None:
    assert _private_imports(path) == []


def test_the_private_import_check_sees_one(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text("from summaries.pdf import _fit\nfrom summaries.doc_kit import fit\n", encoding="utf-8")
    assert _private_imports(path) == ["summaries.pdf._fit"]


def test_source_date_epoch_is_read_in_one_place() -> None:
    readers = [p.relative_to(ROOT).as_posix() for p in PRODUCT if "SOURCE_DATE_EPOCH" in p.read_text(encoding="utf-8")]
    readers = [r for r in readers if "os.environ" in (ROOT / r).read_text(encoding="utf-8")]
    assert readers == ["summaries/reproducible.py"]


def test_creation_stamp_takes_source_date_epoch_then_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert source_date_epoch() is None
    assert creation_stamp() == ""
    assert creation_stamp(dt.date(2026, 7, 2)) == "D:20260702000000+00'00'"
    assert creation_date() == dt.date.today()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1700000000 ")  # 2023-11-14 22:13:20 UTC
    assert creation_stamp(dt.date(2026, 7, 2)) == "D:20231114221320+00'00'"
    assert creation_date() == dt.date(2023, 11, 14)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert source_date_epoch() is None


@pytest.mark.parametrize(("name", "width"), [("letter", 612), ("A4", 595)])
def test_page_dimensions(name: str, width: int) -> None:
    assert round(page_dimensions(name)[0]) == width


def test_an_unknown_page_size_names_the_choices() -> None:
    with pytest.raises(ValueError, match="letter, a4"):
        page_dimensions("legal")
