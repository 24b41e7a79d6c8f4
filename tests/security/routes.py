"""Finding every route by itself: the Django URL resolver, walked recursively, and the API's own
OpenAPI document. Nothing here is written by hand, so a new page or operation is found the day it
is added, and the access table must then say who may reach it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "/api/v1/"
OPENAPI_URL = "/api/v1/openapi.json"
API_METHODS = ("get", "post", "put", "patch", "delete")
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class UrlRoute:
    name: str  # "namespace:name"
    route: str  # "projects/<int:pk>/edit", from the root
    params: tuple[str, ...]

    @property
    def openapi_path(self) -> str:
        """The route written as an OpenAPI path template (`/projects/{project_id}`)."""
        return "/" + _PARAM.sub(r"{\1}", self.route)


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str, namespace: str
) -> Iterator[UrlRoute]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            name = f"{namespace}{pattern.name}" if pattern.name else f"(unnamed) /{route}"
            yield UrlRoute(name, route, tuple(_PARAM.findall(route)))


def url_routes() -> list[UrlRoute]:
    """Every URL pattern of the project, by its namespaced name."""
    return list(_walk(get_resolver().url_patterns, "", ""))


def openapi_document() -> dict[str, object]:
    response = Client().get(OPENAPI_URL)
    assert response.status_code == 200, f"{OPENAPI_URL} answered {response.status_code}"
    document = response.json()
    assert isinstance(document, dict)
    return document


def api_operations(document: dict[str, object] | None = None) -> list[str]:
    """Every operation of the OpenAPI document, as `METHOD /path/{param}`."""
    paths = (document or openapi_document())["paths"]
    assert isinstance(paths, dict)
    found: list[str] = []
    for path, operations in paths.items():
        assert isinstance(operations, dict)
        found += [f"{method.upper()} {path}" for method in API_METHODS if method in operations]
    return found
