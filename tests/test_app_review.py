"""The review step speaks to the patient (issue 15, points 4 and 5): the summary download at the top and at
the bottom, a short list of the page's parts linked to their headings, a plain word once the summary is saved
(with no second build), and scores in plain words, never the provider's terms, which stay on the PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from journey import DownloadCapture, start_app
from outputs import extract_text
from reading import grader, sentences

from questions import Intake, load_bank, score
from questions.scoring import patient_words
from questions.words import catalogue, say
from samples.patients import build, maximal, minimal, typical, unsure
from ui import builds

BANK = load_bank()
REVIEW = len(BANK.sections) + 1
PROVIDER_TERMS = re.compile(r"positive screen|cut-off|published|minimal|mild|moderate|severe|Kroenke|Spitzer|\d{4}\)")
"""The provider's wording of a score: band names, screen results, citations."""


def _review(intake: Intake) -> Any:
    at = start_app()
    at.session_state["answers"] = dict(intake.answers)
    at.session_state["step"] = REVIEW
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: Any) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.success, *at.warning, *at.error])


def _downloads(at: Any) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_the_download_is_offered_first_and_last_with_distinct_keys(capture: DownloadCapture) -> None:
    at = _review(typical(BANK))
    labels = _downloads(at)
    top, bottom = say("en", "review.download_top"), say("en", "review.download_pdf")
    assert labels[0] == top, labels  # the first button on the page
    assert bottom in labels
    headings = [s.value for s in at.subheader]
    assert headings[0] == say("en", "review.glance_head")  # the download comes before the glance and the answers
    assert set(capture.calls) >= {"download_pdf_top", "download_pdf"}
    first, last = capture.bytes_of("download_pdf_top"), capture.bytes_of("download_pdf")
    assert first.startswith(b"%PDF")
    assert last.startswith(b"%PDF")
    assert extract_text(first) == extract_text(last)  # the same summary either way


def test_the_list_of_parts_links_to_each_heading() -> None:
    at = _review(typical(BANK))
    links = dict(re.findall(r"\[([^\]]+)\]\(#([a-z0-9-]+)\)", _texts(at)))
    anchors = {s.value: s.proto.anchor for s in at.subheader}
    titles = [say("en", "review.glance_head"), *[s.value for s in at.subheader if s.value in links]]
    assert len(links) == len(BANK.sections) + 2  # at a glance, each step, the download
    for title in titles:
        assert links[title] == anchors[title], title  # each link names a heading's own anchor
    assert links[say("en", "review.download_head")] == anchors[say("en", "review.download_head")]
    assert len(set(links.values())) == len(links)


