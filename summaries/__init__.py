"""The patient's summary: derived once from (bank, intake), rendered to the review screen, the PDF and exports.

Imports no Streamlit. `render_pdf` (ReportLab, pypdf: a quarter of a second) is imported on first use, so a
server draws its first page without it (the builds run in worker processes, summaries/builds.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from summaries.summary import (
    ClinicHeader,
    Concerns,
    Item,
    ReviewLine,
    SafetyLine,
    SectionSummary,
    Summary,
    Table,
    build_summary,
    format_answer,
)

if TYPE_CHECKING:
    from summaries.pdf import render_pdf


def __getattr__(name: str) -> Any:
    if name == "render_pdf":
        from summaries.pdf import render_pdf

        return render_pdf
    raise AttributeError(f"module 'summaries' has no attribute {name!r}")


__all__ = [
    "ClinicHeader",
    "Concerns",
    "Item",
    "ReviewLine",
    "SafetyLine",
    "SectionSummary",
    "Summary",
    "Table",
    "build_summary",
    "format_answer",
    "render_pdf",
]
