"""The error answers every operation may give, for the OpenAPI document."""

from __future__ import annotations

from typing import Any

from powertriangle.api.schemas import Detail, FieldErrors

ERRORS: dict[int, Any] = {401: Detail, 404: Detail, 422: FieldErrors}
CONFLICT: dict[int, Any] = {409: Detail}
