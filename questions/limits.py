"""Every size limit of the app, in one place (README, "Limits", lists them)."""

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
"""Largest saved-answers file or summary PDF the app reads (matches .streamlit/config.toml maxUploadSize)."""

MAX_JSON_DEPTH = 20
"""Deepest nesting of brackets in a saved-answers file; real files need 4."""

MAX_LONG_TEXT = 20_000
"""Longest free-text answer, in characters (set per question in the bank; this is the ceiling)."""

MAX_SHORT_TEXT = 300
"""Longest one-line answer, in characters."""

MAX_LIST_ROWS = 100
"""Most rows in a list such as medications."""

MAX_TAB_VISITS_TEXT = 64 * 1024 * 1024
"""Most characters the earlier visits kept in the browser tab may unpack to (ui/tabstore.py; 52 maximal visits
take 3.6 million): a guard against a hand-made zip bomb."""

ATTACHMENT_NAME = "intake-answers.json"
"""Name of the answers file embedded in every summary PDF."""
