"""The coach hides an inappropriate link or action (as a factor): it leaves every participant's
view, the live log and the metrics, stays in the record, and can be shown again; hiding never
tells who wrote an anonymous one."""

from __future__ import annotations

import json

import pytest
from django.http import Http404
from django.urls import reverse

from powertriangle.cycles.models import Action, Cycle, Link
from powertriangle.cycles.selectors import actions_of, links_visible, metrics_for_cycle
from powertriangle.cycles.services.actions import action_create, action_set_hidden
from powertriangle.cycles.services.contributions import (
    factor_create,
    link_create,
    link_set_hidden,
)
from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.live.models import LiveEvent
from tests.conftest import World
from tests.integration.test_api_cycle import Api

RUDE_NOTE = "Zebulon says something rude about the nurse"
RUDE_TITLE = "Zebulon wants to punish the night staff"


def cycle_with_anonymous_link_and_action(world: World) -> tuple[Cycle, Link, Action]:
    coach, cycle = world.coach, world.cycle
    barrier, enabler = (
        factor_create(
            by=coach,
            cycle=cycle,
            dimension=dimension,
            polarity=polarity,
            text=text,
            author=world.esther,
        )
        for dimension, polarity, text in (
            ("resources", "barrier", "Short visits"),
            ("contexts", "enabler", "A calm kitchen"),
        )
    )
    cycle = cycle_advance(by=coach, cycle=cycle)
    link = link_create(
        by=coach,
        cycle=cycle,
        factor_a=barrier,
        factor_b=enabler,
        note=RUDE_NOTE,
        author=world.relative,
        anonymous=True,
    )
    cycle = cycle_advance(by=coach, cycle=cycle)
    action = action_create(
        by=coach,
        cycle=cycle,
        kind="handle_barrier",
        title=RUDE_TITLE,
        factors=[barrier],
        owners=[world.esther],
        author=world.relative,
        anonymous=True,
    )
    return cycle, link, action


def test_hidden_links_and_actions_leave_views_log_and_metrics_and_come_back(
    world: World,
) -> None:
    cycle, link, action = cycle_with_anonymous_link_and_action(world)
    before = metrics_for_cycle(cycle)
    assert before.uptake == 1.0

    link_set_hidden(by=world.coach, link=link, hidden=True)
    action_set_hidden(by=world.coach, action=action, hidden=True)

    assert (link.hidden, action.hidden) == (True, True)
    assert list(links_visible(cycle)) == []
    assert list(actions_of(cycle)) == []
    assert list(actions_of(cycle, include_hidden=True)) == [action]
    after = metrics_for_cycle(cycle)
    assert after.uptake is None  # no action left to count
    assert sum(after.interaction_coverage.values()) == 0
    log = list(LiveEvent.objects.filter(cycle=cycle).order_by("seq"))
    assert [e.kind for e in log[-2:]] == ["link.hidden", "action.hidden"]
    # Every event about them now carries only their place: no words, no speaker, no owners.
    text = json.dumps([e.data for e in log])
    assert RUDE_NOTE not in text
    assert RUDE_TITLE not in text
    assert "Esther" not in json.dumps([e.data for e in log if e.kind.startswith("action.")])
    assert log[-1].data["speaker"] is None
    assert log[-1].data["owners"] == []
    assert Link.objects.get(pk=link.pk).note == RUDE_NOTE  # still in the record

    link_set_hidden(by=world.coach, link=link, hidden=False)
    shown = action_set_hidden(by=world.coach, action=action, hidden=False)
    assert shown.hidden is False
    assert [link] == list(links_visible(cycle))
    assert metrics_for_cycle(cycle).uptake == 1.0
    last = LiveEvent.objects.filter(cycle=cycle).order_by("-seq")[:2]
    assert [e.kind for e in last] == ["action.shown", "link.shown"]
    assert (last[0].data["title"], last[1].data["note"]) == (RUDE_TITLE, RUDE_NOTE)
    assert last[0].data["speaker"] is None  # still anonymous


def test_only_those_who_may_hide_factors_may_hide_links_and_actions(world: World) -> None:
    _, link, action = cycle_with_anonymous_link_and_action(world)
    for user in (world.manager, world.outsider):
        with pytest.raises(Http404):
            link_set_hidden(by=user, link=link, hidden=True)
        with pytest.raises(Http404):
            action_set_hidden(by=user, action=action, hidden=True)
    assert not Link.objects.get(pk=link.pk).hidden
    assert not Action.objects.get(pk=action.pk).hidden


def test_the_api_hides_and_lists_hidden_ones_for_coaches_only(world: World) -> None:
    cycle, link, action = cycle_with_anonymous_link_and_action(world)
    coach, manager = Api(world.coach), Api(world.manager)
    hidden_link = coach.call("post", f"/links/{link.pk}/hide", {"hidden": True})
    hidden_action = coach.call("post", f"/actions/{action.pk}/hide", {"hidden": True})
    assert (hidden_link["hidden"], hidden_action["hidden"]) == (True, True)
    assert hidden_link["author_id"] is None
    assert hidden_action["author_id"] is None
    for what in ("links", "actions"):
        assert coach.call("get", f"/cycles/{cycle.pk}/{what}") == []
        assert len(coach.call("get", f"/cycles/{cycle.pk}/{what}?include_hidden=true")) == 1
        # Reading is not hiding: a manager never gets the hidden ones.
        assert manager.call("get", f"/cycles/{cycle.pk}/{what}?include_hidden=true") == []
    assert coach.call("get", f"/cycles/{cycle.pk}")["counts"]["actions"] == 0
    manager.call("post", f"/links/{link.pk}/hide", {"hidden": False}, status=404)
    manager.call("post", f"/actions/{action.pk}/hide", {"hidden": False}, status=404)
    coach.call("post", f"/actions/{action.pk}/hide", {"hidden": "maybe"}, status=422)
    shown = coach.call("post", f"/actions/{action.pk}/hide", {"hidden": False})
    assert (shown["hidden"], shown["title"]) == (False, RUDE_TITLE)
    assert [a["id"] for a in manager.call("get", f"/cycles/{cycle.pk}/actions")] == [action.pk]


def test_the_cycle_page_lets_the_coach_hide_and_show_again(world: World) -> None:
    cycle, link, action = cycle_with_anonymous_link_and_action(world)
    coach = world.client_for(world.coach)
    coach.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = reverse("cycles:detail", args=[cycle.pk])
    html = coach.get(page).content.decode()
    assert reverse("cycles:link_hidden", args=[cycle.pk, link.pk]) in html
    assert reverse("cycles:action_hidden", args=[cycle.pk, action.pk]) in html
    fragment = coach.post(
        reverse("cycles:link_hidden", args=[cycle.pk, link.pk]),
        {"hidden": "1"},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    assert "1 hidden link" in fragment.content.decode()
    plain = coach.post(reverse("cycles:action_hidden", args=[cycle.pk, action.pk]), {"hidden": "1"})
    assert plain.status_code == 303
    html = coach.get(page).content.decode()
    assert "1 hidden link" in html
    assert "1 hidden action" in html
    assert html.count('name="hidden" value="0"') == 2  # "Show again", for each
    # The manager reads the cycle but sees neither.
    read = world.client_for(world.manager).get(page).content.decode()
    assert RUDE_NOTE not in read
    assert RUDE_TITLE not in read
    assert "hidden link" not in read
    assert "hidden action" not in read
    coach.post(reverse("cycles:action_hidden", args=[cycle.pk, action.pk]), {"hidden": "0"})
    assert RUDE_TITLE in world.client_for(world.manager).get(page).content.decode()
