"""The summary PDF in Spanish and for a provider who reads another language than the patient.

A patient who answered in Spanish gets the PDF for the provider in the clinic's `provider_language` (English by
default): its headings, option answers and scores in that language, their own words exactly as typed, and page
1 saying they answered in Spanish. Their own copy is the same summary in Spanish, with the same answers inside.
Its page furniture fits, and its dates read the Spanish way. The paper form prints in Spanish from the command
line (`python -m summaries blank --language es`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import cast

import pytest
from journey import DownloadCapture
from outputs import RunSummaries, extract_pages
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from questions import Bank, Intake, tr
from questions.clinic import Clinic
from questions.limits import ATTACHMENT_NAME
from questions.schema import Instrument, Screen
from questions.words import format_date, say
from samples.patients import build, maximal, typical
from summaries import build_summary, render_pdf
from summaries.attachments import attachments
from summaries.bundle import summary_pdf

OWN_WORDS = "Me siento triste casi todos los días desde hace años. Quiero volver a disfrutar con mis hijos."
ASKED = "¿Cuándo notaré un cambio? ¿Puedo seguir con el lorazepam?"
DAY = dt.date(2026, 12, 1)


def spanish_intake(bank: Bank) -> Intake:
    """The typical patient, answering in Spanish, in their own Spanish words."""
    intake = typical(bank)
    answers = {**intake.answers, "concerns_own_words": OWN_WORDS, "questions_for_provider": ASKED}
    return intake.model_copy(update={"language": "es", "answers": answers})


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_facts(pdf: bytes) -> tuple[str, str, dict[str, str]]:
    """Page 1 and the whole text (whitespace closed up), and the document's title, subject and language."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = [_flat(page.extract_text() or "") for page in reader.pages]
    meta = reader.metadata
    assert meta is not None
    root = cast(DictionaryObject, reader.trailer["/Root"])
    facts = {"title": str(meta.title), "subject": str(meta.subject), "lang": str(root.get("/Lang"))}
    return pages[0], " ".join(pages), facts


def test_the_provider_reads_a_spanish_intake_in_english_with_the_patients_words_as_typed(bank: Bank) -> None:
    intake = spanish_intake(bank)
    pdf = summary_pdf(bank, intake, clinic=Clinic(), created=DAY)  # provider_language: en by default
    first, whole, facts = _pdf_facts(pdf)
    assert say("en", "translation.answered_in", language="Spanish") in first
    assert say("en", "glance.language", name="Spanish") in first  # the answers' language, by name
    assert say("en", "glance.scores") in first
    assert say("es", "glance.scores") not in first
    assert say("en", "glance.made", made="1 Dec 2026") in first
    assert OWN_WORDS[:60] in first  # page 1 quotes the start of the patient's own words, untranslated
    assert OWN_WORDS in whole
    assert ASKED in whole
    assert say("en", "kinds.yes_no.yes") in whole
    assert say("es", "kinds.yes_no.yes") not in whole
    assert facts["title"] == say("en", "summary.title")
    assert facts["lang"] == "en"
    assert facts["subject"].startswith(say("en", "summary.disclaimer"))
    answers = json.loads(attachments(pdf)[ATTACHMENT_NAME])
    assert answers["language"] == "es"
    assert answers["answers"] == intake.answers


def test_the_patients_own_copy_is_the_same_summary_in_spanish(bank: Bank) -> None:
    intake = spanish_intake(bank)
    provider = summary_pdf(bank, intake, clinic=Clinic(), created=DAY)
    own = summary_pdf(bank, intake, clinic=Clinic(), created=DAY, language="es")
    first, whole, facts = _pdf_facts(own)
    assert say("es", "glance.scores") in first
    assert say("en", "glance.scores") not in first
    assert say("es", "glance.made", made="1 de diciembre de 2026") in first
    assert say("es", "translation.answered_in", language="español") not in first  # it is their own language
    assert say("es", "glance.language", name="español") in first
    assert "translat" not in first.lower()
    assert "traducido" not in first
    assert OWN_WORDS in whole
    assert ASKED in whole
    assert say("es", "kinds.yes_no.yes") in whole
    assert facts["title"] == say("es", "summary.title")
    assert facts["lang"] == "es"
    assert facts["subject"].startswith(say("es", "summary.disclaimer"))
    assert attachments(own) == attachments(provider)  # the same answers and FHIR files inside


def test_a_provider_who_reads_spanish_gets_an_english_intake_in_spanish(bank: Bank) -> None:
    pdf = summary_pdf(bank, typical(bank), clinic=Clinic(provider_language="es"), created=DAY)
    first, _, facts = _pdf_facts(pdf)
    assert say("es", "translation.answered_in", language="inglés") in first
    assert say("es", "glance.scores") in first
    assert facts["lang"] == "es"


