"""Reading YAML: the bank, its words, the follow-up check-in and a clinic's settings.

libyaml's C parser when PyYAML was built with it (it is, in the pinned wheels): the bank took 0.43 s to load
with PyYAML's pure-Python parser, the server's biggest cost before its first page, and takes 0.06 s with the
C one. Both are safe loaders (plain data only, no Python objects) and build the same values
(tests/test_yamlfile.py); the pure-Python one is the fallback.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The fastest safe loader this PyYAML has."""


def safe_load(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """yaml.safe_load, with the C parser when there is one."""
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 (a safe loader: CSafeLoader or SafeLoader)
