"""Embed files (the answers, exports) in a finished PDF, so the PDF itself can be loaded again later."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter


def embed(pdf: bytes, files: dict[str, bytes]) -> bytes:
    """The same PDF with `files` attached (name -> content); pages and text are unchanged."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for name, content in files.items():
        writer.add_attachment(name, content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attachments(pdf: bytes) -> dict[str, bytes]:
    """The files attached to a PDF, by name (the first one of each name)."""
    return {name: contents[0] for name, contents in PdfReader(io.BytesIO(pdf)).attachments.items() if contents}
