"""Two patients at the same time never see each other's answers: AppTest sessions run concurrently in
threads, step by step in lockstep, each with its own name and answers; then each session's state, screen,
saved file and PDF must hold its own answers and nothing of the other's. Afterwards no object left in the
process holds either patient's answers (nothing cached or kept in module state between sessions).

The browser version of this (two browser contexts against one real server) is in
tests/browser/test_privacy.py.
"""

from __future__ import annotations

import gc
import json
import secrets
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import streamlit
from journey import APP, click, current_step, fill_section
from pypdf import PdfReader
from streamlit.runtime import Runtime
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from questions import Bank, Kind, Question
from questions.check import text_limit
from samples.answers import sample_answer

OWNER = "_isolation_test_owner"
"""A session-state key the test sets in each session, so a download can be traced to the session that drew it."""

STEP_TIMEOUT = 120


class _StickyRuntimeMeta(type):
    """Keeps one mock Runtime in place while AppTest runs in several threads at once.

    AppTest installs a fresh mock `Runtime._instance` for every run and sets it back to None when the run
    ends, so a second session running at that moment would find no runtime at all; a real server has one
    Runtime for all its sessions, which is what this keeps: the newest mock stays until the test ends.
    """

    def __setattr__(cls, name: str, value: Any) -> None:
        if name == "_instance":
            if value is not None:
                Runtime._instance = value
            return
        super().__setattr__(name, value)


class _StickyRuntime(Runtime, metaclass=_StickyRuntimeMeta):
    pass


@pytest.fixture
def concurrent_apptest(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let several AppTest sessions run at the same time (see _StickyRuntimeMeta)."""
    monkeypatch.setattr(app_test_module, "Runtime", _StickyRuntime)
    streamlit.config.set_option("global.appTest", True)  # AppTest patches and restores it around each run
    try:
        yield
    finally:
        streamlit.config.set_option("global.appTest", False)
        Runtime._instance = None


class DownloadsBySession:
    """Records what each session hands to st.download_button, by the owner name set in its session state."""

    def __init__(self) -> None:
        self._real = streamlit.download_button
        self._lock = threading.Lock()
        self.calls: dict[str, dict[str, Any]] = {}

    def __call__(self, label: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        owner = str(streamlit.session_state.get(OWNER))
        with self._lock:
            self.calls.setdefault(owner, {})[kwargs.get("key") or label] = data
        return self._real(label, data, *args, **kwargs)

    def bytes_of(self, owner: str, button_key: str) -> bytes:
        data = self.calls[owner][button_key]
        result = data() if callable(data) else data
        return result.encode() if isinstance(result, str) else bytes(result)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> DownloadsBySession:
    recorder = DownloadsBySession()
    monkeypatch.setattr(streamlit, "download_button", recorder)
    return recorder


def _new_tag() -> str:
    """A word that appears nowhere else: letters only, so it survives PDF text extraction intact."""
    return "Q" + "".join(chr(ord("a") + b % 26) for b in secrets.token_bytes(9))


def answers_of(tag: str, pick: int) -> Callable[[Question], Any]:
    """How one patient answers: every text carries the patient's tag; choices and numbers differ by `pick`."""

    def choose(q: Question) -> Any:
        if q.kind is Kind.SHORT_TEXT:
            return f"{tag} {q.id}"[: text_limit(q)]
        if q.kind is Kind.LONG_TEXT:
            return f"{tag} wrote this for {q.id}.\nA second line from {tag}."
        if q.kind is Kind.LIST:
            return [{f.id: f"{tag}{n}" for n, f in enumerate(q.fields)}]
        if q.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO):
            values = [o.value for o in q.choices()]
            return values[pick % len(values)]
        if q.kind is Kind.MULTIPLE_CHOICE:
            values = [o.value for o in q.options if not o.exclusive]
            return values[pick % len(values) :][:2] or values[:1]
        if q.kind is Kind.SCALE:
            return int(q.min or 0) + pick
        return sample_answer(q)

    return choose


def _journey(at: Any, bank: Bank, choose: Callable[[Question], Any], together: threading.Barrier) -> dict[str, Any]:
    """Every step through its widgets, waiting for the other session at each step so the runs overlap."""
    entered: dict[str, Any] = {}
    click(at, "start")
    for number, section in enumerate(bank.sections, start=1):
        together.wait(STEP_TIMEOUT)
        assert current_step(at) == number
        entered.update(fill_section(at, bank, section, choose))
        click(at, "next")
    together.wait(STEP_TIMEOUT)
    assert current_step(at) == len(bank.sections) + 1
    return entered


