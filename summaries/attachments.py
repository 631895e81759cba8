"""Embed files (the answers, exports) in a finished PDF, so the PDF itself can be loaded again later."""

from __future__ import annotations

import io
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject


def embed(pdf: bytes, files: dict[str, bytes]) -> bytes:
    """The same PDF with `files` attached (name -> content); pages and text are unchanged."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for name, content in files.items():
        # pypdf stores attachments uncompressed; deflate each one like the pages (5x smaller for JSON).
        # _replace_object is pypdf's own way to swap an object in place (pinned pypdf; round trip tested).
        files_entry = cast(DictionaryObject, writer.add_attachment(name, content).pdf_object["/EF"])
        stream = files_entry.raw_get("/F")
        writer._replace_object(stream, stream.get_object().flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attachments(pdf: bytes) -> dict[str, bytes]:
    """The files attached to a PDF, by name (the first one of each name)."""
    return {name: contents[0] for name, contents in PdfReader(io.BytesIO(pdf)).attachments.items() if contents}
