"""Tokens for the JSON API, and who the caller is."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from powertriangle.accounts.tokens import DAYS_MAX, NAME_MAX
from powertriangle.api.schemas.base import Input


class TokenIn(Input):
    """`name`: what the token is for (shown on the tokens page); `days`: until it expires
    (default 90, at most 365)."""

    username: Annotated[str, Field(max_length=150)]
    password: Annotated[str, Field(max_length=4096)]
    name: Annotated[str, Field(max_length=NAME_MAX)] = ""
    days: Annotated[int, Field(ge=1, le=DAYS_MAX, strict=True)] | None = None


class TokenInfo(Schema):
    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime


class TokenOut(TokenInfo):
    """The new token: `token` is shown this once; send it as `Authorization: Bearer`."""

    token: str