def test_a_saved_summary_is_told_after_the_download_without_a_second_build(
    capture: DownloadCapture, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    real = builds.summary_pdf

    def counting(*args: Any, **kwargs: Any) -> bytes:
        built.append("pdf")
        return real(*args, **kwargs)

    monkeypatch.setattr(builds, "summary_pdf", counting)
    at = _review(typical(BANK))
    said = say("en", "review.saved", file="x").split("x")[0]
    assert said not in _texts(at)  # nothing said before the download
    assert not built  # drawing the page builds nothing
    _, kwargs = capture.calls["download_pdf_top"]
    capture.bytes_of("download_pdf_top")  # what a click does: Streamlit calls the data callable
    assert built == ["pdf"]
    at.run()  # the note's next look (a fragment in the browser; here the next run)
    assert not at.exception, at.exception
    messages = [s.value for s in at.success]
    assert len(messages) == 2, messages  # under both buttons
    assert kwargs["file_name"] in messages[0].replace("\\", "")
    assert "bring it to your visit" in messages[0]
    assert built == ["pdf"], "showing the note made the file again"


def test_the_note_goes_once_the_answers_change(capture: DownloadCapture) -> None:
    at = _review(typical(BANK))
    capture.bytes_of("download_pdf")
    at.run()
    assert at.success
    at.session_state["answers"] = {**at.session_state["answers"], "preferred_name": "Someone else"}
    at.run()
    assert not at.success  # the saved file no longer holds these answers


@pytest.mark.parametrize("patient", [typical, maximal, minimal, unsure], ids=lambda p: p.__name__)
def test_scores_read_in_plain_words_with_no_provider_terms(patient: Callable[..., Any]) -> None:
    intake = patient(BANK) if patient is typical else build(BANK, patient)
    at = _review(intake)
    text = _texts(at)
    for s in score(BANK, intake):
        assert patient_words(s, "en") in text
        assert s.text not in text  # the provider's sentence stays on the PDF
        if s.total is not None and s.max_score is not None:
            assert f"{s.total:g} out of {s.max_score:g}" in patient_words(s, "en")
    scores_part = text.split(say("en", "review.scores_head"))[-1].split(say("en", "glance.review"))[0]
    assert not PROVIDER_TERMS.search(scores_part), scores_part
    assert "positive screen" not in text


def test_a_positive_asq_is_plain_and_the_crisis_panel_shows() -> None:
    intake = build(BANK, maximal)  # yes to the ASQ's questions, and to PHQ-9 item 9
    at = _review(intake)
    text = _texts(at)
    assert say("en", "review.asq_done", name="ASQ") in text
    assert "positive screen" not in text
    assert "NIMH" not in text
    assert [e for e in at.error if say("en", "crisis.not_alone") in e.value]  # the crisis panel, as before


def test_the_review_in_spanish_speaks_plainly_too() -> None:
    intake = typical(BANK).model_copy(update={"language": "es"})
    at = start_app()
    at.session_state["language"] = "es"
    at.session_state["answers"] = dict(intake.answers)
    at.session_state["step"] = REVIEW
    at.run()
    assert not at.exception, at.exception
    text = _texts(at)
    # The clinic's provider reads English (the default): first the provider's PDF, then the patient's own copy.
    labels = _downloads(at)
    assert labels[0] == say("es", "translation.for_provider_now", language="inglés")
    assert labels[1] == say("es", "translation.own_copy_now", language="español")
    phq9 = next(s for s in score(BANK, intake) if s.instrument_id == "phq9")
    assert patient_words(phq9, "es") in text
    assert "el ánimo (PHQ-9)" in patient_words(phq9, "es")


# --- reading level ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grade(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return grader(tmp_path_factory.mktemp("nltk_data"))


def _review_sentences() -> list[str]:
    """Every sentence the review's own words make, as a patient reads them (the scores of several patients)."""
    out = []
    for patient in (maximal, minimal, unsure):
        for s in score(BANK, build(BANK, patient)):
            out.append(patient_words(s, "en"))
    english = catalogue("en")
    fields = {"file": "Summary-Ana-2026-12-01.pdf", "name": "ASQ", "answered": "3", "items": "4"}
    for key, text in english.items():
        if key.startswith("review.") and not key.startswith(("review.topic", "review.score_")):
            out.append(text.format(**{k: fields.get(k, "it") for k in re.findall(r"\{(\w+)\}", text)}))
    return out


def test_the_review_reads_at_grade_8_or_below(grade) -> None:  # type: ignore[no-untyped-def]
    read = [s for text in _review_sentences() for s in sentences(text) if len(s.split()) >= 8]
    assert len(read) > 15
    too_hard = [f"{grade(s):.1f} {s}" for s in read if grade(s) > 8.0]
    assert too_hard == [], "\n" + "\n".join(too_hard)


def test_the_plain_words_leave_out_every_provider_term() -> None:
    for patient in (maximal, minimal, unsure):
        for s in score(BANK, build(BANK, patient)):
            words = patient_words(s, "en")
            assert not PROVIDER_TERMS.search(words), words
            assert s.name in words


def test_a_missing_about_falls_back_to_the_name() -> None:
    s = next(s for s in score(BANK, typical(BANK)) if s.instrument_id == "phq9")
    plain = patient_words(s.model_copy(update={"about": ""}), "en")
    assert plain.startswith("Your answers to PHQ-9 add up to ")
