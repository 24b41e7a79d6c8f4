"""Tokens for the JSON API."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field

from powertriangle.api.schemas.common import Input


class TokenIn(Input):
    username: Annotated[str, Field(max_length=150)]
    password: Annotated[str, Field(max_length=4096)]


class TokenOut(Schema):
    token: str
