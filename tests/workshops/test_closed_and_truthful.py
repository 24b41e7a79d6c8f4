"""Truthful screens and closed workshops: while an anonymous workshop is open its screens show
nobody's name, earlier named items included; once a workshop closes its phones read nothing more
(the page says thank you, the board and the stream answer no more)."""

from __future__ import annotations

from django.urls import reverse

from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.workshops.models import Workshop, WorkshopStatus
from powertriangle.workshops.services import workshop_close
from tests.conftest import World
from tests.history import coach_factor
from tests.workshops.conftest import join, open_workshop
from tests.workshops.conftest import phone as phone_client
from tests.workshops.phone_client import FRAGMENT, url


def _presenter_board(world: World, workshop: Workshop) -> str:
    client = world.client_for(world.coach)
    response = client.get(
        reverse("workshops:present_part", args=[workshop.pk, "board"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    return response.content.decode()


def test_an_anonymous_workshop_shows_no_name_of_earlier_named_items(world: World) -> None:
    coach_factor(world, "Discharge on a Friday", author=world.nurse)
    named = open_workshop(world)
    assert "Nadia" in _presenter_board(world, named)
    named_phone = join(named, member=world.esther.pk)
    assert "Nadia" in named_phone.get(url("phone_board", named)).content.decode()
    workshop_close(by=world.coach, workshop=named)

    anonymous = open_workshop(world, anonymous=True)
    board = _presenter_board(world, anonymous)
    assert "Discharge on a Friday" in board
    assert "Nadia" not in board
    assert "Anonymous" in board
    phone = join(anonymous, role="relative")
    phone_board = phone.get(url("phone_board", anonymous)).content.decode()
    assert "Discharge on a Friday" in phone_board
    assert "Nadia" not in phone_board
    # The stream of its screens carries no name either (tests/live/test_bounds.py).
    assert (
        f"/workshops/{anonymous.pk}/present/events"
        in world.client_for(world.coach)
        .get(reverse("workshops:present", args=[anonymous.pk]))
        .content.decode()
    )


def test_a_closed_workshop_s_phones_read_nothing_more(world: World, workshop: Workshop) -> None:
    coach_factor(world, "Discharge on a Friday", author=world.nurse)
    phone = join(workshop, member=world.esther.pk)
    assert phone.get(url("phone_board", workshop)).status_code == 200
    assert phone.get(url("phone_events", workshop)).status_code == 200
    workshop_close(by=world.coach, workshop=workshop)
    board = phone.get(url("phone_board", workshop), headers=FRAGMENT)
    assert board.status_code == 410  # workshop.js loads the page then
    assert "Discharge" not in board.content.decode()
    plain = phone.get(url("phone_board", workshop), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Thank you for taking part!" in plain
    assert "Discharge" not in plain
    assert phone.get(url("phone_events", workshop)).status_code == 404
    page = phone.get(url("phone", workshop), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Thank you for taking part!" in page
    assert "Discharge" not in page
    # The next workshop of the cycle: this phone is no participant of it.
    following = open_workshop(world, anonymous=True)
    assert phone.get(url("phone_board", following)).status_code == 404
    assert phone.get(url("phone_events", following)).status_code == 404


def test_closing_the_cycle_closes_its_workshop(world: World, workshop: Workshop) -> None:
    phone = join(workshop, member=world.esther.pk)
    code = workshop.code
    for _ in range(3):
        world.cycle.refresh_from_db()
        cycle_advance(by=world.coach, cycle=world.cycle)
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.CLOSED
    assert workshop.code is None
    refused = phone_client().post(reverse("workshops:join_code"), {"code": code})
    assert refused.status_code == 422
    assert (
        "Thank you for taking part!"
        in phone.get(url("phone", workshop), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
