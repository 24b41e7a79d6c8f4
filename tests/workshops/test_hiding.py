"""The coach hides something on the presenter: an anonymous link or action leaves every screen
(the coach sees that it is hidden, can show it again, and nobody learns who wrote it); a hidden
factor takes the links that use it off the phones, the board and the triangle, and brings them
back when it is shown again."""

from __future__ import annotations

from django.urls import reverse

from powertriangle.live.models import LiveEvent
from powertriangle.workshops.models import Workshop
from tests.conftest import World
from tests.hiding import (
    RUDE_LINK_NOTE,
    RUDE_NOTE,
    RUDE_TITLE,
    cycle_with_anonymous_link_and_action,
    cycle_with_rude_factor_link,
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


PAIR_ROW = "Contexts ↔ Resources</th><td>1</td>"  # the triangle's table of links


def test_a_link_leaves_every_screen_with_its_hidden_factor(
    world: World, anonymous_workshop: Workshop
) -> None:
    phone = join(anonymous_workshop, role="relative")
    _, rude, link = cycle_with_rude_factor_link(world)
    client = coach(world)
    pk = anonymous_workshop.pk
    board_url = reverse("workshops:present_part", args=[pk, "board"])
    triangle_url = reverse("workshops:present_part", args=[pk, "triangle"])
    phone_url = reverse("workshops:phone_board", args=[pk])
    before = phone.get(phone_url).content.decode()
    assert RUDE_LINK_NOTE in before
    # Each link names its two factors, so a phone can drop it live when one is hidden.
    assert f'data-between="{link.factor_a_id} {link.factor_b_id}"' in before
    assert RUDE_LINK_NOTE in client.get(board_url).content.decode()
    assert PAIR_ROW in client.get(triangle_url).content.decode()

    hide = client.post(
        reverse("workshops:factor_hidden", args=[pk, rude.pk]), {"hidden": "1"}, headers=FRAGMENT
    )
    assert hide.status_code == 200
    board = client.get(board_url).content.decode()
    assert RUDE_LINK_NOTE not in board
    assert "Hidden with its factor" in board
    assert "Zebulon" not in board
    assert PAIR_ROW not in client.get(triangle_url).content.decode()
    shown_phone = phone.get(phone_url).content.decode()
    assert RUDE_LINK_NOTE not in shown_phone
    assert "Zebulon" not in shown_phone
    assert f'data-link="{link.pk}"' not in shown_phone

    client.post(reverse("workshops:factor_hidden", args=[pk, rude.pk]), {"hidden": "0"})
    assert RUDE_LINK_NOTE in phone.get(phone_url).content.decode()
    assert RUDE_LINK_NOTE in client.get(board_url).content.decode()
