"""Every route of the site with real objects in its path: the routes from Django's URL resolver,
the table that says which object fills each path parameter, and the objects themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from powertriangle.accounts.tokens import token_create
from powertriangle.cycles.models import ActionReview
from powertriangle.cycles.services.actions import action_create
from powertriangle.cycles.services.contributions import factor_create, link_create
from powertriangle.cycles.services.cycles import cycle_advance, cycle_start
from powertriangle.workshops.services import workshop_create, workshop_open
from tests.conftest import World

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass
class Objects:
    """One real object of every kind a path can name, all visible to the coach."""

    project: int
    member: int
    cycle: int  # open, in reaction, with a review of `action`
    closed_cycle: int
    factor: int
    link: int
    action: int
    review: int
    workshop: int  # open, with names, in `cycle`
    join_token: str
    present_part: str = "board"
    api_token: int = 0  # a token of the coach's (not the one a test uses)


# How to fill a path parameter: by "<segment before it>/<name>" or by name alone, the attribute
# of Objects to use. A new kind of route parameter fails test_it_knows_every_path_parameter
# until it is named here (and made in `make_objects`).
PATH_VALUES = {
    "projects/pk": "project",
    "member_pk": "member",
    "cycles/pk": "cycle",
    "cycle_pk": "cycle",
    "factor_pk": "factor",
    "link_pk": "link",
    "action_pk": "action",
    "review_pk": "review",
    # The JSON API's names.
    "project_id": "project",
    "member_id": "member",
    "cycle_id": "cycle",
    "factor_id": "factor",
    "link_id": "link",
    "action_id": "action",
    "review_id": "review",
    # Live workshops: the coach's pages, the phones' pages and the QR link.
    "workshops/pk": "workshop",
    "w/pk": "workshop",
    "token": "join_token",
    "present/part": "present_part",
    # The account's own.
    "tokens/pk": "api_token",
    "token_id": "api_token",
    "workshop_id": "workshop",
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # "cycles/<int:pk>/factors/<int:factor_pk>/hidden"

    def path(self, objects: Objects | None) -> str | None:
        """The path with real objects (None if a parameter is unknown) or, without objects,
        with zeros, which exist nowhere."""
        unknown = False

        def value(match: re.Match[str]) -> str:
            nonlocal unknown
            before = self.pattern[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            slot = PATH_VALUES.get(f"{before}/{match[2]}") or PATH_VALUES.get(match[2])
            if objects is None:
                return "0"
            if slot is None:
                unknown = True
                return "0"
            return str(getattr(objects, slot))

        filled = "/" + PARAM.sub(value, self.pattern)
        return None if unknown else filled

    @property
    def regex_only(self) -> bool:
        return "^" in self.pattern or "(?P" in self.pattern


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, ns: str) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield Route(f"{ns}{pattern.name or '?'}", prefix + str(pattern.pattern))


def routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", ""))


def make_objects(world: World) -> Objects:
    """Cycle 1 of the world's project runs to the end (factors, a link, an action); cycle 2 is
    open with the review of that action and an open live workshop (with names)."""
    coach, cycle, esther = world.coach, world.cycle, world.esther
    barrier = factor_create(
        by=coach,
        cycle=cycle,
        dimension="resources",
        polarity="barrier",
        text="Short visits",
        author=esther,
    )
    enabler = factor_create(
        by=coach,
        cycle=cycle,
        dimension="contexts",
        polarity="enabler",
        text="A calm kitchen",
        author=world.nurse,
    )
    cycle = cycle_advance(by=coach, cycle=cycle)
    link = link_create(
        by=coach,
        cycle=cycle,
        factor_a=barrier,
        factor_b=enabler,
        note="Calm needs time",
        author=world.relative,
    )
    cycle = cycle_advance(by=coach, cycle=cycle)
    action = action_create(
        by=coach,
        cycle=cycle,
        kind="handle_barrier",
        title="Longer visits",
        factors=[barrier],
        owners=[world.nurse],
        author=world.nurse,
    )
    cycle_advance(by=coach, cycle=cycle)
    second = cycle_start(by=coach, project=world.project)
    workshop = workshop_open(
        by=coach, workshop=workshop_create(by=coach, cycle=second, anonymous=False)
    )
    return Objects(
        project=world.project.pk,
        member=world.esther.pk,
        cycle=second.pk,
        closed_cycle=cycle.pk,
        factor=barrier.pk,
        link=link.pk,
        action=action.pk,
        review=ActionReview.objects.get(cycle=second).pk,
        workshop=workshop.pk,
        join_token=workshop.join_token,
        api_token=token_create(user=world.coach, name="A script")[0].pk,
    )


# Only to see whether every parameter can be named.
EVERY = Objects(1, 2, 3, 4, 5, 6, 7, 8, 9, join_token="token")
