"""The pure core stays pure: questions/ and summaries/ never import Streamlit (principle 3 of the design)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_packages_import_no_streamlit() -> None:
    code = (
        "import sys, questions, summaries, summaries.cli, summaries.blank, summaries.fhir, summaries.bundle, "
        "questions.restore, questions.scoring, questions.clinic, questions.wording; "
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_app_py_stays_thin() -> None:
    lines = [line for line in (ROOT / "app.py").read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) <= 5


def test_the_app_names_the_fhir_files_as_the_exporter_does() -> None:
    import summaries.fhir
    import ui.review

    assert ui.review.RESPONSE_FILE == summaries.fhir.RESPONSE_FILE
    assert ui.review.QUESTIONNAIRE_FILE == summaries.fhir.QUESTIONNAIRE_FILE


def test_summary_pdf_attachments_are_compressed_and_read_back_unchanged() -> None:
    from summaries.attachments import attachments, embed

    payload = b'{"answers": "' + b"the same words again " * 2000 + b'"}'
    plain = embed(_tiny_pdf(), {})
    bigger = embed(_tiny_pdf(), {"a.json": payload})
    assert attachments(bigger) == {"a.json": payload}
    assert len(bigger) - len(plain) < len(payload) / 5


def _tiny_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawString(72, 72, "x")
    page.save()
    return buffer.getvalue()