def _screen_text(at: Any) -> str:
    parts = [e.value for kind in ("markdown", "text", "header", "subheader", "caption", "error", "warning")
             for e in getattr(at, kind)]  # fmt: skip
    parts += [json.dumps(t.value.to_dict() if hasattr(t.value, "to_dict") else str(t.value)) for t in at.table]
    return "\n".join(str(p) for p in parts)


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(__import__("io").BytesIO(pdf)).pages)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def _run_together(sessions: dict[str, tuple[Any, Callable[[Question], Any]]], bank: Bank) -> dict[str, Any]:
    together = threading.Barrier(len(sessions))
    entered: dict[str, Any] = {}
    failures: dict[str, BaseException] = {}

    def run(tag: str) -> None:
        at, choose = sessions[tag]
        try:
            entered[tag] = _journey(at, bank, choose, together)
        except BaseException as error:  # a failed session must not leave the other waiting forever
            failures[tag] = error
            together.abort()

    threads = [threading.Thread(target=run, args=(tag,), name=f"patient-{n}") for n, tag in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=STEP_TIMEOUT * (len(bank.sections) + 2))
    assert not any(t.is_alive() for t in threads), "a session never finished"
    real = {tag: e for tag, e in failures.items() if not isinstance(e, threading.BrokenBarrierError)}
    if real or failures:
        tag, error = next(iter((real or failures).items()))
        raise AssertionError(f"session {tag} failed: {error!r}") from error
    return entered


def _sessions(tags: list[str], picks: list[int]) -> dict[str, tuple[Any, Callable[[Question], Any]]]:
    """One fresh app session per tag, its owner set before its first run."""
    sessions = {}
    for pick, tag in zip(picks, tags, strict=True):
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state[OWNER] = tag
        at.run()
        assert not at.exception, at.exception
        sessions[tag] = (at, answers_of(tag, pick))
    return sessions


@pytest.mark.usefixtures("concurrent_apptest")
def test_two_sessions_at_once_each_see_only_their_own_answers(bank: Bank, downloads: DownloadsBySession) -> None:
    tags = [_new_tag(), _new_tag()]
    sessions = _sessions(tags, [1, 3])
    entered = _run_together(sessions, bank)

    for tag, (at, _) in sessions.items():
        other = next(t for t in tags if t != tag)
        name = entered[tag]["full_name"]
        assert name.startswith(tag)
        # The session's own answers: everything typed, nothing of the other's.
        answers = at.session_state["answers"]
        assert answers["full_name"] == name
        assert not [s for s in _strings(answers) if other in s], "another session's answer in this session"
        typed = [s for s in _strings(entered[tag]) if tag in s]
        assert typed
        assert all(s in list(_strings(answers)) for s in typed)
        for qid, value in entered[tag].items():
            if bank.question(qid).kind in (Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.SCALE):
                assert answers.get(qid) == value, f"{qid}: {answers.get(qid)!r} is not what {tag} picked"
        # What the review screen shows.
        screen = _screen_text(at)
        assert name in screen
        assert other not in screen
        # The files the session hands out: the saved answers and the PDF.
        saved = downloads.bytes_of(tag, "save").decode()
        assert name in saved
        assert other not in saved
        assert json.loads(saved)["answers"] == answers
        pdf_text = _pdf_text(downloads.bytes_of(tag, "download_pdf"))
        assert name in pdf_text
        assert tag in pdf_text.replace("\n", " ")
        assert other not in pdf_text.replace("\n", "").replace(" ", ""), "another session's answer in this PDF"
    assert set(downloads.calls) == set(tags), f"a download was drawn outside the two sessions: {set(downloads.calls)}"


def _holders(tags: list[str], ignore: set[int]) -> list[str]:
    """Where live objects in this process still refer to a string holding one of the tags."""
    gc.collect()
    found = []
    for holder in gc.get_objects():
        if id(holder) in ignore:
            continue
        for item in gc.get_referents(holder):
            if isinstance(item, str | bytes) and len(item) >= 10:
                text = item if isinstance(item, str) else item.decode("latin-1")
                if any(tag in text for tag in tags):
                    found.append(f"{type(holder).__module__}.{type(holder).__qualname__}: {text[:80]!r}")
    return found


@pytest.mark.usefixtures("concurrent_apptest")
def test_nothing_outlives_the_sessions(bank: Bank, downloads: DownloadsBySession) -> None:
    """Once both sessions are gone, no object in the process still holds their answers: no cache, no module
    state, no renderer state kept a patient's text (the PDF is built in memory and dropped)."""
    tags = [_new_tag(), _new_tag()]
    sessions = _sessions(tags, [0, 2])
    _run_together(sessions, bank)
    for owner in tags:  # build the files, as a click would, then drop them
        assert owner in downloads.bytes_of(owner, "save").decode()
        assert downloads.bytes_of(owner, "download_pdf").startswith(b"%PDF")
    del owner
    probe = _holders(tags, {id(tags)})
    assert probe, "the scan must find the answers while the sessions are alive"
    downloads.calls.clear()
    sessions.clear()
    Runtime._instance = None  # the test's stand-in for the server: its media store held the sessions' downloads
    del probe
    sys.last_value = sys.last_traceback = None  # type: ignore[assignment]
    left = _holders(tags, {id(tags)})
    assert not left, "answers outlived their sessions:\n" + "\n".join(left[:20])
