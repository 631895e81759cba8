"""The PDF summary: content, page furniture, metadata, hardening against hostile text, reproducibility."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from questions import Intake, Kind
from summaries import Item, SectionSummary, Summary, Table, build_summary, render_pdf
from summaries.pdf import AUTHOR
from summaries.pdf_kit import clean, escape

CREATED = dt.date(2026, 6, 1)
NAME = "Zoë Łukasz Ødegård"
UNICODE = "Zoë Łukasz Ødegård Дмитрий Σωκράτης"
HOSTILE = ['<img src="/etc/hostname"/>', "<b>", "<font size=80>x</font>", "a & b < c"]

# --- watching file access: an audit hook cannot be removed, so it stays cheap and off unless a test arms it --

_opened: list[tuple[str, Any]] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _opened is not None and event == "open":
        _opened.append((str(args[0]), args[1] if len(args) > 1 else None))


sys.addaudithook(_audit)


def _watch_opens(action: Callable[[], Any]) -> list[tuple[str, Any]]:
    global _opened
    _opened = []
    try:
        action()
        return _opened
    finally:
        _opened = None


# --- helpers ------------------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def typical(make_intake: Callable[..., Intake]) -> Intake:
    return make_intake(
        full_name=NAME,
        preferred_name="Zoë",
        date_of_birth="1985-03-03",
        emergency_contacts=[
            {"name": "Дмитрий Σωκράτης", "relationship": "Partner", "phone": "+1 555 010 0199"},
            {"name": "Ana Ødegård", "relationship": "Sister", "phone": "+47 22 33 44 55"},
        ],
        concerns=["depression", "anxiety"],
        concerns_own_words="Low mood for years.\n\nSleep is poor; I wake at 4 am.",
        phq9_9="not_at_all",  # the self-harm questions answered: a blank one gets its own line on page 1
        **{f"asq_{n}": "no" for n in range(1, 5)},
    )


def _render(bank: Any, intake: Intake, **kwargs: Any) -> bytes:
    return render_pdf(build_summary(bank, intake, created=CREATED), **kwargs)


def _summary_with(items: list[Item], name: str = NAME, unanswered: list[str] | None = None) -> Summary:
    """A Summary built straight from the models, independent of what the bank asks today."""
    return Summary(
        bank_id="test-bank",
        bank_version="1",
        bank_title="Test questions",
        language="en",
        patient_name=name,
        date_of_birth="3 Mar 1985",
        created=CREATED,
        sections=[SectionSummary(id="s", title="Medications", items=items, unanswered=unanswered or [])],
        intake=Intake(bank_id="test-bank", bank_version="1"),
    )


def _medications(rows: int, cell: Callable[[int], str] = lambda i: "Twice a day, with food") -> Item:
    table = Table(
        headers=["Medicine", "Dose", "How often", "Since when"],
        rows=[[f"Med-{i:02d} (brand Ñame)", f"{10 * i} mg", cell(i), f"20{i % 25:02d}-03"] for i in range(1, rows + 1)],
    )
    return Item(
        question_id="medications", question="Medicines you take now", kind=Kind.LIST, text=f"{rows} listed", table=table
    )


# --- content and page furniture -----------------------------------------------------------------------------


def test_typical_summary_has_title_disclaimer_answers_and_sections(bank, typical, pdf_text) -> None:
    text = _flat(pdf_text(_render(bank, typical)))
    assert "Patient-reported pre-visit summary" in text
    assert "Not a diagnosis, not a treatment recommendation." in text
    for section in ("About you", "What brings you"):
        assert section in text
    for expected in ("Your full name", NAME, "3 Mar 1985", "Partner", "+47 22 33 44 55", "I wake at 4 am."):
        assert expected in text
    assert "• Depression or low mood" in text
    assert "• Anxiety or worry" in text
    assert "How they know you" in text  # the list's header row


def test_every_page_has_name_birth_date_summary_date_and_page_x_of_y(bank, typical, pdf_pages) -> None:
    pages = pdf_pages(_render(bank, typical))
    assert len(pages) >= 2  # the bank's unanswered questions are listed too
    for number, page in enumerate(pages, start=1):
        flat = _flat(page)
        assert f"Page {number} of {len(pages)}" in flat
        assert NAME in flat
        assert "Date of birth: 3 Mar 1985" in flat
        assert "Summary made: 1 Jun 2026" in flat


def test_unanswered_questions_are_listed_at_the_end_of_their_section(bank, make_intake, pdf_text) -> None:
    text = _flat(pdf_text(_render(bank, make_intake(full_name=NAME))))
    about_you = text[text.index("About you", text.index("Language")) : text.index("What brings you")]
    assert "Not answered:" in about_you
    assert "Date of birth" in about_you.split("Not answered:")[1]
    assert "What would you like help with?" in text.split("What brings you")[-1]


def test_unicode_names_print_exactly_in_the_bundled_font(bank, make_intake, pdf_text) -> None:
    intake = make_intake(full_name=UNICODE, concerns_own_words=f"My doctors: {UNICODE}.")
    data = _render(bank, intake)
    text = pdf_text(data)
    assert UNICODE in text
    assert f"My doctors: {UNICODE}." in _flat(text)
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page["/Resources"]
        assert isinstance(resources, DictionaryObject)
        page_fonts = resources["/Font"]
        assert isinstance(page_fonts, DictionaryObject)
        for font in page_fonts.values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("DejaVuSans" in f for f in fonts), fonts  # no Helvetica anywhere: it would print black boxes


# --- hostile text -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", HOSTILE)
def test_markup_in_answers_prints_literally(bank, make_intake, pdf_text, answer: str) -> None:
    intake = make_intake(
        full_name=f"Name {answer}", concerns_own_words=answer, concerns_other=answer, concerns=["other"]
    )
    text = pdf_text(_render(bank, intake))
    assert text.count(answer) >= 3  # the answer, the name in the header, the name at the top and as an answer


def test_markup_in_table_cells_headings_and_unanswered_labels_prints_literally(pdf_text) -> None:
    hostile = " ".join(HOSTILE)
    table = Table(headers=["<b>", "a & b < c"], rows=[['<img src="/etc/hostname"/>', "<font size=80>x</font>"]])
    item = Item(question_id="q", question=hostile, kind=Kind.LIST, text="1 listed", table=table)
    summary = _summary_with([item], unanswered=[hostile]).model_copy(
        update={"sections": [SectionSummary(id="s", title="<b>Meds", items=[item], unanswered=[hostile])]}
    )
    text = pdf_text(render_pdf(summary))
    assert "<b>Meds" in text
    for answer in HOSTILE:
        assert text.count(answer) >= 3, answer


def test_img_markup_reads_no_file(bank, make_intake, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    answer = f'<img src="{secret}"/> <img src="/etc/hostname"/>'
    intake = make_intake(full_name=answer, concerns_own_words=answer)
    render_pdf(build_summary(bank, intake, created=CREATED))  # fonts registered before watching
    opened = _watch_opens(lambda: render_pdf(build_summary(bank, intake, created=CREATED)))
    assert not [path for path, _ in opened if path in (str(secret), "/etc/hostname")]

    # The watch does see such a read when the markup is NOT escaped (so the check above means something).
    def unescaped() -> None:
        doc = SimpleDocTemplate(io.BytesIO())
        with contextlib.suppress(Exception):
            doc.build([Paragraph(f'<img src="{secret}"/>', ParagraphStyle("p"))])

    assert any(path == str(secret) for path, _ in _watch_opens(unescaped))


def test_render_writes_no_file(bank, typical) -> None:
    render_pdf(build_summary(bank, typical, created=CREATED))
    opened = _watch_opens(lambda: render_pdf(build_summary(bank, typical, created=CREATED)))
    writes = [(p, m) for p, m in opened if isinstance(m, str) and any(c in m for c in "wax+")]
    assert writes == []
    assert [p for p, _ in opened] == []  # in memory only, fonts loaded once per process


def test_control_characters_surrogates_and_unknown_glyphs_are_handled(bank, make_intake, pdf_text) -> None:
    answer = "start\x00\x07\x1b[31m red\x7f \ud800 lone\r\nnext\u2028line\ttab 😀 漢 end"
    text = _flat(pdf_text(_render(bank, make_intake(full_name="A\x00B", concerns_own_words=answer))))
    assert "start[31m red lone next line tab \ufffd \ufffd end" in text
    assert "AB" in text


def test_clean_and_escape() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape("line one\nline two\r\nthree") == "line one<br/>line two<br/>three"
    assert escape('<img src="/etc/hostname"/>') == '&lt;img src="/etc/hostname"/&gt;'
    assert clean("x\x00\x1f\x7f\x85y\ud800z") == "x\nyz"
    assert clean("e\u0301") == "é"  # NFC: one glyph, not a loose accent
    assert clean("😀") == "\ufffd"
    assert clean(UNICODE) == UNICODE


# --- long content -------------------------------------------------------------------------------------------


def test_20000_character_answer_flows_across_pages(bank, make_intake, pdf_pages) -> None:
    words = [f"w{i:05d}" for i in range(3400)]
    answer = " ".join(words)[:20000]
    assert len(answer) == 20000
    data = _render(bank, make_intake(full_name=NAME, concerns_own_words=answer))
    pages = pdf_pages(data)
    assert len(pages) > 1
    found = set(re.findall(r"w\d{5}", " ".join(pages)))
    assert found >= set(answer.split()[:-1])  # every word (the last one may be cut by the 20000 limit)


def test_answer_without_spaces_or_with_many_lines_renders(bank, make_intake, pdf_text) -> None:
    for answer in ("x" * 20000, "line\n" * 3000):
        text = pdf_text(_render(bank, make_intake(full_name=NAME, concerns_own_words=answer)))
        assert text.count("x") >= 20000 if answer.startswith("x") else text.count("line") >= 3000


def test_sixty_row_medication_list_splits_with_its_header_repeated(pdf_pages) -> None:
    pages = pdf_pages(render_pdf(_summary_with([_medications(60)])))
    assert len(pages) > 1
    joined = " ".join(pages)
    assert all(f"Med-{i:02d} (brand Ñame)" in joined for i in range(1, 61))
    pages_with_rows = [p for p in pages if "Med-" in p]
    assert len(pages_with_rows) > 1
    for page in pages_with_rows:
        assert "How often" in page
        assert "Since when" in page


def test_list_rows_too_tall_for_a_table_print_as_paragraphs(pdf_text) -> None:
    item = _medications(3, cell=lambda i: f"note{i} " + "long words " * 900)
    text = pdf_text(render_pdf(_summary_with([item])))
    assert "Row 3" in text
    assert all(f"note{i}" in text for i in (1, 2, 3))


def test_very_long_name_is_cut_in_the_header_but_printed_in_full_once(pdf_pages) -> None:
    name = "Verylongname " * 40
    pages = pdf_pages(render_pdf(_summary_with([_medications(60)], name=name)))
    assert _flat(name) in _flat(" ".join(pages))
    for page in pages:
        assert "Verylongname Verylongname" in page
        assert "Page" in page


# --- metadata, page size, reproducibility -------------------------------------------------------------------


def test_metadata_and_language(bank, typical) -> None:
    reader = PdfReader(io.BytesIO(_render(bank, typical)))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Patient-reported pre-visit summary"
    assert meta.subject is not None
    assert "Not a diagnosis, not a treatment recommendation." in meta.subject
    assert meta.author == AUTHOR
    assert meta.creation_date is not None
    assert meta.creation_date.date() == CREATED
    root = reader.trailer["/Root"]
    assert isinstance(root, DictionaryObject)
    assert root["/Lang"] == "en"


@pytest.mark.parametrize(("size", "box"), [("letter", (612, 792)), ("a4", (595, 842))])
def test_page_size(bank, typical, size: str, box: tuple[int, int]) -> None:
    page = PdfReader(io.BytesIO(_render(bank, typical, page_size=size))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == box


def test_letter_is_the_default_and_other_sizes_are_refused(bank, typical) -> None:
    assert _render(bank, typical) == _render(bank, typical, page_size="letter")
    with pytest.raises(ValueError, match="page_size"):
        _render(bank, typical, page_size="b5")


def test_same_summary_gives_the_same_bytes(bank, typical, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    summary = build_summary(bank, typical, created=CREATED)
    first = render_pdf(summary)
    assert render_pdf(summary) == first
    with ThreadPoolExecutor(max_workers=4) as pool:  # the app renders on worker threads
        assert set(pool.map(lambda _: render_pdf(summary), range(4))) == {first}
    later = render_pdf(summary.model_copy(update={"created": dt.date(2026, 7, 2)}))
    assert later != first
    reader = PdfReader(io.BytesIO(later))
    assert reader.metadata is not None
    assert reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.date() == dt.date(2026, 7, 2)


def test_source_date_epoch_sets_the_creation_date(bank, typical, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    reader = PdfReader(io.BytesIO(_render(bank, typical)))
    assert reader.metadata is not None
    assert reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.date() == dt.date(2023, 11, 14)


def test_typical_render_is_quick(bank, typical) -> None:
    import time

    summary = build_summary(bank, typical, created=CREATED)
    render_pdf(summary)
    start = time.perf_counter()
    render_pdf(summary)
    assert time.perf_counter() - start < 2.0


def test_maximal_render_is_quick_enough(bank) -> None:
    """A maximal patient (every follow-up, every list full) with 60 medicines renders in a few seconds."""
    import time

    from samples.patients import build, maximal

    intake = build(bank, maximal)
    rows = [{"name": f"Med-{n:02d}", "dose": "5 mg", "how_often": "daily"} for n in range(1, 61)]
    intake = intake.model_copy(update={"answers": {**intake.answers, "medication_list": rows}})
    summary = build_summary(bank, intake, created=CREATED)
    render_pdf(summary)
    start = time.perf_counter()
    render_pdf(summary)
    assert time.perf_counter() - start < 8.0


def test_page_1_is_the_glance_and_the_sections_follow(bank, typical, pdf_pages) -> None:
    pages = [_flat(p) for p in pdf_pages(_render(bank, typical))]
    assert "Screening questionnaires" in pages[0]
    assert "Answers your provider may want to review" in pages[0]
    assert "Your full name" not in pages[0]  # the full answers start on a page of their own
    assert "Your full name" in pages[1]
    assert "Notes for the provider" in pages[-1]


# --- the answers travel inside the PDF ----------------------------------------------------------------------


def test_answers_are_embedded_and_load_again(bank, typical) -> None:
    from questions.limits import ATTACHMENT_NAME
    from questions.restore import restore
    from summaries.attachments import attachments

    data = _render(bank, typical)
    assert Intake.model_validate_json(attachments(data)[ATTACHMENT_NAME]) == typical
    assert restore(bank, data).intake.answers == typical.answers
    plain = _render(bank, typical, attach_answers=False)
    assert attachments(plain) == {}
    assert PdfReader(io.BytesIO(plain)).metadata == PdfReader(io.BytesIO(data)).metadata
