"""Dates in requests: `YYYY-MM-DD` only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_only(value: object) -> object:
    # On its own pydantic also reads numbers as Unix times: 0 and "0" would be 1970-01-01.
    if (
        value is None
        or isinstance(value, dt.date)
        or (isinstance(value, str) and _ISO.fullmatch(value))
    ):
        return value
    raise PydanticCustomError("date_parsing", "Enter a date as YYYY-MM-DD.")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_only)]
