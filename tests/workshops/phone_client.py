"""Helpers for the phone tests: the participant's pages and forms, as a phone uses them."""

from __future__ import annotations

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


def add_factor(client: Client, workshop: Workshop, text: str, **extra: object) -> int:
    data = {
        "dimension": "resources",
        "polarity": "barrier",
        "text": text,
        "submission": factor_key(client, workshop),
        **extra,
    }
    return client.post(url("factor_add", workshop), data, headers=FRAGMENT).status_code


def advance(world: World) -> None:
    world.cycle.refresh_from_db()
    cycle_advance(by=world.coach, cycle=world.cycle)
