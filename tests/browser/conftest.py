"""Browser test fixtures: the app served by `streamlit run` on a free loopback port, and Debian's Chromium.

No browser is ever downloaded: Playwright drives /usr/bin/chromium through `executable_path`. Without it
the browser tests skip with a reason, except on CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from patient import DESKTOP, RUN_COUNTER, Patient
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright
from serving import free_port, healthy, stop

from questions import Bank

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
SERVER_START_SECONDS = 60


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a real browser. They run one after another on one pytest-xdist worker
    (one group), in this order, while the other worker runs the rest of the suite."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; a missing browser skips the browser tests, or fails them on CI."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def app_url(chromium_path: Path) -> Iterator[str]:
    """Serve app.py headless on a free loopback port; wait for /_stcore/health; stop it afterwards."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            health = f"http://127.0.0.1:{port}/_stcore/health"
            while not healthy(health):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-3000:]
                    state = "exited" if process.poll() is not None else f"not healthy after {SERVER_START_SECONDS} s"
                    pytest.fail(f"streamlit run app.py {state}:\n{output}", pytrace=False)
                time.sleep(0.25)
            yield f"http://127.0.0.1:{port}/"
        finally:
            stop(process)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_path: Path) -> Iterator[Browser]:
    """Debian's headless Chromium, launched once for the session."""
    launched = playwright_instance.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where the tests save what each step looks like (tests/artifacts is not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def new_patient(browser: Browser, app_url: str, bank: Bank, screenshots: Path) -> Iterator[Callable[..., Patient]]:
    """new_patient(viewport, size_name) -> a Patient in a fresh browser context (no shared cookies or storage)."""
    contexts: list[BrowserContext] = []

    def make(viewport: dict[str, int] = DESKTOP, size: str = "desktop") -> Patient:
        context = browser.new_context(viewport=viewport, accept_downloads=True)  # type: ignore[arg-type]
        context.add_init_script(RUN_COUNTER)
        context.set_default_timeout(15_000)
        contexts.append(context)
        patient = Patient(context.new_page(), bank, app_url, screenshots, size)
        patient.open()
        return patient

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    """A folder for the files the tests download."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder
