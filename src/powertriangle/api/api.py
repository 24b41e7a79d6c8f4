"""The JSON API, version 1: one NinjaAPI with bearer-token authentication on every operation
except the token exchange. No interactive docs page (it would load assets from a CDN); the
OpenAPI document is served at `openapi.json`."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from powertriangle.api import errors
from powertriangle.api.auth import BearerToken
from powertriangle.api.routers import (
    actions,
    catalogue,
    contributions,
    cycles,
    exchange,
    me,
    projects,
    tokens,
    workshops,
)


class PowerTriangleAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Operation ids are the view names (`factor_add`), unique across the API.
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The document, plus the two answers any operation that reads a body can give before
        it runs (errors.install): 400 for a body that is not JSON, 413 for one too large."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        detail = {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "requestBody" in operation:
                    responses = operation["responses"]
                    responses.setdefault(400, {"description": "Bad Request", "content": detail})
                    responses.setdefault(413, {"description": "Too Large", "content": detail})
        return schema


def build() -> NinjaAPI:
    api = PowerTriangleAPI(
        title="powertriangle",
        version="1",
        description="The power triangle of co-production: projects, cycles, factors, links, "
        "votes, actions and their review, the catalogue, metrics, export and import.",
        urls_namespace="api",
        docs_url=None,
        auth=BearerToken(),
    )
    errors.install(api)
    for module in (
        tokens,
        me,
        projects,
        cycles,
        contributions,
        actions,
        catalogue,
        exchange,
        workshops,
    ):
        api.add_router("", module.router)
    return api


api = build()
