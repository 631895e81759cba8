"""Three replicas behind Debian's nginx, configured by deploy/nginx/intake.conf as shipped (bench/cluster.py
fills in only ports and paths): TLS with a throw-away certificate, sticky sessions by nginx's own route
cookie, websocket upgrade, upload cap, security headers. Two patients in two Chromium contexts each finish
with only their own answers; then one patient's replica is stopped mid-journey, and that patient carries on
on another replica with every answer (the tab's own copy, ui/tabstore.py)."""

from __future__ import annotations

import http.client
import io
import json
import secrets
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from answers_back import answer_two_steps_and_some, expect_every_answer_back, session_storage
from patient import RUN_COUNTER, Patient, browser_answer, full_answers
from playwright.sync_api import Browser, BrowserContext, FilePayload, expect
from pypdf import PdfReader

from bench.cluster import Cluster, ClusterError, cluster
from questions import Bank, Intake, Kind, Question
from questions.words import say
from ui.tabstore import ANSWERS_KEY

RECONNECT_MS = 60_000
SECURITY_HEADERS = {
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "content-security-policy",
    "permissions-policy",
}


@pytest.fixture(scope="module")
def clinic(chromium_path: Path) -> Iterator[Cluster]:
    try:
        with cluster(3) as running:
            yield running
    except ClusterError as error:
        pytest.fail(str(error), pytrace=False)


def _context(browser: Browser, name: str) -> BrowserContext:
    # The certificate is one the test made a minute ago; nothing else about TLS is relaxed.
    context = browser.new_context(
        ignore_https_errors=True, accept_downloads=True, user_agent=name, viewport={"width": 1280, "height": 900}
    )
    context.add_init_script(RUN_COUNTER)
    context.set_default_timeout(15_000)
    return context


def _tagged(tag: str) -> Any:
    def choose(q: Question) -> Any:
        if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            return f"{tag} {q.id}"[:40]
        if q.kind is Kind.LIST:
            return [{f.id: f"{tag}{n}" for n, f in enumerate(q.fields)}]
        return browser_answer(q)

    return choose


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_nginx_answers_over_tls_with_headers_cookie_redirect_and_upload_cap(clinic: Cluster) -> None:
    with urllib.request.urlopen(clinic.url, context=clinic.tls(), timeout=10) as reply:
        headers = {k.lower(): v for k, v in reply.headers.items()}
    assert set(headers) >= SECURITY_HEADERS
    route = headers["set-cookie"]
    assert route.startswith("intake_route=")
    assert "Secure" in route
    assert "HttpOnly" in route
    plain = http.client.HTTPConnection("127.0.0.1", clinic.http_port, timeout=10)
    plain.request("GET", "/")
    redirect = plain.getresponse()
    assert redirect.status == 301, "plain HTTP only redirects to HTTPS"
    assert redirect.headers["Location"].startswith("https://")
    plain.close()
    # An upload announced as 7 MB is refused by nginx from its headers alone, before a replica sees a byte.
    connection = http.client.HTTPSConnection("127.0.0.1", clinic.https_port, context=clinic.tls(), timeout=10)
    connection.putrequest("PUT", "/_stcore/upload_file/session/file")
    connection.putheader("Content-Length", str(7 * 1024 * 1024))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()


def test_two_patients_through_nginx_each_finish_with_only_their_own(
    browser: Browser, clinic: Cluster, bank: Bank
) -> None:
    """Each loads a complete file of their own (an upload through nginx), reviews, and downloads the PDF."""
    tags = ["Zq" + secrets.token_hex(5), "Zq" + secrets.token_hex(5)]
    contexts = [_context(browser, f"patient-{n}") for n in (1, 2)]
    try:
        patients = [Patient(c.new_page(), bank, clinic.url) for c in contexts]
        for patient, tag in zip(patients, tags, strict=True):
            patient.open()
            intake = Intake(bank_id=bank.id, bank_version=bank.version, answers=full_answers(bank, _tagged(tag)))
            saved: FilePayload = {
                "name": "mine.json",
                "mimeType": "application/json",
                "buffer": intake.model_dump_json().encode(),
            }
            upload = patient.page.locator('[data-testid="stFileUploader"] input[type="file"]').first
            patient.act(lambda upload=upload, saved=saved: upload.set_input_files(files=[saved]))
            patient.expect_heading("Review your answers")
        for patient, tag in zip(patients, tags, strict=True):
            other = next(t for t in tags if t != tag)
            screen = patient.page.locator('[data-testid="stMain"]').inner_text()
            assert tag in screen
            assert other not in screen
            download = patient.download("Download my summary (PDF)")
            path = download.path()
            assert path is not None
            pdf = _pdf_text(Path(path).read_bytes()).replace("\n", "").replace(" ", "")
            assert tag in pdf
            assert other not in pdf, "a PDF through nginx holds only its own patient's answers"
            assert other not in session_storage(patient.page).get(ANSWERS_KEY, "")
    finally:
        for context in contexts:
            context.close()


def test_a_replica_stopped_mid_journey_its_patient_carries_on_elsewhere(
    browser: Browser, clinic: Cluster, bank: Bank
) -> None:
    """Patient A types steps 1 and 2 and part of 3; A's replica is stopped (SIGTERM, as in a rolling update);
    A's page reconnects through nginx to another replica and finds every answer; B, elsewhere, is untouched."""
    a_context, b_context = _context(browser, "patient-a"), _context(browser, "patient-b")
    try:
        a = Patient(a_context.new_page(), bank, clinic.url)
        b = Patient(b_context.new_page(), bank, clinic.url)
        a.open()
        b.open()
        entered = answer_two_steps_and_some(a, bank)
        b.click("Start")
        b.answer(bank.sections[0].questions[0], "Bea Other")
        gone = clinic.replica_of("patient-a")
        b_moves = clinic.replica_of("patient-b") is gone
        gone.stop()
        expect(a.page.get_by_text(say("en", "tabstore.back"))).to_be_visible(timeout=RECONNECT_MS)
        a.settled()
        moved_to = clinic.replica_of("patient-a")
        assert moved_to is not gone
        assert moved_to.process.poll() is None
        expect_every_answer_back(a, bank, entered)
        saved = a.download("Save my progress")
        path = saved.path()
        assert path is not None
        carried = json.loads(Path(path).read_text(encoding="utf-8"))["answers"]
        assert {k: carried[k] for k in entered} == entered, "the file from the new replica holds every answer"
        # B keeps its answer either way; B is told its answers came back only if B's replica was the one stopped.
        # A tab in the background reconnects on the browser's throttled timers: wait for B's copy to come back.
        b.page.bring_to_front()
        if b_moves:
            expect(b.page.get_by_text(say("en", "tabstore.back"))).to_be_visible(timeout=RECONNECT_MS)
            b.settled()
        b.expect_answer(bank.sections[0].questions[0], "Bea Other")
        expect(b.page.get_by_text(say("en", "tabstore.back"))).to_have_count(1 if b_moves else 0, timeout=RECONNECT_MS)
    finally:
        a_context.close()
        b_context.close()
