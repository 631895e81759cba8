"""PDF pages as people see them: rendered to PNG with pdftoppm and compared with reviewed golden images.

The goldens live in tests/golden/: `<name>-p01.png`, `<name>-p02.png`, ... (grey, 50 dpi) and `<name>.json`
(the page count and page size in pixels). A page matches when it has the same size and differs from its
golden by little: a mean absolute grey-level difference of at most MAX_MEAN_DIFF and at most
MAX_CHANGED_SHARE of its pixels changed by more than CHANGED_LEVEL. That absorbs anti-aliasing differences
between poppler versions and catches moved blocks, lost boxes and reflowed text.

To add a document, put a factory in GOLDEN_DOCUMENTS (name -> bytes, made with a fixed date). After a
deliberate change, look at the new pages, then rewrite the goldens and review them in the diff:

    UPDATE_GOLDEN=1 python -m pytest tests/test_pdf_images.py

pdftoppm comes from Debian's poppler-utils (installed by .ci/run). Without it these tests fail on CI
(CI=true) and are skipped, saying so, elsewhere.
"""

from __future__ import annotations

import functools
import io
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader
from series import chart_sheet, series_pdfs

from questions import Bank, Intake, load_bank
from questions.clinic import Clinic
from samples.patients import maximal_long, typical
from summaries import build_summary, render_pdf
from summaries.blank import render_blank

GOLDEN_DIR = Path(__file__).parent / "golden"
DPI = 50
MAX_MEAN_DIFF = 1.5
"""Largest mean absolute grey-level difference (0-255) of a page from its golden."""
CHANGED_LEVEL = 64
MAX_CHANGED_SHARE = 0.004
"""Largest share of a page's pixels that may differ from the golden by more than CHANGED_LEVEL."""
FIXED_EPOCH = "1780272000"  # 2026-06-01 00:00 UTC: the creation date of every golden document


def _summary_pdf(patient: Callable[[Bank], Intake]) -> bytes:
    bank = load_bank()
    return render_pdf(build_summary(bank, patient(bank)))


@dataclass(frozen=True)
class GoldenDocument:
    """A PDF kept as golden images: how to make it, and how many of its pages to compare (None: all)."""

    make: Callable[[], bytes]
    pages: int | None = None


GOLDEN_DOCUMENTS: dict[str, GoldenDocument] = {
    "blank-letter": GoldenDocument(lambda: render_blank(load_bank(), page_size="letter")),
    "blank-a4": GoldenDocument(lambda: render_blank(load_bank(), page_size="a4"), pages=3),
    "summary-typical": GoldenDocument(lambda: _summary_pdf(typical)),
    "summary-maximal": GoldenDocument(lambda: _summary_pdf(maximal_long), pages=4),
    # visits: the trend charts, and page 1 of a fourth visit (scores down, then up)
    "visits-chart": GoldenDocument(chart_sheet),
    "summary-follow-up": GoldenDocument(
        lambda: series_pdfs(load_bank(), [18, 12, 7, 14], [15, 11, 6, 12])[-1], pages=1
    ),
}
"""Every document with golden images, by name (the goldens' file prefix)."""


def pdftoppm() -> str:
    """The pdftoppm executable; a clear skip (a failure on CI) when poppler-utils is not installed."""
    found = shutil.which("pdftoppm")
    if found:
        return found
    reason = "pdftoppm not found: install Debian's poppler-utils to compare PDF pages with the golden images"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def render_pages(pdf: bytes, *, dpi: int = DPI, last: int | None = None) -> list[Image.Image]:
    """The PDF's pages (the first `last` of them, or all) as grey images at `dpi`."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        command = [pdftoppm(), "-png", "-gray", "-r", str(dpi)]
        if last is not None:
            command += ["-l", str(last)]
        subprocess.run([*command, str(source), str(Path(folder) / "page")], check=True, capture_output=True)
        files = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [Image.open(f).convert("L").copy() for f in files]


def page_count(pdf: bytes) -> int:
    """How many pages the PDF has."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _golden_page(prefix: str, number: int) -> Path:
    return GOLDEN_DIR / f"{prefix}-p{number:02d}.png"


def _difference(actual: Image.Image, golden: Image.Image) -> tuple[float, float, Image.Image]:
    diff = ImageChops.difference(actual, golden)
    mean = float(ImageStat.Stat(diff).mean[0])
    histogram = diff.histogram()
    changed = sum(histogram[CHANGED_LEVEL + 1 :]) / (actual.width * actual.height)
    return mean, changed, diff


