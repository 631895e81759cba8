"""Privacy against a real server and a real browser: nothing written, nothing sent, sessions kept apart.

- A whole intake (every step, the PDF and the saved file downloaded, both loaded back) against a server
  started through tests/browser/audited_server.py, whose audit hook reports every file the server opened for
  writing, renamed or removed, every process it started, and every connection it opened or name it looked
  up. During the journey it may write no file at all (Python's bytecode caches aside, and even those may
  not hold a typed answer), start no process, and connect only to loopback; its console output holds no
  answer; and the page loads nothing from another origin (every request is to the app's loopback address,
  or data: / blob:).
- Hostile uploads and answers written as Markdown images or links do not make the page fetch anything.
- Two browser contexts (two patients) on one server at the same time each see only their own answers, on
  screen and in their PDFs.
"""

from __future__ import annotations

import io
import ipaddress
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from patient import RUN_COUNTER, Patient, browser_answer, full_answers
from playwright.sync_api import Browser, BrowserContext, expect
from pypdf import PdfReader
from serving import free_port, healthy

from questions import Bank, Intake, Kind, Question, tr
from questions.check import text_limit
from questions.limits import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AUDITED_SERVER = Path(__file__).with_name("audited_server.py")
REPORT_PREFIX = "AUDIT-REPORT "
START_SECONDS = 60
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "ip6-localhost"}
PAGE_SCHEMES = {"data", "blob", "about"}
FAR_AWAY = "192.0.2.1"  # TEST-NET-1: never routed; a request to it can only come from a leak


class PageLeak(AssertionError):
    """The page asked another origin for something that the patient's answers or files put in it."""


# --- the audited server -----------------------------------------------------------------------------------


@dataclass
class AuditedServer:
    """`streamlit run app.py` under the audit hook; its console output is kept in memory, never in a file."""

    url: str
    process: subprocess.Popen[bytes]
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)
    events: list[dict[str, Any]] | None = None

    def stop(self) -> list[dict[str, Any]]:
        """Stop the server as a host would (SIGTERM) and return what the audit hook saw."""
        if self.events is not None:
            return self.events
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for reader in self.readers:
            reader.join(timeout=10)
        reports = [json.loads(line[len(REPORT_PREFIX) :]) for line in self.stderr if line.startswith(REPORT_PREFIX)]
        server = [r for r in reports if r["pid"] == self.process.pid]
        assert len(server) == 1, "the audited server printed no audit report at exit:\n" + "".join(self.stderr[-30:])
        # The server's report, then its build workers' (each started as `python -m summaries.builds`).
        self.events = [e for r in server + [r for r in reports if r not in server] for e in r["events"]]
        return self.events

    def console(self) -> str:
        """What the server printed (its log), without the audit report."""
        return "".join(self.stdout) + "".join(line for line in self.stderr if not line.startswith(REPORT_PREFIX))


def _build_worker(event: dict[str, Any]) -> bool:
    """Whether an event is the server starting a PDF build worker (summaries/builds.py): this interpreter
    running `-m summaries.builds`, and nothing else. The workers report their own events too."""
    if event["event"] != "subprocess.Popen":
        return False
    executable, argv = (event.get("args") or [None, None])[:2]
    return executable == sys.executable and isinstance(argv, list) and argv[1:3] == ["-m", "summaries.builds"]


def _read_lines(stream: Any, into: list[str]) -> None:
    for raw in iter(stream.readline, b""):
        into.append(raw.decode("utf-8", "replace"))
    stream.close()


