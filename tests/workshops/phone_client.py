"""Helpers for the phone tests: the participant's pages and forms, as a phone uses them."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.workshops.models import Workshop
from tests.conftest import World
from tests.workshops.conftest import key_of

FRAGMENT = {"HX-Request": "true"}


def url(name: str, workshop: Workshop) -> str:
    return reverse(f"workshops:{name}", args=[workshop.pk])


def factor_key(client: Client, workshop: Workshop) -> str:
    step = client.get(
        url("phone", workshop) + "?dimension=resources&polarity=barrier", headers=FRAGMENT
    )
    assert step.status_code == 200
    return key_of(step.content.decode())


def post(client: Client, name: str, workshop: Workshop, data: Mapping[str, object]) -> HttpResponse:
    """A post as workshop.js sends it: the answer is the changed fragment."""
    response = client.post(url(name, workshop), data, headers=FRAGMENT)
    assert isinstance(response, HttpResponse)
    return response


def post_factor(
    client: Client, workshop: Workshop, text: str, key: str | None = None, /, **extra: object
) -> HttpResponse:
    """A resources barrier in the participant's words, with the key of a fresh form (or `key`);
    `extra` adds or replaces fields."""
    data = {
        "dimension": "resources",
        "polarity": "barrier",
        "text": text,
        "submission": factor_key(client, workshop) if key is None else key,
        **extra,
    }
    return post(client, "factor_add", workshop, data)


def add_factor(client: Client, workshop: Workshop, text: str, **extra: object) -> int:
    return post_factor(client, workshop, text, **extra).status_code


def advance(world: World) -> None:
    world.cycle.refresh_from_db()
    cycle_advance(by=world.coach, cycle=world.cycle)
