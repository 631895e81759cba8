"""A standard PDF signature (PAdES-style CMS, with pyHanko) for clinics that configure a certificate.

clinic.yaml names a PKCS#12 file and the environment variable holding its password (questions/clinic.py,
`signing`). The signature covers the whole file as made, attachments included: any PDF reader, pyHanko or
poppler's `pdfsig` reports it valid, and invalid once a single byte of the answers inside is changed.
It says which clinic's server issued the file; it says nothing about whether the answers are true.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from questions.clinic import Signing

FIELD_NAME = "ClinicSignature"

T = TypeVar("T")


def outside_any_event_loop(work: Callable[[], T]) -> T:
    """Run `work` here, or on a thread of its own when this thread runs an event loop.

    pyHanko's synchronous calls start their own event loop (asyncio.run), which fails in a thread that
    already runs one (an async server, or a test process that drives a browser).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-sign") as pool:
        return pool.submit(work).result()


class SigningError(RuntimeError):
    """The clinic's certificate could not be used; the message names the setting (for the server's operator)."""


def sign(pdf: bytes, signing: Signing) -> bytes:
    """The same PDF with the clinic's signature added as an incremental update (pages and files unchanged)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    password = os.environ.get(signing.password_env, "")
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # a bad password is one error below, not a log
    signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(signing.pkcs12), passphrase=password.encode("utf-8"))
    if signer is None:
        raise SigningError(f"signing: {signing.pkcs12} could not be opened with the password in {signing.password_env}")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME)
    return outside_any_event_loop(lambda: signers.sign_pdf(writer, meta, signer=signer).getvalue())
