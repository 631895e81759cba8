"""What keeps the summary PDF small: every stream deflated (no ASCII85 text layer), the attached files
deflated and written as the PDF is saved, the FHIR Questionnaire inside it as compact JSON."""

from __future__ import annotations

import io
import json
import zlib
from typing import cast

from pypdf import PdfReader
from pypdf.generic import StreamObject
from reportlab import rl_config

from questions import Bank
from samples.patients import typical
from summaries.attachments import attachments, deflated
from summaries.bundle import summary_pdf
from summaries.fhir import QUESTIONNAIRE_FILE, questionnaire_json


def _streams(pdf: bytes) -> list[StreamObject]:
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for number in range(1, int(cast(int, reader.trailer["/Size"]))):
        obj = reader.get_object(number)
        if isinstance(obj, StreamObject):
            found.append(obj)
    return found


def test_every_stream_is_deflated_and_none_is_ascii85(bank: Bank) -> None:
    before = rl_config.useA85
    pdf = summary_pdf(bank, typical(bank))
    assert rl_config.useA85 == before  # the setting is the build's own, not the process's
    streams = _streams(pdf)
    embedded = [s for s in streams if s.get("/Type") == "/EmbeddedFile"]
    assert len(embedded) == len(attachments(pdf)) >= 4
    for stream in streams:
        assert stream.get("/Filter") in ("/FlateDecode", ["/FlateDecode"]), stream.get("/Filter")
        assert stream.get_data()  # inflates


def test_the_embedded_questionnaire_is_the_same_resource_as_the_download_in_compact_json(bank: Bank) -> None:
    embedded = attachments(summary_pdf(bank, typical(bank)))[QUESTIONNAIRE_FILE]
    download = questionnaire_json(bank)
    assert json.loads(embedded) == json.loads(download)
    assert b"\n" not in embedded
    assert len(embedded) < len(download)


def test_a_shared_file_is_deflated_once_and_reads_back() -> None:
    content = json.dumps({"item": list(range(500))}).encode()
    first = deflated(content, shared=True)
    assert deflated(bytes(content), shared=True) is first
    assert zlib.decompress(first) == content
    assert zlib.decompress(deflated(content)) == content
