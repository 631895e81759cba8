"""The patient's summary: derived once from (bank, intake), rendered to the review screen, the PDF and exports.

Imports no Streamlit.
"""

from summaries.pdf import render_pdf
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