@pytest.fixture
def audited_server(chromium_path: Path) -> Iterator[AuditedServer]:
    """A fresh audited server on a free loopback port (one per test: its report covers that test only)."""
    port = free_port()
    command = [
        sys.executable, str(AUDITED_SERVER), "app.py",
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    server = AuditedServer(f"http://127.0.0.1:{port}/", process)
    for stream, lines in ((process.stdout, server.stdout), (process.stderr, server.stderr)):
        reader = threading.Thread(target=_read_lines, args=(stream, lines), daemon=True)
        reader.start()
        server.readers.append(reader)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not healthy(f"http://127.0.0.1:{port}/_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the audited server did not start:\n" + "".join(server.stderr[-40:]), pytrace=False)
            time.sleep(0.25)
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


# --- what the page asks for ---------------------------------------------------------------------------


def _foreign(url: str) -> bool:
    """Whether a URL the page asked for leaves the machine."""
    parts = urlsplit(url)
    if parts.scheme in PAGE_SCHEMES:
        return False
    return parts.hostname not in LOOPBACK_NAMES or parts.scheme not in ("http", "https", "ws", "wss")


def _watched_context(browser: Browser, requests: list[str]) -> BrowserContext:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.add_init_script(RUN_COUNTER)
    context.set_default_timeout(15_000)
    context.on("request", lambda request: requests.append(request.url))
    context.on("page", lambda page: page.on("websocket", lambda ws: requests.append(ws.url)))
    return context


def _patient(context: BrowserContext, bank: Bank, url: str) -> Patient:
    patient = Patient(context.new_page(), bank, url)
    patient.open()
    return patient


def _downloaded(patient: Patient, button: str) -> bytes:
    download = patient.download(button)
    path = download.path()
    assert path is not None
    return Path(path).read_bytes()


def _upload(patient: Patient, name: str, data: bytes, mime: str) -> None:
    uploader = patient.page.locator('[data-testid="stFileUploader"] input[type="file"]').first
    patient.act(lambda: uploader.set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}]))


def _look_at_everything(patient: Patient) -> None:
    """Make the viewport as tall as the page for a moment, so lazily loaded images would load now."""
    viewport = patient.page.viewport_size or {"width": 1280, "height": 900}
    height = patient.page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer], [data-testid=stAppViewContainer]')]"
        ".map(e => e.scrollHeight))"
    )
    patient.page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], int(height))})
    patient.page.wait_for_timeout(800)
    patient.page.set_viewport_size(viewport)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# --- answers that can be recognised anywhere ----------------------------------------------------------


def _tag() -> str:
    return "Zq" + "".join(chr(ord("a") + b % 26) for b in secrets.token_bytes(10))


def tagged_answers(tag: str) -> Callable[[Question], Any]:
    """A patient whose every typed answer carries `tag` (choices, numbers and dates as browser_answer)."""

    def choose(q: Question) -> Any:
        if q.kind is Kind.SHORT_TEXT:
            return f"{tag} {q.id.replace('_', ' ')}"[: text_limit(q)]
        if q.kind is Kind.LONG_TEXT:
            return f"{tag} wrote about {q.id.replace('_', ' ')}."
        if q.kind is Kind.LIST:
            return [{f.id: f"{tag}{n}" for n, f in enumerate(q.fields)}]
        return browser_answer(q)

    return choose


def _events(events: list[dict[str, Any]], start: float, end: float, kinds: set[str] | None = None) -> list[dict]:
    return [e for e in events if start <= e["t"] <= end and (kinds is None or e["event"] in kinds)]


