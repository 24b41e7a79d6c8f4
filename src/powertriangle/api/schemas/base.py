"""What every request and response shares: ids, versions, length limits, the strict request body
and the error answers."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field

# Database ids: positive and within a 64-bit integer, so no lookup can overflow. Strict: JSON
# `true` or "7" is not an id (pydantic would otherwise read true as 1).
Id = Annotated[int, Field(ge=1, le=2**63 - 1, strict=True)]
IdList = Annotated[list[Id], Field(max_length=500)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1, strict=True)]
# true or false only: 0, 1, 0.0 or "yes" are refused, as the OpenAPI document promises a boolean.
Flag = Annotated[bool, Field(strict=True)]


def limit(n: int) -> Any:
    return Field(max_length=n)


class Input(BaseModel):
    """A request body: a JSON object with exactly these fields. Unknown fields are refused, so a
    misspelt `anonymous` can never post a contribution with its author."""

    model_config = ConfigDict(extra="forbid")


class Detail(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class FieldErrors(Schema):
    detail: list[FieldError]
