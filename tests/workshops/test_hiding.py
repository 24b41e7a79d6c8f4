"""The coach hides an anonymous link or action from the presenter: every screen loses it, the
coach sees that it is hidden (and can show it again), and nobody learns who wrote it."""

from __future__ import annotations

from django.urls import reverse

from powertriangle.live.models import LiveEvent
from powertriangle.workshops.models import Workshop
from tests.conftest import World
from tests.integration.test_hiding import (
    RUDE_NOTE,
    RUDE_TITLE,
    cycle_with_anonymous_link_and_action,
)
from tests.workshops.conftest import join
from tests.workshops.phone_client import FRAGMENT
from tests.workshops.test_coach import coach


def test_the_coach_hides_an_anonymous_link_and_action_on_every_screen(
    world: World, anonymous_workshop: Workshop
) -> None:
    phone = join(anonymous_workshop, role="relative")
    _, link, action = cycle_with_anonymous_link_and_action(world)
    client = coach(world)
    board_url = reverse("workshops:present_part", args=[anonymous_workshop.pk, "board"])
    phone_url = reverse("workshops:phone_board", args=[anonymous_workshop.pk])
    before = client.get(board_url).content.decode()
    assert RUDE_NOTE in before
    assert RUDE_TITLE in before
    assert RUDE_TITLE in phone.get(phone_url).content.decode()

    for name, pk in (("link_hidden", link.pk), ("action_hidden", action.pk)):
        response = client.post(
            reverse(f"workshops:{name}", args=[anonymous_workshop.pk, pk]),
            {"hidden": "1"},
            headers=FRAGMENT,
        )
        assert response.status_code == 200
    board = client.get(board_url).content.decode()
    assert RUDE_NOTE not in board
    assert RUDE_TITLE not in board
    assert board.count("Hidden by the coach") == 2
    assert board.count("Show again") == 2
    shown_phone = phone.get(phone_url).content.decode()
    assert RUDE_NOTE not in shown_phone
    assert RUDE_TITLE not in shown_phone
    for kind in ("link.hidden", "action.hidden"):
        data = LiveEvent.objects.get(kind=kind).data
        assert data["hidden"] is True
        assert data["speaker"] is None
    link.refresh_from_db()
    action.refresh_from_db()
    assert (link.author_id, action.author_id) == (None, None)

    # Shown again: back on the phone; an item of another cycle is not found.
    client.post(
        reverse("workshops:action_hidden", args=[anonymous_workshop.pk, action.pk]),
        {"hidden": "0"},
    )
    assert RUDE_TITLE in phone.get(phone_url).content.decode()
    missing = client.post(
        reverse("workshops:link_hidden", args=[anonymous_workshop.pk, link.pk + 999]),
        {"hidden": "1"},
    )
    assert missing.status_code == 404
