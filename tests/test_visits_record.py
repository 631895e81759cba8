"""The record the patient holds: visits chained by fingerprints inside the summary PDF, and checking it."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from outputs import extract_pages
from pypdf import PdfReader
from series import START, series_pdfs, with_totals

from questions import Bank
from questions.limits import ATTACHMENT_NAME
from questions.visits import (
    VISITS_NAME,
    Series,
    Visit,
    VisitError,
    fingerprint_of,
    make_visit,
    read_series,
    series_file,
    short,
)
from questions.words import say
from summaries.bundle import summary_pdf
from summaries.pdf import answers_file, render_pdf
from summaries.record import mark, verify, visits_in
from summaries.summary import build_summary

PHQ9 = [18, 12, 7, 14]
GAD7 = [15, 11, 6, 12]


@pytest.fixture(scope="module")
def four(bank: Bank) -> list[bytes]:
    """Four visits a week apart: scores going down, then up."""
    return series_pdfs(bank, PHQ9, GAD7)


def _files(pdf: bytes) -> dict[str, bytes]:
    return {name: data[0] for name, data in PdfReader(io.BytesIO(pdf)).attachments.items()}


def _series(pdf: bytes) -> list[Visit]:
    return Series.model_validate_json(_files(pdf)[VISITS_NAME]).visits


def _rebuilt(
    bank: Bank, visits: list[Visit], *, printed: list[Visit] | None = None, answers: bytes | None = None
) -> bytes:
    """A PDF laid out like the app's, carrying `visits` and printing the fingerprint of `printed`."""
    last = visits[-1]
    summary = build_summary(bank, last.intake(), created=last.date)
    files = {VISITS_NAME: series_file(visits)}
    if answers is not None:
        files[ATTACHMENT_NAME] = answers
    return render_pdf(summary, attachments=files, mark=mark(printed or visits))


def test_each_pdf_carries_the_whole_series_with_dates_and_scores(bank: Bank, four: list[bytes]) -> None:
    for number, pdf in enumerate(four, start=1):
        visits = _series(pdf)
        assert len(visits) == number
        assert [v.date for v in visits] == [START + dt.timedelta(weeks=i) for i in range(number)]
        assert [v.scores["phq9"] for v in visits] == PHQ9[:number]
        assert [v.scores["gad7"] for v in visits] == GAD7[:number]
        assert json.loads(_files(pdf)[ATTACHMENT_NAME]) == visits[-1].intake().model_dump(mode="json")
    last = _series(four[-1])
    assert last[:3] == _series(four[2])  # earlier visits are carried unchanged, fingerprints and all


def test_visits_are_chained_and_the_latest_fingerprint_is_on_every_page(four: list[bytes]) -> None:
    visits = _series(four[-1])
    assert visits[0].previous == ""
    for before, after in itertools.pairwise(visits):
        assert after.previous == before.fingerprint
    for visit in visits:
        assert visit.fingerprint == fingerprint_of(visit)
    printed = short(visits[-1].fingerprint)
    pages = extract_pages(four[-1])
    assert len(pages) > 2
    for page in pages:
        assert printed in page
        assert short(visits[-2].fingerprint) not in page


def test_verify_accepts_every_pdf_of_the_series(four: list[bytes]) -> None:
    for number, pdf in enumerate(four, start=1):
        verdict = verify(pdf)
        assert verdict.ok, verdict.line
        assert short(_series(pdf)[-1].fingerprint) in verdict.line
        assert f" {number} visit" in verdict.line


def test_changed_earlier_answer_breaks_the_fingerprint(bank: Bank, four: list[bytes]) -> None:
    visits = _series(four[-1])
    answers = dict(visits[1].answers)
    answers["phq9_1"] = "not_at_all"
    forged = [visits[0], visits[1].model_copy(update={"answers": answers}), *visits[2:]]
    pdf = _rebuilt(bank, forged, answers=answers_file(forged[-1].intake()))
    verdict = verify(pdf)
    assert not verdict.ok
    assert verdict.line.endswith(say("en", "visits.error.fingerprint"))
    with pytest.raises(VisitError) as caught:
        visits_in(bank, pdf)
    assert caught.value.key == "visits.error.fingerprint"


def test_removed_visit_breaks_the_chain(bank: Bank, four: list[bytes]) -> None:
    visits = _series(four[-1])
    forged = [visits[0], *visits[2:]]
    pdf = _rebuilt(bank, forged, answers=answers_file(forged[-1].intake()))
    assert verify(pdf).line.endswith(say("en", "visits.error.chain"))