def _loopback(address: Any) -> bool:
    """Whether a socket address (or [host, ...]) stays on this machine."""
    if isinstance(address, str):  # a Unix socket: it never leaves the machine
        return True
    host = address[0] if isinstance(address, list) and address else ""
    if host is None or host in LOOPBACK_NAMES:  # None: the local wildcard, for binding
        return True
    host = str(host)
    if "://" in host:
        host = urlsplit(host).hostname or ""
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _holds(path: str, secrets_: list[str]) -> bool:
    """Whether a file holds any of the strings, as text or inside a PDF."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return False
    for secret in secrets_:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            if secret.encode(encoding) in data:
                return True
    if data.lstrip().startswith(b"%PDF"):
        try:
            reader = PdfReader(io.BytesIO(data))
            text = _pdf_text(data) + "".join(c[0].decode("utf-8", "replace") for c in reader.attachments.values())
        except Exception:
            return True
        return any(secret in text for secret in secrets_)
    return False


def _bytecode_cache(path: Any) -> bool:
    return isinstance(path, str) and Path(path).parent.name == "__pycache__" and path.endswith(".pyc")


# --- the tests -----------------------------------------------------------------------------------------


def test_whole_journey_writes_no_file_and_sends_nothing(
    audited_server: AuditedServer, browser: Browser, bank: Bank
) -> None:
    """Every step answered (every text carries a unique tag), the PDF and the saved file downloaded, then both
    loaded back; the audit report of the whole server run, and the page's requests, are then checked."""
    tag = _tag()
    choose = tagged_answers(tag)
    requests: list[str] = []
    context = _watched_context(browser, requests)
    started = time.time()
    patient = _patient(context, bank, audited_server.url)
    patient.click("Start")
    for section in bank.sections:
        patient.expect_heading(tr(section.title))
        patient.fill_section(section, choose)
        patient.click("Next")
    patient.expect_heading("Review your answers")
    name = patient.entered["full_name"]
    expect(patient.page.locator('[data-testid="stMain"]')).to_contain_text(name)
    pdf = _downloaded(patient, "Download my summary (PDF)")
    saved = _downloaded(patient, "Save my progress")
    assert tag in _pdf_text(pdf)
    assert tag in saved.decode()
    # Both files go back in through the upload (the one way data arrives from outside).
    _upload(patient, "my-answers.json", saved, "application/json")
    expect(patient.page.get_by_text("Your saved answers are loaded", exact=False).first).to_be_visible()
    # A fresh session in the same tab, without the tab's copy (else it brings the answers back, racing the upload).
    patient.page.evaluate("sessionStorage.clear()")
    patient.page.goto(audited_server.url)
    patient.settled()
    _upload(patient, "summary.pdf", pdf, "application/pdf")
    expect(patient.page.get_by_text("Your saved answers are loaded", exact=False).first).to_be_visible()
    context.close()
    finished = time.time()
    events = audited_server.stop()

    during = _events(events, started, finished)
    writes = [e for e in during if e["event"] == "open"]
    changes = [e for e in during if e["event"] not in ("open", "socket.connect", "socket.bind", "socket.getaddrinfo")
               and not e["event"].startswith(("socket.", "http.", "urllib.")) and not _build_worker(e)]  # fmt: skip
    assert [e for e in during if _build_worker(e)], "the PDF was not built in a worker the hook watched"
    print(f"audit: {len(events)} events; during the journey {len(writes)} writes, {len(changes)} other changes")
    for e in writes + changes:
        print("  ", e)

    # 3. Nothing written: no file at all (bytecode caches aside), and none holding a typed answer.
    written = sorted({e["path"] for e in events if e["event"] == "open"}, key=str)
    holding = [p for p in written if isinstance(p, str) and _holds(p, [tag, name])]
    assert not holding, f"files written by the server hold a patient's answers: {holding}"
    not_cache = [e["path"] for e in writes if not _bytecode_cache(e["path"])]
    assert not not_cache, f"the server wrote files during the journey: {not_cache}"
    assert not changes, f"the server changed files or started processes during the journey: {changes}"
    assert not [e for e in events if "hook_error" in e], "the audit hook failed on some events"
    binds = [e["address"] for e in events if e["event"] == "socket.bind"]
    assert ["127.0.0.1", urlsplit(audited_server.url).port] in binds, "the hook was not watching the server"

    # 4. Nothing sent: the server connects to loopback only, looks up no outside name; the page stays home.
    connects = [e for e in events if e["event"] in ("socket.connect", "socket.sendto", "socket.sendmsg")]
    print("server connections:", sorted({json.dumps(e.get("address")) for e in connects}))
    assert not [e for e in connects if not _loopback(e.get("address"))], f"non-loopback connection: {connects}"
    lookups = [e for e in events if e["event"] in ("socket.getaddrinfo", "socket.gethostbyname")]
    assert not [e for e in lookups if not _loopback(e["args"][:1])], f"name lookups: {lookups}"
    others = [e for e in events if e["event"] in ("http.client.connect", "urllib.Request", "webbrowser.open")]
    hosts = [e["args"][1:2] if e["event"] == "http.client.connect" else e["args"][:1] for e in others]
    assert all(_loopback(h) for h in hosts), f"outgoing requests: {others}"
    assert requests, "the page's requests were not recorded"
    print("page requests to:", sorted({urlsplit(u).scheme + "://" + (urlsplit(u).netloc or "") for u in requests}))
    print("paths asked for:", sorted({urlsplit(u).path.split("/")[1] for u in requests if "/" in urlsplit(u).path}))
    elsewhere = [u for u in requests if _foreign(u)]
    assert not elsewhere, f"the page loaded from elsewhere: {elsewhere}"
    in_urls = [u for u in requests if tag in u]
    assert not in_urls, f"answers in request URLs (which proxies and access logs keep): {in_urls}"

    # No answer in the server's own output (its log).
    console = audited_server.console()
    assert tag not in console, "the server printed a patient's answer:\n" + console[-2000:]


