"""Reproducible builds: the one place that reads SOURCE_DATE_EPOCH.

When SOURCE_DATE_EPOCH (seconds since 1970, UTC; https://reproducible-builds.org/specs/source-date-epoch/)
is set, every date the app stamps on a document (the Summary's day, a PDF's creation date) is that moment,
so the same answers give the same bytes on any day.
"""

from __future__ import annotations

import datetime as dt
import os

__all__ = ["creation_date", "epoch_setting", "source_date_epoch", "use_epoch_setting"]

VARIABLE = "SOURCE_DATE_EPOCH"


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, or None when it is unset or not a whole number of seconds."""
    epoch = os.environ.get(VARIABLE, "").strip()
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)


def creation_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when it is set."""
    when = source_date_epoch()
    return when.date() if when is not None else dt.date.today()


def epoch_setting() -> str | None:
    """SOURCE_DATE_EPOCH as set in this process (None when unset), to hand to a build worker."""
    return os.environ.get(VARIABLE)


def use_epoch_setting(value: str | None) -> None:
    """Build with a caller's SOURCE_DATE_EPOCH (a build worker outlives one build; the caller's may change)."""
    if value is None:
        os.environ.pop(VARIABLE, None)
    else:
        os.environ[VARIABLE] = value
