"""The coach's side: preparing, opening and closing a workshop, the presenter, the timer, moving
every screen on, and hiding a contribution without learning who wrote it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from powertriangle.cycles.models import Cycle, Factor
from powertriangle.live.models import LiveEvent
from powertriangle.workshops.models import Workshop, WorkshopStatus
from powertriangle.workshops.services import (
    workshop_create,
    workshop_open,
    workshop_set_anonymous,
)
from tests.conftest import World
from tests.history import release
from tests.workshops.conftest import join, open_workshop
from tests.workshops.phone_client import FRAGMENT, add_factor


def coach(world: World) -> Client:
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_cycle_page_offers_a_live_workshop_to_its_coach(world: World) -> None:
    page = coach(world).get(reverse("cycles:detail", args=[world.cycle.pk])).content.decode()
    assert reverse("workshops:new", args=[world.cycle.pk]) in page
    manager_page = world.client_for(world.manager).get(
        reverse("cycles:detail", args=[world.cycle.pk])
    )
    assert reverse("workshops:new", args=[world.cycle.pk]) not in manager_page.content.decode()


def test_a_coach_prepares_opens_and_closes_a_workshop(world: World) -> None:
    client = coach(world)
    response = client.post(reverse("workshops:new", args=[world.cycle.pk]), {"anonymous": "1"})
    assert response.status_code == 303
    workshop = Workshop.objects.get()
    assert workshop.anonymous
    assert workshop.status == WorkshopStatus.DRAFT
    assert workshop.code is None
    assert len(workshop.join_token) >= 22
    manage = client.get(response["Location"]).content.decode()
    assert "Open the workshop" in manage
    # The choice made when preparing is stated, not asked again: changing it is folded away.
    assert "Anonymous: no name is saved with what people write." in manage
    folded = manage.split('<details class="change-choice">', 1)
    assert len(folded) == 2, "the anonymity choice is not folded"
    assert 'name="anonymous"' not in folded[0]
    opened = client.post(reverse("workshops:open", args=[workshop.pk]))
    assert opened["Location"] == reverse("workshops:present", args=[workshop.pk])
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.OPEN
    assert workshop.code is not None
    assert workshop.code.isdigit()
    assert len(workshop.code) == 9
    assert LiveEvent.objects.filter(kind="workshop.opened").count() == 1
    client.post(reverse("workshops:close", args=[workshop.pk]))
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.CLOSED
    assert workshop.code is None
    assert LiveEvent.objects.get(kind="workshop.closed").data == {
        "workshop_id": workshop.pk,
        "stage": "reaction",
        "open": False,
    }


def test_anonymity_can_change_before_opening_and_never_after(world: World) -> None:
    draft = workshop_create(by=world.coach, cycle=world.cycle, anonymous=False)
    assert workshop_set_anonymous(by=world.coach, workshop=draft, anonymous=True).anonymous
    workshop_open(by=world.coach, workshop=draft)
    with pytest.raises(ValidationError):
        workshop_set_anonymous(by=world.coach, workshop=draft, anonymous=False)
    response = coach(world).post(
        reverse("workshops:anonymity", args=[draft.pk]), {"anonymous": "0"}
    )
    assert response.status_code == 422
    draft.refresh_from_db()
    assert draft.anonymous


def test_only_one_open_workshop_per_cycle(world: World, workshop: Workshop) -> None:
    second = workshop_create(by=world.coach, cycle=world.cycle, anonymous=False)
    with pytest.raises(ValidationError):
        workshop_open(by=world.coach, workshop=second)


def test_others_get_404_and_nothing_changes(world: World, workshop: Workshop) -> None:
    for user in (None, world.outsider, world.outside_manager, world.manager):
        client = world.client_for(user)
        for name in ("manage", "present"):
            response = client.get(reverse(f"workshops:{name}", args=[workshop.pk]))
            assert response.status_code in (302, 404)  # anonymous: to the login page
            if user is not None:
                assert response.status_code == 404
        for name in ("close", "timer", "advance", "open", "anonymity"):
            response = client.post(reverse(f"workshops:{name}", args=[workshop.pk]), {"minutes": 5})
            assert response.status_code in (302, 404)
        if user is not None:
            new = client.post(reverse("workshops:new", args=[world.cycle.pk]), {"anonymous": "0"})
            assert new.status_code == 404
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.OPEN
    assert workshop.timer_ends_at is None
    assert Workshop.objects.count() == 1


def test_the_presenter_shows_the_qr_code_the_code_and_who_has_joined(
    world: World, workshop: Workshop
) -> None:
    join(workshop, member=world.esther.pk)
    join(workshop, member=world.nurse.pk)
    join(workshop, member=world.esther.pk)  # a second phone of the same person
    html = coach(world).get(reverse("workshops:present", args=[workshop.pk])).content.decode()
    code = str(workshop.code)
    assert f"{code[:3]} {code[3:6]} {code[6:]}" in html
    assert 'src="data:image/svg+xml' in html  # the QR code, made here
    assert "http://testserver/join" in html
    assert "data-joined-total>2<" in html
    assert 'data-joined-group="care_receivers">1<' in html
    assert 'data-joined-group="professionals">1<' in html
    assert "Move on to Interaction" in html
    assert f'data-live-url="/workshops/{workshop.pk}/present/events?after=' in html


def test_the_timer_is_set_for_every_screen(world: World, workshop: Workshop) -> None:
    response = coach(world).post(
        reverse("workshops:timer", args=[workshop.pk]), {"minutes": 5}, headers=FRAGMENT
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section id="present-timer"')
    assert 'data-seconds="300"' in html or 'data-seconds="299"' in html
    event = LiveEvent.objects.get(kind="workshop.timer")
    assert event.data["running"] is True
    assert 298 <= event.data["seconds_left"] <= 300
    wrong = coach(world).post(
        reverse("workshops:timer", args=[workshop.pk]), {"minutes": 500}, headers=FRAGMENT
    )
    assert wrong.status_code == 422


def test_moving_on_moves_the_cycle_and_every_phone(world: World, workshop: Workshop) -> None:
    client = coach(world)
    phone = join(workshop, member=world.esther.pk)
    response = client.post(
        reverse("workshops:advance", args=[workshop.pk]),
        {"to": "interaction", "version": world.cycle.version},
        headers=FRAGMENT,
    )
    assert response.status_code == 200
    assert "Move on to Action" in response.content.decode()
    assert Cycle.objects.get(pk=world.cycle.pk).stage == "interaction"
    assert LiveEvent.objects.filter(kind="cycle.advanced").exists()
    panel = phone.get(reverse("workshops:phone", args=[workshop.pk]), headers=FRAGMENT)
    assert "stage-interaction" in panel.content.decode()
    stale = client.post(
        reverse("workshops:advance", args=[workshop.pk]),
        {"to": "interaction", "version": world.cycle.version},
        headers=FRAGMENT,
    )
    assert stale.status_code == 422
    assert Cycle.objects.get(pk=world.cycle.pk).stage == "interaction"


def test_the_coach_hides_an_anonymous_factor_without_learning_its_author(
    world: World, anonymous_workshop: Workshop
) -> None:
    phone = join(anonymous_workshop, role="professional")
    add_factor(phone, anonymous_workshop, "Rude words here")
    release()
    factor = Factor.objects.get()
    client = coach(world)
    board = client.get(
        reverse("workshops:present_part", args=[anonymous_workshop.pk, "board"])
    ).content.decode()
    assert "Rude words here" in board
    assert "Anonymous" in board
    response = client.post(
        reverse("workshops:factor_hidden", args=[anonymous_workshop.pk, factor.pk]),
        {"hidden": "1"},
        headers=FRAGMENT,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rude words here" not in html
    assert "Hidden by the coach" in html
    assert "Show again" in html
    factor.refresh_from_db()
    assert factor.hidden
    assert factor.author_id is None
    hidden_event = LiveEvent.objects.get(kind="factor.hidden")
    assert hidden_event.data["text"] == ""
    assert hidden_event.data["speaker"] is None
    phone_board = phone.get(reverse("workshops:phone_board", args=[anonymous_workshop.pk]))
    assert "Rude words here" not in phone_board.content.decode()
    # A factor of another cycle is not found.
    other = client.post(
        reverse("workshops:factor_hidden", args=[anonymous_workshop.pk, factor.pk + 999]),
        {"hidden": "1"},
    )
    assert other.status_code == 404


def test_the_anonymous_presenter_shows_no_names_and_shuffles(
    world: World, anonymous_workshop: Workshop
) -> None:
    texts = [f"Item number {n:02d}" for n in range(12)]
    phone = join(anonymous_workshop, role="relative")
    for text in texts:
        add_factor(phone, anonymous_workshop, text)
    release()
    board = (
        coach(world)
        .get(reverse("workshops:present_part", args=[anonymous_workshop.pk, "board"]))
        .content.decode()
    )
    positions = [board.index(text) for text in texts]
    assert positions != sorted(positions)  # not in the order they were made
    assert "Anonymous participant" not in board
    again = (
        coach(world)
        .get(reverse("workshops:present_part", args=[anonymous_workshop.pk, "board"]))
        .content.decode()
    )
    assert [again.index(t) for t in texts] == positions  # stable between refreshes


def test_a_workshop_needs_an_open_cycle(world: World) -> None:
    second = open_workshop(world)
    assert second.status == WorkshopStatus.OPEN
    Cycle.objects.filter(pk=world.cycle.pk).update(stage="closed")
    world.cycle.refresh_from_db()
    with pytest.raises(ValidationError):
        workshop_create(by=world.coach, cycle=world.cycle, anonymous=False)
