"""The pages of the app, found from the Django URL resolver (nothing listed by hand), and the
scene's objects that fill in their parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from powertriangle.accounts.models import ApiToken
from powertriangle.cycles.models import Link
from tests.hostile.scene import Scene, Stage

# JSON and event streams are not pages; the API has its own gate (test_api_hostile.py).
NOT_PAGES = ("api/", "live/")
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class Route:
    name: str
    route: str


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, ns: str) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield Route(f"{ns}{pattern.name or ''}", prefix + str(pattern.pattern))


def page_routes() -> list[Route]:
    return [
        r
        for r in _walk(get_resolver().url_patterns, "", "")
        if not r.route.startswith(NOT_PAGES) and not r.route.endswith("events")
    ]


def values_for(scene: Scene, stage: Stage) -> dict[str, object]:
    """Which object each URL parameter names, for one stage of the scene."""
    found: dict[str, object] = {
        "member_pk": stage.members[0].pk,
        "factor_pk": stage.factors[0].pk,
        "pk@projects": stage.project.pk,
        "pk@cycles": stage.cycle.pk,
        "cycle_pk": stage.cycle.pk,
    }
    link = Link.objects.filter(cycle=stage.cycle).order_by("id").first()
    if link is not None:
        found["link_pk"] = link.pk
    if stage is scene.action:
        found["action_pk"] = scene.action_item.pk
    if stage is scene.review and scene.review_item is not None:
        found["review_pk"] = scene.review_item.pk
    token = ApiToken.objects.filter(user=scene.world.coach).order_by("id").first()
    if token is not None:
        found["pk@tokens"] = token.pk
    if stage.workshop is not None:
        found["pk@workshops"] = stage.workshop.pk
        found["token"] = stage.workshop.join_token
        found["part"] = "board"
    return found


# The object a `pk` names, by the path segment before it.
_PK_OF = {"projects": "pk@projects", "cycles": "pk@cycles", "w": "pk@workshops"}
_PK_OF["workshops"] = "pk@workshops"


def params(route: Route) -> list[tuple[str, str]]:
    """The route's parameters as (converter, name): `<int:pk>` → ("int", "pk")."""
    return [(m.group(1) or "str", m.group(2)) for m in _PARAM.finditer(route.route)]


def fill(
    route: Route, values: dict[str, object], *, raw: dict[str, str] | None = None
) -> str | None:
    """The route with its parameters filled in (`raw`: these parameters as given, already
    URL-quoted), or None when the scene has nothing to fill."""
    raw = raw or {}
    path = route.route
    for match in _PARAM.finditer(route.route):
        key = name = match.group(2)
        if name in raw:
            path = path.replace(match.group(0), raw[name], 1)
            continue
        if name == "pk":
            previous = route.route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            key = _PK_OF.get(previous, f"pk@{previous}")
        if key not in values:
            return None
        path = path.replace(match.group(0), str(values[key]), 1)
    return "/" + path