def update_goldens(pdf: bytes, prefix: str, *, pages: int | None = None) -> None:
    """Rewrite the golden images of `prefix` from `pdf` (review them before committing)."""
    images = render_pages(pdf, last=pages)
    GOLDEN_DIR.mkdir(exist_ok=True)
    for stale in GOLDEN_DIR.glob(f"{prefix}-p*.png"):
        stale.unlink()
    for number, image in enumerate(images, start=1):
        image.save(_golden_page(prefix, number), optimize=True)
    manifest = {"pages": page_count(pdf), "compared": len(images), "dpi": DPI, "size": list(images[0].size)}
    (GOLDEN_DIR / f"{prefix}.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def compare_pages(
    pdf: bytes, golden_prefix: str, out: Path, *, pages: int | None = None, update: bool | None = None
) -> None:
    """Assert that `pdf` looks like its reviewed golden images (page count, page size, pixels within tolerance).

    `pages` compares only the first pages (the page count is still checked). With UPDATE_GOLDEN=1 in the
    environment (or update=True) the goldens are rewritten instead. On a mismatch the rendered page and a
    difference image are saved in the folder `out` (a test's tmp_path), and the message says where.
    """
    if update is None:
        update = os.environ.get("UPDATE_GOLDEN") == "1"
    if update:
        update_goldens(pdf, golden_prefix, pages=pages)
        return
    manifest_path = GOLDEN_DIR / f"{golden_prefix}.json"
    assert manifest_path.is_file(), f"no golden images for {golden_prefix!r}: make them with UPDATE_GOLDEN=1"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["dpi"] == DPI
    count = page_count(pdf)
    assert count == manifest["pages"], f"{golden_prefix}: {count} pages, the golden has {manifest['pages']}"
    images = render_pages(pdf, last=manifest["compared"])
    problems = []
    for number, actual in enumerate(images, start=1):
        golden = Image.open(_golden_page(golden_prefix, number)).convert("L")
        if actual.size != golden.size:
            problems.append(f"page {number}: {actual.size[0]}x{actual.size[1]} px, golden {golden.size}")
            continue
        mean, changed, diff = _difference(actual, golden)
        if mean > MAX_MEAN_DIFF or changed > MAX_CHANGED_SHARE:
            out.mkdir(parents=True, exist_ok=True)
            actual.save(out / f"{golden_prefix}-p{number:02d}-actual.png")
            ImageChops.invert(diff).save(out / f"{golden_prefix}-p{number:02d}-diff.png")
            problems.append(f"page {number}: mean difference {mean:.2f}, {changed:.2%} of pixels changed")
    assert not problems, (
        f"{golden_prefix} does not match its golden images ({'; '.join(problems)}). Rendered pages and "
        f"differences: {out}. If the change is intended, review them and rerun with UPDATE_GOLDEN=1."
    )


@pytest.fixture(autouse=True)
def _fixed_creation_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)


@pytest.mark.parametrize("name", sorted(GOLDEN_DOCUMENTS))
def test_pages_match_their_golden_images(name: str, tmp_path: Path) -> None:
    document = GOLDEN_DOCUMENTS[name]
    compare_pages(document.make(), name, tmp_path, pages=document.pages)


def test_a_changed_page_does_not_match(bank: Bank, tmp_path: Path) -> None:
    """The comparison can fail: a clinic's name on page 1 moves everything below it, and the rendered page
    and its difference image are kept where the message says."""
    changed = render_blank(bank, clinic=Clinic(name="Lakeside Clinic"))
    golden_pages = json.loads((GOLDEN_DIR / "blank-letter.json").read_text(encoding="utf-8"))["pages"]
    assert page_count(changed) == golden_pages, "pick a change that keeps the page count, to test the pixels"
    with pytest.raises(AssertionError, match=r"page 1: mean difference"):
        compare_pages(changed, "blank-letter", tmp_path, update=False)
    assert (tmp_path / "blank-letter-p01-actual.png").is_file()
    assert (tmp_path / "blank-letter-p01-diff.png").is_file()


def test_every_golden_image_belongs_to_a_document() -> None:
    prefixes = {p.name.rsplit("-p", 1)[0] for p in GOLDEN_DIR.glob("*-p*.png")}
    prefixes |= {p.stem for p in GOLDEN_DIR.glob("*.json")}
    assert prefixes <= set(GOLDEN_DOCUMENTS), f"stale goldens: {sorted(prefixes - set(GOLDEN_DOCUMENTS))}"


def _persona_pdf(persona_id: str) -> bytes:
    from personas import PERSONAS

    persona = next(p for p in PERSONAS if p.id == persona_id)
    bank = load_bank()
    intake = Intake(bank_id=bank.id, bank_version=bank.version, answers=persona.answers)
    return render_pdf(build_summary(bank, intake))


for _persona in ("trd-self-harm", "veteran-ptsd-alcohol", "pain-blood-pressure", "family-psychosis", "incomplete"):
    # Compared by tests/test_personas.py (page 1 of each persona); listed here so the goldens are not stale.
    GOLDEN_DOCUMENTS[f"persona-{_persona}"] = GoldenDocument(functools.partial(_persona_pdf, _persona), pages=1)
