"""A closed cycle is read only everywhere: hiding included, on the page, by htmx and the API,
so its figures stay what the close dialog said (issue 8.9)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from powertriangle.accounts.tokens import token_issue
from powertriangle.cycles.models import Action, Factor, Link
from powertriangle.cycles.services.common import closed_message
from powertriangle.cycles.services.contributions import factor_set_hidden
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
