"""The coach hides a factor on the presenter: the links that use it leave the phones, the
presenter's board and its triangle with it, and come back when it is shown again."""

from __future__ import annotations

from django.urls import reverse

from powertriangle.workshops.models import Workshop
from tests.conftest import World
from tests.integration.test_hiding_factor_links import (
    RUDE_NOTE,
    cycle_with_rude_factor_link,
)
from tests.workshops.conftest import join
from tests.workshops.phone_client import FRAGMENT
from tests.workshops.test_coach import coach

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
    assert RUDE_NOTE in before
    # Each link names its two factors, so a phone can drop it live when one is hidden.
    assert f'data-between="{link.factor_a_id} {link.factor_b_id}"' in before
    assert RUDE_NOTE in client.get(board_url).content.decode()
    assert PAIR_ROW in client.get(triangle_url).content.decode()

    hide = client.post(
        reverse("workshops:factor_hidden", args=[pk, rude.pk]), {"hidden": "1"}, headers=FRAGMENT
    )
    assert hide.status_code == 200
    board = client.get(board_url).content.decode()
    assert RUDE_NOTE not in board
    assert "Hidden with its factor" in board
    assert "Zebulon" not in board
    assert PAIR_ROW not in client.get(triangle_url).content.decode()
    shown_phone = phone.get(phone_url).content.decode()
    assert RUDE_NOTE not in shown_phone
    assert "Zebulon" not in shown_phone
    assert f'data-link="{link.pk}"' not in shown_phone

    client.post(reverse("workshops:factor_hidden", args=[pk, rude.pk]), {"hidden": "0"})
    assert RUDE_NOTE in phone.get(phone_url).content.decode()
    assert RUDE_NOTE in client.get(board_url).content.decode()
