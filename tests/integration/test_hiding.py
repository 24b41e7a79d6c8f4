"""The coach hides an inappropriate factor, link or action: it leaves every participant's view,
the API lists, the live log, the triangle and the metrics, stays in the record, and can be shown
again; hiding never tells who wrote an anonymous one. A link to a hidden factor is hidden with it
(its note may repeat the factor's words): the coach sees it among the hidden links, and the
factor shown again brings its links back."""

from __future__ import annotations

import json

import pytest
from django.http import Http404
from django.urls import reverse

from powertriangle.cycles.models import Action, Cycle, Factor, Link
from powertriangle.cycles.parts.figure import figure_for
from powertriangle.cycles.selectors import (
    actions_of,
    links_hidden,
    links_visible,
    metrics_for_cycle,
)
from powertriangle.cycles.services.actions import action_set_hidden
from powertriangle.cycles.services.contributions import (
    factor_set_hidden,
    link_set_hidden,
)
from powertriangle.live.models import LiveEvent
from powertriangle.projects.selectors import cycles_of
from tests.conftest import World
from tests.hiding import (
    RUDE_LINK_NOTE,
    RUDE_NOTE,
    RUDE_TITLE,
    cycle_with_anonymous_link_and_action,
    cycle_with_rude_factor_link,
)
from tests.history import coach_factor
from tests.integration.test_api_cycle import Api


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


def _coverage(cycle: Cycle) -> int:
    return sum(metrics_for_cycle(cycle).interaction_coverage.values())


def test_a_hidden_factor_takes_its_links_out_of_every_count_and_brings_them_back(
    world: World,
) -> None:
    cycle, rude, link = cycle_with_rude_factor_link(world)
    assert _coverage(cycle) == 1
    assert cycles_of(cycle.project)[0].link_count == 1

    factor_set_hidden(by=world.coach, factor=rude, hidden=True)

    assert list(links_visible(cycle)) == []
    assert list(links_hidden(cycle)) == [link]
    assert _coverage(cycle) == 0
    assert figure_for(cycle).pairs == tuple((label, 0) for label, _ in figure_for(cycle).pairs)
    assert cycles_of(cycle.project)[0].link_count == 0
    # The live log's earlier link.created no longer carries the note (nor who said it).
    created = LiveEvent.objects.get(cycle=cycle, kind="link.created").data
    assert (created["hidden"], created["note"], created["speaker"]) == (True, "", None)
    text = json.dumps([e.data for e in LiveEvent.objects.filter(cycle=cycle)])
    assert RUDE_LINK_NOTE not in text
    assert "Zebulon" not in text
    assert Link.objects.get(pk=link.pk).note == RUDE_LINK_NOTE  # still in the record

    factor_set_hidden(by=world.coach, factor=rude, hidden=False)
    assert list(links_visible(cycle)) == [link]
    assert _coverage(cycle) == 1
    assert cycles_of(cycle.project)[0].link_count == 1


def test_a_link_hidden_itself_stays_hidden_when_its_factor_comes_back(world: World) -> None:
    cycle, rude, link = cycle_with_rude_factor_link(world)
    link_set_hidden(by=world.coach, link=link, hidden=True)
    factor_set_hidden(by=world.coach, factor=rude, hidden=True)
    link_set_hidden(by=world.coach, link=link, hidden=False)
    assert list(links_visible(cycle)) == []  # its factor is still hidden
    shown = LiveEvent.objects.filter(cycle=cycle, kind="link.shown").get().data
    assert (shown["hidden"], shown["note"]) == (True, "")

    link_set_hidden(by=world.coach, link=link, hidden=True)
    factor_set_hidden(by=world.coach, factor=rude, hidden=False)
    assert list(links_visible(cycle)) == []
    assert list(links_hidden(cycle)) == [link]
    assert _coverage(cycle) == 0


def test_the_api_lists_and_metrics_leave_out_a_hidden_factors_links(world: World) -> None:
    cycle, rude, link = cycle_with_rude_factor_link(world)
    coach, manager = Api(world.coach), Api(world.manager)
    coach.call("post", f"/factors/{rude.pk}/hide", {"hidden": True})
    for api in (coach, manager):
        assert api.call("get", f"/cycles/{cycle.pk}/links") == []
        coverage = api.call("get", f"/cycles/{cycle.pk}/metrics")["interaction_coverage"]
        assert sum(coverage.values()) == 0
        assert api.call("get", f"/cycles/{cycle.pk}")["counts"]["links"] == 0
    # The coach may still ask for everything; a manager never gets it.
    everything = coach.call("get", f"/cycles/{cycle.pk}/links?include_hidden=true")
    assert [item["id"] for item in everything] == [link.pk]
    assert manager.call("get", f"/cycles/{cycle.pk}/links?include_hidden=true") == []
    coach.call("post", f"/factors/{rude.pk}/hide", {"hidden": False})
    assert [item["note"] for item in manager.call("get", f"/cycles/{cycle.pk}/links")] == [
        RUDE_LINK_NOTE
    ]


def test_the_cycle_page_shows_the_coach_a_link_hidden_with_its_factor(world: World) -> None:
    cycle, rude, link = cycle_with_rude_factor_link(world)
    coach = world.client_for(world.coach)
    coach.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = reverse("cycles:detail", args=[cycle.pk])
    fragment = coach.post(
        reverse("cycles:factor_hidden", args=[cycle.pk, rude.pk]),
        {"hidden": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()
    # The links section is swapped too: the link moved to the hidden list.
    assert 'id="links"' in fragment
    assert "1 hidden link" in fragment
    html = coach.get(page).content.decode()
    assert "1 hidden link" in html
    assert "Hidden with its factor" in html
    assert reverse("cycles:link_hidden", args=[cycle.pk, link.pk]) in html
    manager = world.client_for(world.manager)
    manager.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    read = manager.get(page).content.decode()
    assert RUDE_LINK_NOTE not in read
    assert "Zebulon" not in read
    assert "hidden link" not in read

    coach.post(reverse("cycles:factor_hidden", args=[cycle.pk, rude.pk]), {"hidden": "0"})
    assert RUDE_LINK_NOTE in manager.get(page).content.decode()


def test_a_new_link_to_a_hidden_factor_is_refused_clearly(world: World) -> None:
    cycle, rude, _ = cycle_with_rude_factor_link(world)
    calm = Factor.objects.get(cycle=cycle, text="A calm kitchen")
    other = coach_factor(world, "Time to listen", "resources", "enabler", author=world.esther)
    coach = Api(world.coach)
    coach.call("post", f"/factors/{rude.pk}/hide", {"hidden": True})
    before = Link.objects.count()
    refused = coach.call(
        "post",
        f"/cycles/{cycle.pk}/links",
        {
            "factor_a_id": other.pk,
            "factor_b_id": rude.pk,
            "note": "More of the same",
            "author_id": world.esther.pk,
        },
        status=422,
    )
    assert [e["message"] for e in refused["detail"]] == [
        "This factor is hidden. Choose one that is shown."
    ]
    assert Link.objects.count() == before
    made = coach.call(
        "post",
        f"/cycles/{cycle.pk}/links",
        {
            "factor_a_id": other.pk,
            "factor_b_id": calm.pk,
            "note": "Time calms the kitchen",
            "author_id": world.esther.pk,
        },
        status=201,
    )
    assert made["note"] == "Time calms the kitchen"