def test_each_summary_is_one_pass_over_the_bank(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider's PDF and the patient's copy are each one Summary, derived once (no second path)."""
    from test_derivation import _count_passes

    intake = spanish_intake(bank)
    passes = _count_passes(monkeypatch, bank)
    summary_pdf(bank, intake, clinic=Clinic(), created=DAY)
    assert passes() == 1
    summary_pdf(bank, intake, clinic=Clinic(), created=DAY, language="es")
    assert passes() == 2


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_running_header_and_footer_fit_with_the_longest_spanish_dates(bank: Bank, paper: str) -> None:
    from questions.clinic import Clinic

    intake = build(bank, maximal).model_copy(update={"language": "es"})
    intake = intake.model_copy(update={"answers": {**intake.answers, "date_of_birth": "1990-09-28"}})
    summary = build_summary(bank, intake, created=dt.date(2026, 9, 28), clinic=Clinic(paper_size=paper))
    pages = extract_pages(render_pdf(summary))
    header = say("es", "pdf.running_header", born="28 de septiembre de 1990", made="28 sept 2026")
    assert format_date(dt.date(2026, 9, 28), "es", short=True) == "28 sept 2026"
    flat = [" ".join(page.split()) for page in pages]
    assert all(" ".join(header.split()) in page for page in flat)
    footer = say(
        "es", "pdf.footer", title=say("es", "summary.title"), not_a_diagnosis=say("es", "summary.not_a_diagnosis")
    )
    assert all(footer in page for page in flat)  # whole, not cut short with "…"
    assert say("es", "pdf.page", page=1, pages=len(pages)) in flat[0]
    assert "28 de septiembre de 2026" in flat[0]  # page 1 carries the full date


def test_english_dates_stay_as_they_were() -> None:
    day = dt.date(2026, 12, 1)
    assert format_date(day, "en") == format_date(day, "en", short=True) == "1 Dec 2026"


def test_the_paper_form_prints_in_spanish_from_the_command_line(run_summaries: RunSummaries, tmp_path: Path) -> None:
    out = tmp_path / "formulario.pdf"
    done = run_summaries("blank", "-o", str(out), "--language", "es")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    first = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert say("es", "paper.how_head") in first
    assert say("en", "paper.how_head") not in first


def test_an_unknown_language_for_the_paper_form_is_a_usage_error(run_summaries: RunSummaries, tmp_path: Path) -> None:
    done = run_summaries("blank", "-o", str(tmp_path / "form.pdf"), "--language", "fr")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "fr" in done.stderr


def _review_in_spanish(bank: Bank, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: str) -> None:
    from journey import APP
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "clinic.yaml"
    path.write_text(settings, encoding="utf-8")
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["language"] = "es"
    at.session_state["answers"] = dict(spanish_intake(bank).answers)
    at.session_state["step"] = len(bank.sections) + 1
    at.run()
    assert not at.exception, at.exception


def test_a_spanish_patient_downloads_the_providers_pdf_and_a_copy_in_spanish(
    bank: Bank, capture: DownloadCapture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _review_in_spanish(bank, monkeypatch, tmp_path, "name: Clínica Norte\n")  # provider_language: en
    pdfs = [key for key, (_, kwargs) in capture.calls.items() if kwargs.get("mime") == "application/pdf"]
    assert pdfs == ["download_pdf_top", "download_pdf_top_own", "download_pdf", "download_pdf_own"]
    (_, provider), (_, own) = capture.calls["download_pdf"], capture.calls["download_pdf_own"]
    day = dt.date.today().isoformat()
    assert provider["file_name"] == say("en", "files.summary_pdf", name="Jordan-Ellis", day=day)
    assert own["file_name"] == say("es", "files.summary_pdf", name="Jordan-Ellis", day=day)
    assert provider["help"] == say("es", "translation.for_provider_help", language="inglés")
    first_provider, _, _ = _pdf_facts(capture.bytes_of("download_pdf"))
    first_own, _, _ = _pdf_facts(capture.bytes_of("download_pdf_own"))
    assert say("en", "translation.answered_in", language="Spanish") in first_provider
    assert say("es", "glance.scores") in first_own
    assert say("en", "glance.scores") not in first_own


def test_one_download_when_the_provider_reads_the_patients_language(
    bank: Bank, capture: DownloadCapture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _review_in_spanish(bank, monkeypatch, tmp_path, "provider_language: es\n")
    pdfs = [key for key, (_, kwargs) in capture.calls.items() if kwargs.get("mime") == "application/pdf"]
    assert pdfs == ["download_pdf_top", "download_pdf"]  # the review offers it at the top and the bottom
    first, _, _ = _pdf_facts(capture.bytes_of("download_pdf"))
    assert say("es", "glance.scores") in first
    assert "traducido" not in first


def test_an_instrument_without_a_validated_spanish_version_is_marked_for_the_provider(bank: Bank) -> None:
    """Where an instrument's `validated_in` lacks the patient's language, page 1's score row and its section
    say so, in the PDF's language; an instrument validated in Spanish is not marked."""
    copy = bank.model_copy(deep=True)
    plain = next(i for i in copy.instruments if i.id == "single_drug_question")
    assert "es" not in plain.validated_in  # translated plainly: no validated Spanish version
    others: list[Instrument | Screen] = [*copy.instruments, *copy.screens]
    for other in others:  # the published Spanish of the others (as the bank has it)
        if other is not plain and "es" not in other.validated_in:
            other.validated_in.append("es")
        other.unconfirmed_in.clear()  # and as if every line of it were checked
    intake = spanish_intake(copy)
    summary = build_summary(copy, intake, created=DAY, language="en")
    note = say("en", "translation.not_validated", name=tr(plain.name, "en"), language="Spanish")
    assert summary.translation_notes == {"single_drug_question": note}
    scores = {s.instrument_id: s for s in summary.scores}
    assert scores["phq9"].validated is True
    assert scores["single_drug_question"].validated is False
    asking = copy.section_of(plain.items[0]).id
    assert [s.notes for s in summary.sections if s.id == asking] == [[note]]
    pages = [_flat(p) for p in extract_pages(render_pdf(summary))]
    assert note in pages[0]  # the score row on page 1
    assert sum(page.count(note) for page in pages) == 2  # and once where its answers are
    spanish = build_summary(copy, intake, created=DAY, language="es")
    assert spanish.translation_notes["single_drug_question"] == say(
        "es", "translation.not_validated", name=tr(plain.name, "es"), language="español"
    )
    english = build_summary(copy, typical(copy), created=DAY)
    assert english.translation_notes == {}
    assert all(not s.notes for s in english.sections)


def test_a_published_translation_not_yet_checked_word_for_word_is_marked_for_the_provider(bank: Bank) -> None:
    """The bank's GAD-7 and PCL-5 Spanish are published versions whose wording was not yet checked word for word
    against the publisher's form (`unconfirmed_in: [es]`): a Spanish patient's summary says so beside their
    scores and on page 1; it does not call them unvalidated; an English patient's summary says nothing."""
    unconfirmed = {i.id for i in bank.instruments if "es" in i.unconfirmed_in}
    assert unconfirmed == {"gad7", "pcl5"}  # docs/spanish-instruments.md: their items are NOT CONFIRMED
    intake = spanish_intake(bank)
    summary = build_summary(bank, intake, created=DAY, language="en")
    scores = {s.instrument_id: s for s in summary.scores}
    for iid in sorted(unconfirmed & set(scores)):
        asked = next(i for i in bank.instruments if i.id == iid)
        note = say("en", "translation.unconfirmed", name=tr(asked.name, "en"), language="Spanish")
        assert summary.translation_notes[iid] == note
        assert scores[iid].validated is True
        assert say("en", "scores.unconfirmed") in scores[iid].text  # the score in words says it too
    assert "gad7" in scores  # the typical patient is asked the GAD-7, so the loop above ran
    assert say("en", "scores.unconfirmed") not in scores["phq9"].text
    assert "phq9" not in summary.translation_notes
    first = _flat(extract_pages(render_pdf(summary))[0])
    gad7 = next(i for i in bank.instruments if i.id == "gad7")
    assert say("en", "translation.unconfirmed", name=tr(gad7.name, "en"), language="Spanish") in first
    assert build_summary(bank, typical(bank), created=DAY).translation_notes.keys().isdisjoint(unconfirmed)


def test_an_unconfirmed_language_must_be_a_validated_one(bank: Bank) -> None:
    """`unconfirmed_in` qualifies a published version: naming a language without one is refused at load."""
    gad7 = next(i for i in bank.instruments if i.id == "gad7")
    Instrument.model_validate(gad7.model_dump(mode="json"))  # as the bank has it: loads
    data = gad7.model_dump(mode="json") | {"validated_in": ["en"], "unconfirmed_in": ["es"]}
    with pytest.raises(ValueError, match="unconfirmed_in names es, which validated_in does not"):
        Instrument.model_validate(data)


def test_the_command_line_renders_the_patients_copy(bank: Bank, run_summaries: RunSummaries, tmp_path: Path) -> None:
    saved = tmp_path / "respuestas.json"
    saved.write_text(spanish_intake(bank).model_dump_json(), encoding="utf-8")
    out = tmp_path / "resumen.pdf"
    done = run_summaries("render", saved, "-o", out, "--date", "2026-12-01", "--language", "es")
    assert done.returncode == 0, done.stderr
    first, _, facts = _pdf_facts(out.read_bytes())
    assert say("es", "glance.scores") in first
    assert facts["lang"] == "es"
    assert "traducido" not in first
