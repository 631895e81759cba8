"""The app runs with a read-only root file system, as the Kubernetes Deployment runs it
(readOnlyRootFilesystem, no writable volume): a server in its own mount namespace where `/` (and so /tmp and
the repository) is mounted read-only serves a returning patient, the review, the summary PDF and the saved
file. Needs root for the mount namespace (CI runs as root); skipped otherwise."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT
from patient import RUN_COUNTER, Patient
from playwright.sync_api import Browser, FilePayload
from serving import free_port, start, stop, streamlit_command

from bench import intakes
from questions import Bank

UNSHARE = shutil.which("unshare")


def _read_only(command: list[str]) -> list[str]:
    """`command` in a new mount namespace whose root is bind-mounted read-only."""
    inner = "mount --bind / / && mount -o remount,bind,ro / && touch /tmp/.intake-ro-probe 2>/dev/null && exit 97; "
    return [
        str(UNSHARE),
        "--mount",
        "--propagation",
        "private",
        "--",
        "sh",
        "-c",
        inner + "exec " + shlex.join(command),
    ]


def test_the_app_writes_nothing_so_a_read_only_root_works(chromium_path: Path, browser: Browser, bank: Bank) -> None:
    if os.geteuid() != 0 or UNSHARE is None:
        pytest.skip("a read-only mount namespace needs root and unshare (util-linux)")
    port = free_port()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryFile() as log:
        server = start(port, ROOT, log, env=env, command=_read_only(streamlit_command(port)))
        context = browser.new_context(accept_downloads=True)
        try:
            context.add_init_script(RUN_COUNTER)
            patient = Patient(context.new_page(), bank, f"http://127.0.0.1:{port}/")
            patient.open()
            intake = intakes.typical(bank)
            saved: FilePayload = {
                "name": "a.json",
                "mimeType": "application/json",
                "buffer": intake.model_dump_json().encode(),
            }
            upload = patient.page.locator('[data-testid="stFileUploader"] input[type="file"]').first
            patient.act(lambda: upload.set_input_files(files=[saved]))
            patient.expect_heading("Review your answers")
            pdf = patient.download("Download my summary (PDF)").path()
            assert pdf is not None
            assert Path(pdf).read_bytes().startswith(b"%PDF-")
            again = patient.download("Save my progress").path()
            assert again is not None
            assert json.loads(Path(again).read_text(encoding="utf-8"))["answers"] == intake.answers
        finally:
            context.close()
            stop(server)
        assert server.returncode != 97, "the mount namespace was not read-only"
        log.seek(0)
        output = log.read().decode(errors="replace")
        assert "Read-only file system" not in output, output[-2000:]
