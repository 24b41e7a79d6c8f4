"""The cycle workspace as a browser sees it: an English test client and small helpers shared
by the page tests."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from powertriangle.cycles.models import Cycle
from powertriangle.projects.models import Member
from tests.conftest import World

HTMX = {"HX-Request": "true"}


def english(world: World, user: User | None) -> Client:
    client = world.client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(name: str, *args: int) -> str:
    return reverse(f"cycles:{name}", args=args)


def text_of(response: object) -> str:
    content = getattr(response, "content", b"")
    assert isinstance(content, bytes)
    return content.decode()


def speaker(member: Member | None = None, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {"author": member.pk if member else ""}
    data.update(extra)
    return data


def advance(client: Client, cycle: Cycle, to: str) -> Cycle:
    cycle.refresh_from_db()
    response = client.post(url("advance", cycle.pk), {"to": to, "version": cycle.version})
    assert response.status_code == 303
    cycle.refresh_from_db()
    assert cycle.stage == to
    return cycle
