"""Workshops for the `world` personas, and phones that join them through the real pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from powertriangle.workshops.models import Workshop
from powertriangle.workshops.services import workshop_create, workshop_open
from tests.conftest import World


def open_workshop(world: World, *, anonymous: bool = False) -> Workshop:
    workshop = workshop_create(by=world.coach, cycle=world.cycle, anonymous=anonymous)
    return workshop_open(by=world.coach, workshop=workshop)


@pytest.fixture
def workshop(world: World) -> Workshop:
    """An open workshop with names, in the world's cycle (reaction stage)."""
    return open_workshop(world)


@pytest.fixture
def anonymous_workshop(world: World) -> Workshop:
    return open_workshop(world, anonymous=True)


def phone(address: str = "10.0.0.7") -> Client:
    return Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def join(
    workshop: Workshop,
    client: Client | None = None,
    *,
    member: int | None = None,
    name: str = "",
    role: str = "relative",
) -> Client:
    """Join by the QR link's form, as a member from the list or as a newcomer."""
    client = client or phone()
    assert (
        client.get(reverse("workshops:join_token", args=[workshop.join_token])).status_code == 200
    )
    data: dict[str, object] = {"token": workshop.join_token}
    if member is not None:
        data["member"] = member
    else:
        data.update({"display_name": name, "role": role})
    response = client.post(reverse("workshops:join_submit", args=[workshop.pk]), data)
    assert response.status_code == 303, response.content.decode()[:2000]
    assert response["Location"] == reverse("workshops:phone", args=[workshop.pk])
    return client


def key_of(html: str, name: str = "submission") -> str:
    """The one-time key of the first form on a page."""
    marker = f'name="{name}" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
