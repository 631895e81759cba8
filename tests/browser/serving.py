"""Starting and stopping a local server for the browser tests: a free loopback port, its health check."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthy(url: str) -> bool:
    """Whether Streamlit's health endpoint at `url` answers 'ok'."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (OSError, urllib.error.URLError):
        return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a server process, killing it if it does not stop within 10 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


SERVER_START_SECONDS = 60


class ServerFailed(RuntimeError):
    """The server exited or did not become healthy in time; str() holds the end of its output."""


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """`streamlit run app.py`, headless, on one loopback port."""
    return [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", address,
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def start(
    port: int, cwd: Path, log: IO[bytes], env: dict[str, str] | None = None, command: list[str] | None = None
) -> subprocess.Popen[bytes]:
    """Start the app on 127.0.0.1:`port` (or `command`, which must serve it there) and wait for its health
    check; ServerFailed when it does not come up."""
    process = subprocess.Popen(
        command or streamlit_command(port), cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env
    )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not healthy(f"http://127.0.0.1:{port}/_stcore/health"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            log.seek(0)
            raise ServerFailed(log.read().decode(errors="replace")[-3000:])
        time.sleep(0.25)
    return process
