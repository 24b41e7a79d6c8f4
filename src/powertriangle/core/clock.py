"""Times that say no more than they must."""

from __future__ import annotations

import datetime as dt


def day_only(moment: dt.datetime) -> dt.datetime:
    """The start of `moment`'s day (in its own time zone): what anonymous rows keep of a time."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
