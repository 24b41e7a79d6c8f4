"""A closed cycle is read only everywhere: hiding included, on the page, by htmx and the API,
so its figures stay what the close dialog said (issue 8.9)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from powertriangle.accounts.tokens import token_issue
from powertriangle.cycles.models import Action, Factor, Link
from powertriangle.cycles.services.contributions import factor_set_hidden
from powertriangle.cycles.services.steps import closed_message
from tests.conftest import PASSWORD, World
from tests.history import one_cycle_reviewed

MESSAGE = "This cycle is closed: nothing in it can change any more."


@pytest.mark.django_db
def test_nothing_in_a_closed_cycle_can_be_hidden(world: World) -> None:
    past = one_cycle_reviewed(world)
    link = Link.objects.get(cycle=past.first)
    with pytest.raises(ValidationError) as refused:
        factor_set_hidden(by=world.coach, factor=past.factor, hidden=True)
    assert refused.value.message_dict == {"hidden": [closed_message()]}
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    cycle_page = reverse("cycles:detail", args=[past.first.pk])
    posts = [
        reverse("cycles:factor_hidden", args=[past.first.pk, past.factor.pk]),
        reverse("cycles:link_hidden", args=[past.first.pk, link.pk]),
        reverse("cycles:action_hidden", args=[past.first.pk, past.action.pk]),
    ]
    for url in posts:
        plain = client.post(url, {"hidden": "1"})
        assert plain.status_code == 302
        assert plain["Location"] == cycle_page
        htmx = client.post(url, {"hidden": "1"}, headers={"HX-Request": "true"})
        assert htmx["HX-Redirect"] == cycle_page
    assert MESSAGE in client.get(cycle_page).content.decode()
    key = token_issue(username=world.coach.username, password=PASSWORD)
    api = client.post(
        f"/api/v1/factors/{past.factor.pk}/hide",
        {"hidden": True},
        content_type="application/json",
        headers={"authorization": f"Bearer {key}"},
    )
    assert api.status_code == 422
    assert not Factor.objects.filter(hidden=True).exists()
    assert not Link.objects.filter(hidden=True).exists()
    assert not Action.objects.filter(hidden=True).exists()


@pytest.mark.django_db
def test_a_closed_cycle_page_offers_no_hide_button(world: World) -> None:
    past = one_cycle_reviewed(world)
    html = world.client_for(world.coach).get(reverse("cycles:detail", args=[past.first.pk]))
    assert "/hidden" not in html.content.decode()


@pytest.mark.django_db
def test_closing_a_cycle_points_at_the_start_button_on_the_same_page(world: World) -> None:
    """No "start the next one from the project page" while the button is right there."""
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    cycle = world.cycle
    for to in ("interaction", "action", "closed"):
        cycle.refresh_from_db()
        data = {"to": to, "version": cycle.version}
        client.post(reverse("cycles:advance", args=[cycle.pk]), data)
    page = client.get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert "The cycle is closed. Nothing more can be added to it." in page
    assert "Start the next one here when the team is ready" in page
    assert "Start cycle 2" in page
    assert "project page" not in page
    reader = world.client_for(world.manager)  # reads only: no button, no invitation to start
    reader.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    read = reader.get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert "Start cycle 2" not in read
    assert "Start the next one here" not in read
