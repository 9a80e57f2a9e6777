"""The only place that asks for the date: --as-of > FIVEFOLD_TODAY > the system date."""

from __future__ import annotations

import datetime as dt
import os


def today(as_of: str | None = None) -> dt.date:
    text = as_of or os.environ.get("FIVEFOLD_TODAY")
    if text:
        from fivefold.dates import parse_date

        return parse_date(text, dt.date.today())
    return dt.date.today()


def now() -> dt.datetime:
    """The wall-clock moment, with the local UTC offset, to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0)
