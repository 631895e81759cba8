"""Signed summary PDFs: valid to pyHanko and pdfsig, and invalid after one byte of the answers changes."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from questions import Bank
from questions.clinic import ClinicError, load_clinic_from
from questions.limits import ATTACHMENT_NAME
from samples.patients import typical
from summaries.bundle import summary_pdf
from summaries.record import verify
from summaries.signing import outside_any_event_loop

PASSWORD_ENV = "TEST_INTAKE_SIGNING_PASSWORD"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, x509.Certificate]:
    """A throw-away self-signed certificate and key in a PKCS#12 file with a password."""
    folder = tmp_path_factory.mktemp("signing")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Clinic (throw-away)")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / "clinic.p12"
    encryption = serialization.BestAvailableEncryption(b"correct horse")
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"clinic", key, cert, None, encryption))
    return path, cert


def clinic_file(folder: Path, pkcs12_file: Path | str, name: str = "") -> Path:
    """A clinic.yaml in `folder` that signs with this PKCS#12 file, its password in PASSWORD_ENV."""
    settings = folder / "clinic.yaml"
    named = f"name: {name}\n" if name else ""
    settings.write_text(f"{named}signing:\n  pkcs12: {pkcs12_file}\n  password_env: {PASSWORD_ENV}\n")
    return settings


@pytest.fixture
def signed(
    bank: Bank, certificate: tuple[Path, x509.Certificate], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> bytes:
    monkeypatch.setenv(PASSWORD_ENV, "correct horse")
    clinic = load_clinic_from(clinic_file(tmp_path, certificate[0], "Test Clinic"))
    return summary_pdf(bank, typical(bank), clinic=clinic, created=dt.date(2026, 2, 2))


def _answers_stream_offset(pdf: bytes) -> int:
    """Where the bytes of the embedded answers file's stream start in the file."""
    reader = PdfReader(io.BytesIO(pdf))
    root: Any = reader.trailer["/Root"]
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[names.index(ATTACHMENT_NAME) + 1].get_object()
    number = spec["/EF"].raw_get("/F").idnum
    start = pdf.index(b"\n%d 0 obj" % number) + 1
    return pdf.index(b"stream", start) + len(b"stream\n") + 8


def _one_byte_changed(pdf: bytes) -> bytes:
    at = _answers_stream_offset(pdf)
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def _pyhanko_status(pdf: bytes, cert: x509.Certificate) -> tuple[bool, bool]:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with tempfile.TemporaryDirectory() as folder:
        pem = Path(folder) / "cert.pem"
        pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        root = load_cert_from_pemder(str(pem))
    reader = PdfFileReader(io.BytesIO(pdf))
    (embedded,) = reader.embedded_signatures
    status = outside_any_event_loop(lambda: validate_pdf_signature(embedded, ValidationContext(trust_roots=[root])))
    return status.intact and status.valid, status.trusted


def test_pyhanko_reports_the_signature_valid_then_invalid(
    signed: bytes, certificate: tuple[Path, x509.Certificate]
) -> None:
    assert _pyhanko_status(signed, certificate[1]) == (True, True)
    changed = _one_byte_changed(signed)
    valid, _ = _pyhanko_status(changed, certificate[1])
    assert not valid
    assert not verify(changed).ok


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_pdfsig_reports_the_signature_valid_then_invalid(signed: bytes, tmp_path: Path) -> None:
    good = tmp_path / "signed.pdf"
    good.write_bytes(signed)
    bad = tmp_path / "changed.pdf"
    bad.write_bytes(_one_byte_changed(signed))
    ok = subprocess.run(["pdfsig", str(good)], capture_output=True, text=True, timeout=60, check=False).stdout
    assert "Signature Validation: Signature is Valid." in ok
    assert "Total document signed" in ok
    broken = subprocess.run(["pdfsig", str(bad)], capture_output=True, text=True, timeout=60, check=False).stdout
    assert "Signature Validation: Signature is Valid." not in broken
    assert "Digest Mismatch" in broken


def test_a_signed_pdf_still_verifies_and_loads(bank: Bank, signed: bytes) -> None:
    assert verify(signed).ok
    from summaries.record import visits_in

    assert len(visits_in(bank, signed)) == 1


def test_signing_settings_are_checked_when_the_clinic_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ClinicError, match=r"missing\.p12"):
        load_clinic_from(clinic_file(tmp_path, "missing.p12"))
    (tmp_path / "there.p12").write_bytes(b"not a certificate")
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    with pytest.raises(ClinicError, match=PASSWORD_ENV):
        load_clinic_from(clinic_file(tmp_path, "there.p12"))


def test_a_wrong_password_is_one_plain_error(
    bank: Bank, certificate: tuple[Path, x509.Certificate], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summaries.signing import SigningError

    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    clinic = load_clinic_from(clinic_file(tmp_path, certificate[0]))
    with pytest.raises(SigningError, match=PASSWORD_ENV):
        summary_pdf(bank, typical(bank), clinic=clinic)
