"""Files (the answers, exports) inside a PDF, so the PDF itself can be loaded again later.

`attach` puts them in a ReportLab document while it is written (what the summary does); `embed` adds
them to a finished PDF (reading and writing it again with pypdf); `attachments` reads them back.
Both write the same structure: the catalog's /Names /EmbeddedFiles name tree (sorted by name), one
/Filespec per file and its /EmbeddedFile stream, deflated.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Mapping
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFDocument, PDFName, PDFStream, PDFString

SHARED_LEVEL = 9
"""zlib level for files that are the same for every patient (deflated once per process, so the smallest)."""

_shared: dict[bytes, bytes] = {}
"""Deflated copies of shared files (bank data only, never answers), by content."""


def deflated(content: bytes, *, shared: bool = False) -> bytes:
    """`content` deflated; a `shared` file (bank data, the same for every patient) once per process."""
    if not shared:
        return zlib.compress(content)
    packed = _shared.get(content)
    if packed is None:
        if len(_shared) >= 8:
            _shared.clear()
        packed = _shared[content] = zlib.compress(content, SHARED_LEVEL)
    return packed


def attach(document: PDFDocument, files: Mapping[str, bytes], shared: frozenset[str] = frozenset()) -> None:
    """Add `files` (name -> content) to a ReportLab document before it is saved; names in `shared` hold
    bank data only (their deflated copy is kept for the next PDF)."""
    if not files:
        return
    tree = []
    for name in sorted(files):
        stream = PDFStream(
            PDFDictionary({"Type": PDFName("EmbeddedFile"), "Filter": PDFName("FlateDecode")}),
            deflated(files[name], shared=name in shared),
            filters=[],  # already deflated: ReportLab adds no filter of its own
        )
        spec = PDFDictionary(
            {"Type": PDFName("Filespec"), "F": PDFString(name), "EF": PDFDictionary({"F": document.Reference(stream)})}
        )
        tree += [PDFString(name), document.Reference(spec)]
    document.Catalog.Names = PDFDictionary(
        {"EmbeddedFiles": document.Reference(PDFDictionary({"Names": PDFArray(tree)}))}
    )


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