def test_a_history_rebuilt_with_new_fingerprints_does_not_match_the_printed_one(bank: Bank, four: list[bytes]) -> None:
    visits = _series(four[-1])
    rebuilt: list[Visit] = []
    for visit in visits:
        answers = {**visit.answers, "phq9_1": "not_at_all"} if visit is visits[0] else visit.answers
        rebuilt.append(
            make_visit(
                bank,
                visit.intake().model_copy(update={"answers": answers}),
                visit.date,
                rebuilt[-1] if rebuilt else None,
            )
        )
    assert read_series(series_file(rebuilt)) == rebuilt  # self-consistent on its own...
    pdf = _rebuilt(bank, rebuilt, printed=visits, answers=answers_file(rebuilt[-1].intake()))
    verdict = verify(pdf)  # ...but not the record whose fingerprint the pages carry
    assert verdict.line.endswith(say("en", "visits.error.printed"))
    with pytest.raises(VisitError):
        visits_in(bank, pdf)


def test_answers_file_that_differs_from_the_record_is_refused(bank: Bank, four: list[bytes]) -> None:
    visits = _series(four[-1])
    other = with_totals(bank, visits[-1].intake(), {"phq9": 3})
    pdf = _rebuilt(bank, visits, answers=answers_file(other))
    assert verify(pdf).line.endswith(say("en", "visits.error.answers_differ"))


def test_a_pdf_from_before_visits_loads_as_one_earlier_visit(bank: Bank, four: list[bytes]) -> None:
    intake = _series(four[0])[0].intake()
    old = render_pdf(build_summary(bank, intake, created=dt.date(2025, 11, 3)))  # what the app made before visits
    assert VISITS_NAME not in _files(old)
    verdict = verify(old)
    assert not verdict.ok
    assert verdict.line.endswith(say("en", "visits.error.no_record"))
    (visit,) = visits_in(bank, old)
    assert visit.date == dt.date(2025, 11, 3)
    assert visit.answers == intake.answers
    assert visit.scores["phq9"] == PHQ9[0]
    follow_up = summary_pdf(bank, intake, created=dt.date(2025, 11, 10), earlier=[visit])
    assert verify(follow_up).ok
    assert [v.date for v in visits_in(bank, follow_up)] == [dt.date(2025, 11, 3), dt.date(2025, 11, 10)]


def test_render_from_a_follow_up_pdf_makes_the_same_visit_again(
    repo_root: Path, tmp_path: Path, four: list[bytes]
) -> None:
    source = tmp_path / "fourth.pdf"
    source.write_bytes(four[-1])
    out = tmp_path / "again.pdf"
    day = _series(four[-1])[-1].date.isoformat()
    command = [sys.executable, "-m", "summaries", "render", str(source), "-o", str(out), "--date", day]
    done = subprocess.run(command, cwd=repo_root, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert _series(out.read_bytes()) == _series(four[-1])
    assert verify(out.read_bytes()).ok
    early = subprocess.run(
        [*command[:-1], START.isoformat()], cwd=repo_root, capture_output=True, text=True, timeout=120, check=False
    )
    assert early.returncode == 2
    assert say("en", "visits.error.before_last") in early.stderr


def test_two_visits_may_share_a_day(bank: Bank, four: list[bytes]) -> None:
    visits = _series(four[-1])
    again = summary_pdf(bank, visits[-1].intake(), created=visits[-1].date, earlier=visits)
    assert _series(again)[:4] == visits
    assert len(_series(again)) == 5
    assert verify(again).ok


def test_fifty_two_visits_load_and_stay_under_two_megabytes(bank: Bank) -> None:
    from samples.patients import maximal_long

    intake = maximal_long(bank)
    earlier: list[Visit] = []
    for week in range(51):
        earlier.append(make_visit(bank, intake, START + dt.timedelta(weeks=week), earlier[-1] if earlier else None))
    started = time.perf_counter()
    pdf = summary_pdf(bank, intake, created=START + dt.timedelta(weeks=51), earlier=earlier)
    built = time.perf_counter() - started
    assert len(pdf) < 2 * 1024 * 1024, len(pdf)
    started = time.perf_counter()
    visits = visits_in(bank, pdf)
    loaded = time.perf_counter() - started
    assert len(visits) == 52
    assert visits[:51] == earlier
    assert verify(pdf).ok
    assert built < 60, built
    assert loaded < 20, loaded


def test_verify_command_exit_codes(repo_root: Path, tmp_path: Path, bank: Bank, four: list[bytes]) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(four[-1])
    visits = _series(four[-1])
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(_rebuilt(bank, [visits[0], *visits[2:]], answers=answers_file(visits[-1].intake())))

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "summaries", "verify", str(path)]
        return subprocess.run(command, cwd=repo_root, capture_output=True, text=True, timeout=120, check=False)

    ok = run(good)
    assert ok.returncode == 0
    assert ok.stdout.count("\n") == 1
    assert not ok.stderr
    assert short(visits[-1].fingerprint) in ok.stdout
    broken = run(bad)
    assert broken.returncode == 2
    assert broken.stderr.count("\n") == 1
    assert "Traceback" not in broken.stderr
    assert say("en", "visits.error.chain") in broken.stderr
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 not really")
    assert run(junk).returncode == 2
