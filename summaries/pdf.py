"""PDF rendering of a Summary (placeholder until the renderer lands)."""

from summaries.summary import Summary


def render_pdf(summary: Summary) -> bytes:
    """The summary as PDF bytes."""
    raise NotImplementedError
