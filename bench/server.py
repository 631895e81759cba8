"""Figures that need the real server: start time, and memory per session with many sessions open.

The server is `python -m streamlit run SCRIPT` in a subprocess (headless, on a free loopback port, from the
repository root so .streamlit/config.toml applies), the browser Debian's Chromium through Playwright.
Memory is the server process's resident set size (VmRSS in /proc/PID/status), with real sessions: one
Chromium tab each, over the server's own websocket.
"""

from __future__ import annotations

import contextlib
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, sync_playwright

from bench import intakes
from bench.stats import Figure
from questions import Bank

APP = intakes.ROOT / "app.py"
FLOOR_APP = Path(__file__).resolve().parent / "floor_app.py"
TITLE = "Before your first visit"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_RATIO = 1.3
MB_PER_SESSION = 5.0
WARMUP_SESSIONS = 2
"""Sessions opened before the baseline reading: the first pays for imports and the cached bank, and the
server's RSS still settles during the second."""
_DRAWN = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === "notRunning"
  && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')"""


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running `streamlit run` and where to reach it."""

    process: subprocess.Popen[bytes]
    port: int
    log: object

    @property
    def url(self) -> str:
        """The app's address."""
        return f"http://127.0.0.1:{self.port}/"

    def healthy(self) -> bool:
        """Whether the server answers its health check."""
        try:
            with urllib.request.urlopen(f"{self.url}_stcore/health", timeout=2) as reply:  # noqa: S310 (loopback)
                return bool(reply.status == 200)
        except OSError:
            return False

    def wait_healthy(self, timeout: float = 60) -> None:
        """Poll the health check every 10 ms until it answers."""
        deadline = time.perf_counter() + timeout
        while not self.healthy():
            if self.process.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"the server did not start: {self.errors()}")
            time.sleep(0.01)

    def rss_mb(self) -> float:
        """The server process's resident set size, in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS for the server process")

    def errors(self) -> str:
        """The last lines the server printed on stderr."""
        self.log.seek(0)  # type: ignore[attr-defined]
        return self.log.read().decode(errors="replace")[-1500:]  # type: ignore[attr-defined]

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it lingers)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()  # type: ignore[attr-defined]


def launch(script: Path) -> Server:
    """`streamlit run script`, headless on a free loopback port, from the repository root."""
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by Server.stop)
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1"]  # fmt: skip
    process = subprocess.Popen(command, cwd=intakes.ROOT, stdout=subprocess.DEVNULL, stderr=log)  # noqa: S603
    return Server(process, port, log)


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, through Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_drawn(page: Page, timeout_ms: float = 120_000) -> None:
    """Wait until the script run is over and nothing on the page is stale."""
    page.wait_for_function(_DRAWN, timeout=timeout_ms)


# --- start ------------------------------------------------------------------------------------------------


def start_once(browser: Browser, script: Path) -> tuple[float, float, float]:
    """Seconds from `streamlit run` to the health check answering, to the title drawn in Chromium, and to
    the whole first page drawn (the first script run over)."""
    page = browser.new_page()
    started = time.perf_counter()
    server = launch(script)
    try:
        server.wait_healthy()
        served = time.perf_counter() - started
        page.goto(server.url)
        page.locator("h1", has_text=TITLE).first.wait_for(state="visible", timeout=120_000)
        drawn = time.perf_counter() - started
        wait_drawn(page)
        whole = time.perf_counter() - started
    finally:
        page.close()
        server.stop()
    return served, drawn, whole


def start_figures(repeats: int) -> list[Figure]:
    """Start to served and to drawn, for the app and for the one-line app, alternating."""
    times: dict[Path, list[tuple[float, float, float]]] = {APP: [], FLOOR_APP: []}
    with chromium() as browser:
        start_once(browser, FLOOR_APP)  # warm the disk cache and Chromium, untimed
        for _ in range(repeats):
            for script in (APP, FLOOR_APP):
                times[script].append(start_once(browser, script))
    served, drawn, whole = ({script: [t[n] for t in times[script]] for script in times} for n in range(3))
    return [
        Figure(
            "Start, to first page drawn",
            "s",
            drawn[APP],
            drawn[FLOOR_APP],
            START_RATIO,
            note="`streamlit run app.py` to the title visible in Chromium; floor: bench/floor_app.py",
        ),
        Figure(
            "Start, to whole first page drawn",
            "s",
            whole[APP],
            whole[FLOOR_APP],
            note="(information: to the first script run over and nothing stale on the page)",
        ),
        Figure(
            "Start, to health check answering",
            "s",
            served[APP],
            served[FLOOR_APP],
            note="(information: the server is up before any script runs)",
        ),
    ]


# --- memory -----------------------------------------------------------------------------------------------


def open_session(context: BrowserContext, server: Server, answers: bytes | None) -> Page:
    """A new tab on the app; with `answers`, it carries on from that saved file, landing on the review."""
    page = context.new_page()
    page.goto(server.url)
    page.locator("h1", has_text=TITLE).first.wait_for(state="visible", timeout=120_000)
    wait_drawn(page)
    if answers is not None:
        saved: FilePayload = {"name": "my-intake-answers.json", "mimeType": "application/json", "buffer": answers}
        page.locator('input[type="file"]').first.set_input_files(files=[saved])
        page.get_by_text("Review your answers").first.wait_for(state="visible", timeout=120_000)
        wait_drawn(page)
        if page.get_by_text("Some answers could not be carried over").count():
            raise RuntimeError("the saved answers did not all load: the benchmark patient needs updating")
    return page


def _settled_readings(server: Server, count: int = 5) -> list[float]:
    time.sleep(1.5)
    readings = []
    for _ in range(count):
        readings.append(server.rss_mb())
        time.sleep(0.2)
    return readings


def sessions_memory(browser: Browser, script: Path, counts: list[int], answers: bytes | None) -> dict[int, list[float]]:
    """MB per session over the server's RSS before the sessions (one warm-up session already open)."""
    server = launch(script)
    context = browser.new_context()
    per_session: dict[int, list[float]] = {}
    try:
        server.wait_healthy()
        for _ in range(WARMUP_SESSIONS):  # imports, caches, the bank and first-use allocations: not per session
            open_session(context, server, answers)
        baseline = statistics.median(_settled_readings(server))
        opened = 0
        for count in counts:
            while opened < count:
                open_session(context, server, answers)
                opened += 1
            per_session[count] = [(r - baseline) / count for r in _settled_readings(server)]
        per_session[0] = [baseline]
    finally:
        context.close()
        server.stop()
    return per_session


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_memory(bank: Bank) -> tuple[int, float]:
    """The build workers a server starts (summaries/builds.py) and the largest one's RSS after building the
    maximal patient's PDF (they are separate processes, so the server's RSS does not count them)."""
    from summaries import builds
    from summaries.reproducible import epoch_setting

    pool = builds.BuildPool()
    try:
        pool.warm()
        maximal = intakes.maximal_intake(bank).model_dump_json()
        threads = [  # every worker builds it once, at the same time
            threading.Thread(target=pool.build, args=(("summary", maximal, None, None, "", None, epoch_setting()),))
            for _ in range(pool.size)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return pool.size, max(_rss_mb(pid) for pid in pool.pids())
    finally:
        pool.close()


def memory_figures(bank: Bank, counts: list[int]) -> list[Figure]:
    """Server memory per session with 1, 10 and 50 sessions, each holding a full intake (the typical patient,
    then the maximal one), the floor's, and the memory a clinic should plan for 100 patients at once."""
    figures = []
    with chromium() as browser:
        floor = sessions_memory(browser, FLOOR_APP, counts, None)
        for patient, intake in (("typical", intakes.typical(bank)), ("maximal", intakes.maximal_intake(bank))):
            answers = intake.model_dump_json().encode()
            app = sessions_memory(browser, APP, counts, answers)
            for count in counts:
                figures.append(
                    Figure(
                        f"Memory per session, {patient}, {count} session{'s' if count > 1 else ''}",
                        "MB",
                        app[count],
                        floor[count],
                        max_value=MB_PER_SESSION,
                        note=(
                            f"server RSS {app[0][0]:.0f} MB with {WARMUP_SESSIONS} warm-up sessions; {count} more "
                            f"tabs each loaded the {patient} patient ({len(answers):,}-byte saved file) and sit on "
                            f"the review; floor: one-line app, RSS {floor[0][0]:.0f} MB"
                        ),
                    )
                )
            base = app[0][0]
            per_session = statistics.median(app[max(counts)])
    workers, worker_mb = worker_memory(bank)
    plan = base + 100 * max(per_session, 0.0) + workers * worker_mb
    figures.append(
        Figure(
            "Server memory to plan for 100 patients at once",
            "MB",
            [plan],
            note=(
                f"the server with its warm-up sessions ({base:.0f} MB) + 100 x the maximal patient's "
                f"{per_session:.2f} MB per session (at {max(counts)} sessions) + {workers} build workers x "
                f"{worker_mb:.0f} MB (the largest after building the maximal PDF)"
            ),
        )
    )
    return figures
