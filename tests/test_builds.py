"""PDF builds in worker processes (summaries/builds.py, ui/builds.py): a slow build is stopped past the
clinic's limit and its worker killed, the patient keeps every answer and can still save them, one long build
does not hold up another, and a worker keeps no patient text after a build."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from journey import DownloadCapture, start_app

from bench import intakes
from questions import Bank
from questions.clinic import ENV_VAR
from questions.words import say
from summaries import builds


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_a_build_past_the_limit_is_stopped_and_the_patient_keeps_every_answer(
    bank: Bank, capture: DownloadCapture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "clinic.yaml"
    settings.write_text("build_seconds: 0.3\n")
    monkeypatch.setenv(ENV_VAR, str(settings))
    answers = dict(intakes.maximal_intake(bank).answers)  # about 250 pages: far more than 0.3 s
    at = start_app()
    at.session_state["answers"] = answers
    at.session_state["step"] = len(bank.sections) + 1
    at.run()
    assert not at.exception
    pool = builds.pool()
    pool.warm()
    before = set(pool.pids())
    with pytest.raises(builds.BuildTooSlow):
        capture.bytes_of("download_pdf")
    killed = before - set(pool.pids())
    assert len(killed) == 1  # the worker that was building
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in killed) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in killed), "the stuck worker is still running"
    at.run()  # what the session's watcher does after a stopped build (ui/idle.py)
    assert not at.exception
    assert say("en", "builds.summary_stopped") in [w.value for w in at.warning]
    assert at.session_state["answers"] == answers
    saved = json.loads(capture.bytes_of("save"))
    assert saved["answers"]["full_name"] == answers["full_name"]
    at.run()
    assert say("en", "builds.summary_stopped") not in [w.value for w in at.warning]  # said once


def test_a_long_build_does_not_hold_up_a_short_one(bank: Bank) -> None:
    maximal = intakes.maximal_intake(bank).model_dump_json()
    typical = intakes.typical(bank).model_dump_json()
    builds.pool().warm()
    long_build = threading.Thread(target=builds.summary_pdf, args=(maximal,))
    long_build.start()
    time.sleep(0.2)
    pdf = builds.summary_pdf(typical)
    still_building = long_build.is_alive()
    long_build.join()
    assert pdf.startswith(b"%PDF")
    assert still_building, "the short build waited for the long one"


def test_a_worker_keeps_no_patient_text_after_a_build(bank: Bank) -> None:
    intake = intakes.typical(bank)
    marker = "Zephyrine Quillback-Oduya"
    answers = {**intake.answers, "full_name": marker}
    pdf = builds.summary_pdf(intake.model_copy(update={"answers": answers}).model_dump_json())
    assert pdf.startswith(b"%PDF")
    pool = builds.pool()
    # Jobs go to the worker freed last, so this asks the worker that built the PDF; then every other one.
    assert not any(pool.build(("holds", marker)) for _ in range(pool.size))
    label = bank.questions()[0].label
    probe = label if isinstance(label, str) else next(iter(label.values()))
    assert pool.build(("holds", probe[:20])), "the check finds what a worker does keep (the bank)"
