"""What the app's inline components (`st.components.v2.component`) are given: their data inside a list.

Streamlit (1.67) looks through a dict given as a component's `data` for dataframes, and it asks of a text
whether it is one; either look imports numpy, pandas and pyarrow (`dataframe_util.determine_data_format`):
about 90 MB in every server process, and most of a second before the first page is whole, for an app that
draws no table. A list goes to the page as JSON without that look (`serialize_mixed_data`), so each
component gets `[data]` and its script unpacks it: `export default function ({ data: [data], ... })`.
tests/test_component_data.py checks that a journey through the app imports none of the three.
"""

from __future__ import annotations

from typing import Any


def boxed(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The component's data as its script unpacks it (`{ data: [data] }`)."""
    return [data]
