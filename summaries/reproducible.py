"""Reproducible builds: the one place that reads SOURCE_DATE_EPOCH.

When SOURCE_DATE_EPOCH (seconds since 1970, UTC; https://reproducible-builds.org/specs/source-date-epoch/)
is set, every date the app stamps on a document (the Summary's day, a PDF's creation date) is that moment,
so the same answers give the same bytes on any day.
"""

from __future__ import annotations

import datetime as dt
import os

__all__ = ["creation_date", "source_date_epoch"]


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, or None when it is unset or not a whole number of seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)


def creation_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when it is set."""
    when = source_date_epoch()
    return when.date() if when is not None else dt.date.today()