IMAGE = f"![x](http://{FAR_AWAY}/pixel.png)"
HTML = f'<img src="http://{FAR_AWAY}/tag.png"> <a href="http://{FAR_AWAY}/">click</a>'


def test_answers_typed_as_markdown_or_html_fetch_nothing(
    audited_server: AuditedServer, browser: Browser, bank: Bank
) -> None:
    """Images and links typed as answers are shown as text on every step and on the review, never fetched."""
    requests: list[str] = []
    context = _watched_context(browser, requests)
    patient = _patient(context, bank, audited_server.url)
    patient.click("Start")
    for section in bank.sections:
        patient.expect_heading(tr(section.title))
        for q in patient.shown_questions(section):
            if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT) and q.id != "full_name":
                patient.answer(q, (IMAGE + " " + HTML)[: text_limit(q)])
            elif q.required:
                patient.answer(q, browser_answer(q))
        patient.click("Next")
    patient.expect_heading("Review your answers")
    main = patient.page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(IMAGE)
    expect(main).to_contain_text(HTML)
    _look_at_everything(patient)  # markdown images load lazily: bring every answer into view
    context.close()
    audited_server.stop()
    leaked = [u for u in requests if _foreign(u)]
    assert not leaked, f"the page fetched what a patient typed: {leaked}"


def test_list_answers_written_as_markdown_fetch_nothing(
    make_intake: Callable[..., Intake], audited_server: AuditedServer, browser: Browser, bank: Bank
) -> None:
    """A list row (a medicine, a contact) holding a Markdown image is shown as text on the review, not fetched."""
    requests: list[str] = []
    context = _watched_context(browser, requests)
    patient = _patient(context, bank, audited_server.url)
    answers = full_answers(bank)
    listed = [q for q in bank.questions() if q.kind is Kind.LIST and q.id in answers]
    assert listed
    for q in listed:
        answers[q.id] = [{q.fields[0].id: IMAGE, q.fields[-1].id: HTML}]
    saved = make_intake(answers).model_dump_json().encode()
    _upload(patient, "answers.json", saved, "application/json")
    patient.expect_heading("Review your answers")
    first_column = listed[0].fields[0].label["en"]
    expect(patient.page.locator('[data-testid="stText"]', has_text=first_column).first).to_be_visible()
    _look_at_everything(patient)
    context.close()
    audited_server.stop()
    leaked = [u for u in requests if _foreign(u)]
    if leaked:
        raise PageLeak(f"the page fetched what a list answer held: {leaked}")


def test_a_crafted_upload_fetches_nothing(audited_server: AuditedServer, browser: Browser, bank: Bank) -> None:
    """A saved file with unknown questions and choices no longer offered: the notes that quote them are text."""
    requests: list[str] = []
    context = _watched_context(browser, requests)
    patient = _patient(context, bank, audited_server.url)
    old = Intake(bank_id=bank.id, bank_version="0.0.1", answers={"full_name": "Ana Ruiz"})
    crafted = json.loads(old.model_dump_json())
    crafted["answers"].update({"gone_question": IMAGE, "gone_two": HTML, "concerns": [IMAGE, "depression"]})
    _upload(patient, "answers.json", json.dumps(crafted).encode(), "application/json")
    expect(patient.page.get_by_text("Your saved answers are loaded", exact=False).first).to_be_visible()
    expect(patient.page.get_by_text("could not be carried over", exact=False).first).to_be_visible()
    _look_at_everything(patient)
    context.close()
    audited_server.stop()
    leaked = [u for u in requests if _foreign(u)]
    if leaked:
        raise PageLeak(f"the page fetched what an uploaded file held: {leaked}")


def _quick_answers(tag: str) -> Callable[[Question], Any]:
    tagged = tagged_answers(tag)
    return lambda q: tagged(q) if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.LIST) else browser_answer(q)


