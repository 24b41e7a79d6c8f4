"""The coach's "Hide" asks first, and the question comes only when asked: a visible factor,
link or action carries a link, not a form with its token; the link opens the question on its
own page (no script) or in its place (htmx), "Keep it" brings the link back, and only the
question's form hides."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from powertriangle.cycles.models import Factor, Link
from powertriangle.cycles.services.cycles import cycle_advance
from tests.conftest import World
from tests.hiding import RUDE_FACTOR, RUDE_LINK_NOTE, cycle_with_rude_factor_link

HTMX = {"HX-Request": "true"}


def _coach(world: World) -> Client:
    coach = world.client_for(world.coach)
    coach.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return coach


def test_it_renders_a_link_not_a_form_for_each_visible_item(world: World) -> None:
    cycle, rude, link = cycle_with_rude_factor_link(world)
    html = _coach(world).get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    for url in (
        reverse("cycles:factor_hidden", args=[cycle.pk, rude.pk]),
        reverse("cycles:link_hidden", args=[cycle.pk, link.pk]),
    ):
        assert re.search(rf'<a href="{url}" id="hide-[a-z0-9-]+" data-hx-get="{url}"', html)
        assert f'action="{url}"' not in html
    assert 'name="hidden" value="1"' not in html


def test_it_asks_on_a_page_of_its_own_and_hides_only_when_told(world: World) -> None:
    cycle, rude, _ = cycle_with_rude_factor_link(world)
    coach = _coach(world)
    url = reverse("cycles:factor_hidden", args=[cycle.pk, rude.pk])
    page = coach.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Hide this factor? It stays in the record" in html
    assert RUDE_FACTOR in html
    assert f'<form method="post" action="{url}" class="hide-ask">' in html
    assert 'name="hidden" value="1"' in html
    assert "data-hx-post" not in html.split('class="hide-ask"')[1].split("</form>")[0]
    assert not Factor.objects.get(pk=rude.pk).hidden  # asking hides nothing
    done = coach.post(url, {"hidden": "1"})
    assert done.status_code == 303
    assert Factor.objects.get(pk=rude.pk).hidden
    # Hidden already: nothing to ask, back to the cycle at the item.
    again = coach.get(url)
    assert again.status_code == 303
    assert again["Location"] == reverse("cycles:detail", args=[cycle.pk]) + f"#factor-{rude.pk}"


def test_htmx_asks_in_place_and_keep_it_brings_the_link_back(world: World) -> None:
    cycle, _, link = cycle_with_rude_factor_link(world)
    coach = _coach(world)
    url = reverse("cycles:link_hidden", args=[cycle.pk, link.pk])
    asked = coach.get(url, headers=HTMX).content.decode()
    assert asked.lstrip().startswith('<form method="post"')
    assert f'data-hx-post="{url}" data-hx-target="#links"' in asked
    assert "Hide this link? It stays in the record" in asked
    assert "autofocus" in asked  # focus moves to the question's button
    assert f'data-hx-get="{url}?keep=1"' in asked
    kept = coach.get(url + "?keep=1", headers=HTMX).content.decode().strip()
    keep = r'<a href="[^"]+" id="(hide-[a-z0-9-]+)" data-hx-get="[^"]+\?keep=1"'
    link_id = re.search(keep, asked)
    assert link_id is not None  # "Keep it" has the link's id: the link gets the focus back
    assert kept.startswith(f'<a href="{url}" id="{link_id.group(1)}" data-hx-get="{url}"')
    assert "<form" not in kept
    hidden = coach.post(url, {"hidden": "1"}, headers=HTMX)
    assert hidden.status_code == 200
    assert Link.objects.get(pk=link.pk).hidden
    assert "1 hidden link" in hidden.content.decode()
    assert RUDE_LINK_NOTE in hidden.content.decode()  # the coach still sees it, among the hidden


def test_it_asks_nothing_in_a_closed_cycle_and_nothing_of_a_reader(world: World) -> None:
    cycle, rude, _ = cycle_with_rude_factor_link(world)
    url = reverse("cycles:factor_hidden", args=[cycle.pk, rude.pk])
    assert world.client_for(world.manager).get(url).status_code == 404
    while cycle.is_open:
        cycle = cycle_advance(by=world.coach, cycle=cycle)
    coach = _coach(world)
    plain = coach.get(url)
    assert plain.status_code == 303
    htmx = coach.get(url, headers=HTMX)
    assert htmx["HX-Redirect"] == reverse("cycles:detail", args=[cycle.pk]) + f"#factor-{rude.pk}"
    assert not Factor.objects.get(pk=rude.pk).hidden
