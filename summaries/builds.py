"""PDF builds in worker processes: every core used, one slow build never blocks another, a stuck one killed.

Python threads share one core, so the app hands each summary PDF and paper form to a pool of worker
processes, one per core (at least two, so one very long build never holds up everyone else). A worker loads
the question bank and the fonts once, then builds one file at a time. A build that runs past its limit is
stopped by killing its worker (SIGKILL: ReportLab cannot be interrupted from outside), and a fresh worker
takes its place; the caller gets `BuildTooSlow`.

Privacy: a worker gets the answers, builds, sends the bytes back and then forgets them: nothing is kept
between builds (the build's objects are freed and garbage collected; `holds` lets a test check that no live
object still refers to a patient's text), nothing is written to disk, and a worker is replaced after
`RECYCLE_AFTER` builds so even freed memory does not outlive it for long.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from summaries.reproducible import epoch_setting, use_epoch_setting

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_LIMIT = 60.0
"""Seconds a build may take before it is stopped (a clinic can change it: `build_seconds`)."""

RECYCLE_AFTER = 200
"""A worker is replaced by a fresh process after this many builds."""

START_SECONDS = 120.0
"""How long a new worker may take to import ReportLab and load the bank before it counts as failed."""


WORKERS_VAR = "INTAKE_BUILD_WORKERS"
"""Set it to the CPUs a container may use (a pod's CPU limit): the processor count a container sees is
usually the whole machine's, and each worker holds about 90 MB."""


def workers_wanted() -> int:
    """The pool's size: $INTAKE_BUILD_WORKERS, else one per core this process may run on, at least two."""
    wanted = os.environ.get(WORKERS_VAR, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class BuildTooSlow(Exception):
    """A build ran past its time limit and was stopped. The message holds no patient data."""


class BuildFailed(Exception):
    """A build could not be made (its worker failed). The message names the error's kind only."""


# --- the worker process ------------------------------------------------------------------------------------


def _work(jobs: Connection, replies: Connection) -> None:
    """A worker's life: load once, say ready, then build one job at a time until told to stop."""
    from questions import load_bank
    from summaries.doc_kit import register_fonts
    from summaries.pdf_kit import has_rtl

    bank = load_bank()
    register_fonts()
    has_rtl("\u05d0")  # builds the right-to-left table once, not in the first patient's build
    replies.send(("ready", os.getpid()))
    while True:
        try:
            job = jobs.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            reply: tuple[str, Any] = ("ok", _build(bank, job))
        except Exception as error:
            reply = ("error", type(error).__name__)
        job = None
        replies.send(reply)
        reply = ("", None)
        gc.collect()  # ReportLab's per-document font state is weakly held: this frees it now


def _build(bank: Any, job: tuple[Any, ...]) -> Any:
    kind = job[0]
    if kind in ("summary", "paper"):
        use_epoch_setting(job[-1])
        job = job[:-1]
    if kind == "summary":
        from questions import Intake
        from questions.follow_up import load_follow_up
        from questions.visits import read_series
        from summaries.bundle import summary_pdf

        _, intake_json, clinic, page_size, earlier_text, language = job
        visits = read_series(earlier_text.encode()) if earlier_text else None  # a follow-up visit's series
        which = load_follow_up().bank if visits else bank
        intake = Intake.model_validate_json(intake_json)
        return summary_pdf(which, intake, clinic=clinic, page_size=page_size, earlier=visits, language=language)
    if kind == "paper":
        from summaries.blank import render_blank

        _, page_size, clinic, language = job
        return render_blank(bank, page_size, clinic, language=language)
    if kind == "holds":
        return _holds(job[1])
    raise ValueError("unknown job")


def _holds(text: str) -> bool:
    """Whether any live object in this process refers to a string containing `text` (the job's own message
    excepted): everything reachable from the objects the garbage collector tracks, including the dicts and
    tuples of plain values it does not track."""
    gc.collect()
    wanted = text.encode("utf-8")
    seen: set[int] = set()
    stack: list[Any] = list(gc.get_objects())
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            if text in obj and obj is not text:
                return True
            continue
        if isinstance(obj, bytes | bytearray):
            if wanted in obj:
                return True
            continue
        try:
            stack.extend(gc.get_referents(obj))
        except Exception:  # noqa: S112 (an object that cannot list its referents holds nothing we seek)
            continue
    return False


# --- the pool ----------------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    """One worker: a fresh interpreter (`python -m summaries.builds`), talking over two pipes.

    A plain subprocess rather than multiprocessing's spawn or forkserver: those re-import the parent's main
    module in the child, which is Streamlit's command line in the app and any script elsewhere."""

    process: subprocess.Popen[bytes]
    send_to: Connection
    receive_from: Connection
    pid: int = 0
    builds: int = 0

    def alive(self) -> bool:
        return self.process.poll() is None


@dataclass(eq=False)
class BuildPool:
    """Worker processes for PDF builds. `build` blocks only until a worker is free (one per core)."""

    size: int = field(default_factory=lambda: workers_wanted())
    _idle: list[_Worker] = field(default_factory=list)
    _count: int = 0
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def _start(self) -> _Worker:
        jobs_read, jobs_write = os.pipe()
        replies_read, replies_write = os.pipe()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module, no shell)
            [sys.executable, "-m", "summaries.builds", str(jobs_read), str(replies_write)],
            pass_fds=(jobs_read, replies_write),
            cwd=ROOT,
            env=env,
        )
        os.close(jobs_read)
        os.close(replies_write)
        worker = _Worker(process, Connection(jobs_write, readable=False), Connection(replies_read, writable=False))
        try:
            if not worker.receive_from.poll(START_SECONDS):
                raise BuildFailed("a worker did not start")
            _, worker.pid = worker.receive_from.recv()
        except (EOFError, OSError):
            self._kill(worker)
            raise BuildFailed("a worker did not start") from None
        except BuildFailed:
            self._kill(worker)
            raise
        return worker

    def _take(self) -> _Worker:
        with self._cond:
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive():
                        return worker
                    self._count -= 1
                if self._count < self.size:
                    self._count += 1
                    break
                self._cond.wait()
        try:
            return self._start()
        except BaseException:
            with self._cond:
                self._count -= 1
                self._cond.notify()
            raise

    def _give_back(self, worker: _Worker) -> None:
        worker.builds += 1
        if worker.builds >= RECYCLE_AFTER:
            self._retire(worker)
            return
        with self._cond:
            self._idle.append(worker)
            self._cond.notify()

    def _retire(self, worker: _Worker) -> None:
        self._kill(worker)
        with self._cond:
            self._count -= 1
            self._cond.notify()

    @staticmethod
    def _kill(worker: _Worker) -> None:
        worker.process.kill()
        worker.process.wait(5)
        worker.send_to.close()
        worker.receive_from.close()

    def build(self, job: tuple[Any, ...], limit: float = DEFAULT_LIMIT) -> Any:
        """Run one job in a worker; what it returns. A job past `limit` seconds is killed: BuildTooSlow."""
        worker = self._take()
        try:
            worker.send_to.send(job)
            if not worker.receive_from.poll(limit):
                self._retire(worker)
                threading.Thread(target=self.warm, daemon=True).start()  # a fresh worker takes its place
                raise BuildTooSlow(f"stopped after {limit:g} seconds")
            status, value = worker.receive_from.recv()
        except (EOFError, OSError):
            self._retire(worker)
            raise BuildFailed("the worker stopped") from None
        self._give_back(worker)
        if status != "ok":
            raise BuildFailed(str(value))
        return value

    def warm(self) -> None:
        """Start workers until the pool has `size` of them (in this thread; call it from a background one)."""
        while True:
            with self._cond:
                if self._count >= self.size:
                    return
                self._count += 1
            try:
                worker = self._start()
            except BuildFailed:
                with self._cond:
                    self._count -= 1
                return
            with self._cond:
                self._idle.append(worker)
                self._cond.notify()

    def pids(self) -> list[int]:
        """The process ids of the idle workers (for tests and the bench)."""
        with self._cond:
            return [w.pid for w in self._idle]

    def close(self) -> None:
        """Stop the idle workers (busy ones stop when the process exits: they are daemons)."""
        with self._cond:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        for worker in idle:
            try:
                worker.send_to.send(None)
                worker.process.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self._kill(worker)


_pool: BuildPool | None = None
_pool_lock = threading.Lock()


def pool() -> BuildPool:
    """The server's one pool (started on first use, its workers warmed in the background)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = BuildPool()
            threading.Thread(target=_pool.warm, daemon=True, name="pdf-build-warm").start()
        return _pool


def summary_pdf(
    intake_json: str,
    clinic: Any = None,
    page_size: str | None = None,
    limit: float = DEFAULT_LIMIT,
    earlier_text: str = "",
    language: str | None = None,
) -> bytes:
    """summaries.bundle.summary_pdf for these answers (as JSON), built in a worker within `limit` seconds, in
    `language` (default: the clinic's provider_language)."""
    job = ("summary", intake_json, clinic, page_size, earlier_text, language, epoch_setting())
    data: bytes = pool().build(job, limit)
    return data


def paper_form(page_size: str, clinic: Any = None, language: str | None = None, limit: float = DEFAULT_LIMIT) -> bytes:
    """summaries.blank.render_blank of the bank, built in a worker within `limit` seconds."""
    data: bytes = pool().build(("paper", page_size, clinic, language, epoch_setting()), limit)
    return data


if __name__ == "__main__":  # a worker: python -m summaries.builds JOBS_FD REPLIES_FD
    _work(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