def test_two_patients_on_one_server_see_only_their_own_answers(browser: Browser, app_url: str, bank: Bank) -> None:
    """Two browser contexts (no shared cookies or storage) fill in the intake on one server, step by step in
    turn; each screen and each PDF holds its own patient's answers and none of the other's."""
    tags = [_tag(), _tag()]
    requests: list[str] = []
    contexts = [_watched_context(browser, requests) for _ in tags]
    patients = [_patient(context, bank, app_url) for context in contexts]
    try:
        for patient in patients:
            patient.click("Start")
        for section in bank.sections:
            for patient, tag in zip(patients, tags, strict=True):
                patient.expect_heading(tr(section.title))
                choose = _quick_answers(tag)
                for q in patient.shown_questions(section):
                    if q.required or (q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.LIST) and q.show_if is None):
                        patient.answer(q, choose(q))
            for patient in patients:
                patient.click("Next")
        for patient, tag in zip(patients, tags, strict=True):
            other = next(t for t in tags if t != tag)
            patient.expect_heading("Review your answers")
            screen = patient.page.locator('[data-testid="stMain"]').inner_text()
            assert patient.entered["full_name"] in screen
            assert tag in screen
            assert other not in screen, "one patient's screen shows the other's answers"
            pdf = _pdf_text(_downloaded(patient, "Download my summary (PDF)"))
            assert patient.entered["full_name"] in pdf
            assert other not in pdf.replace("\n", "").replace(" ", ""), "one patient's PDF holds the other's answers"
    finally:
        for context in contexts:
            context.close()
    assert not [u for u in requests if _foreign(u)]


def test_an_upload_over_the_limit_is_refused_in_words(browser: Browser, app_url: str, bank: Bank) -> None:
    """A file over MAX_UPLOAD_BYTES never reaches the app: the browser says so in a sentence, nothing loads."""
    requests: list[str] = []
    context = _watched_context(browser, requests)
    try:
        patient = _patient(context, bank, app_url)
        big = b'{"format": "ketamine-intake-answers"' + b" " * MAX_UPLOAD_BYTES + b"}"
        uploader = patient.page.locator('[data-testid="stFileUploader"] input[type="file"]').first
        uploader.set_input_files(files=[{"name": "big.json", "mimeType": "application/json", "buffer": big}])
        mb = MAX_UPLOAD_BYTES // (1024 * 1024)
        refusal = patient.page.locator('[data-testid="stFileUploader"]').get_by_text(f"must be {mb}", exact=False)
        expect(refusal.first).to_be_visible()
        words = refusal.first.inner_text()
        assert words.rstrip().endswith("or smaller."), words
        assert words.count(".") <= 2, words  # "File must be 5.0MB or smaller." - one sentence
        assert "Traceback" not in patient.page.content()
        expect(patient.page.get_by_text("Your saved answers are loaded", exact=False)).to_have_count(0)
    finally:
        context.close()
    assert not [u for u in requests if _foreign(u)]


def test_audit_hook_sees_writes_and_connections(tmp_path: Path) -> None:
    """The witness itself: a write, a rename, a removal, a process and an outside connection all show up in
    the report it prints at exit (so an empty report means the server did none of them)."""
    target = tmp_path / "probe.txt"
    script = (
        "import importlib.util, os, socket, subprocess, sys\n"
        f"spec = importlib.util.spec_from_file_location('audited_server', {str(AUDITED_SERVER)!r})\n"
        "audited = importlib.util.module_from_spec(spec); spec.loader.exec_module(audited)\n"
        "sys.addaudithook(audited.audit)\n"
        "import atexit; atexit.register(audited.report)\n"
        f"open({str(target)!r}, 'w').write('secret')\n"
        f"os.replace({str(target)!r}, {str(target)!r} + '.2')\n"
        f"os.remove({str(target)!r} + '.2')\n"
        "subprocess.run([sys.executable, '-c', 'pass'])\n"
        "s = socket.socket(); s.settimeout(0.2)\n"
        f"s.connect_ex(({FAR_AWAY!r}, 9))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    line = next((x for x in run.stderr.splitlines() if x.startswith(REPORT_PREFIX)), None)
    assert line, run.stderr[-2000:]
    events = json.loads(line[len(REPORT_PREFIX) :])["events"]
    seen = {e["event"] for e in events}
    assert {"open", "os.rename", "os.remove", "subprocess.Popen", "socket.connect"} <= seen, seen
    assert any(e["event"] == "open" and e["path"] == str(target) for e in events)
    assert any(e["event"] == "socket.connect" and not _loopback(e["address"]) for e in events)
    assert os.listdir(tmp_path) == [], "the witness wrote nothing of its own"
