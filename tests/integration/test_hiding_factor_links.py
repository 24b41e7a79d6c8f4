"""A link to a hidden factor is hidden with it: its note (which may repeat the factor's words)
leaves every participant's view, the API lists, the live log, the triangle and the metrics; the
coach sees it among the hidden links; shown again, the factor brings its links back."""

from __future__ import annotations

import json

from django.urls import reverse

from powertriangle.cycles.models import Cycle, Factor, Link
from powertriangle.cycles.parts.figure import figure_for
from powertriangle.cycles.selectors import (
    links_hidden,
    links_visible,
    metrics_for_cycle,
)
from powertriangle.cycles.services.contributions import factor_set_hidden, link_set_hidden
from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.live.models import LiveEvent
from powertriangle.projects.selectors import cycles_of
from tests.conftest import World
from tests.history import coach_factor, coach_link
from tests.integration.test_api_cycle import Api

RUDE_FACTOR = "Zebulon the night nurse is lazy"
RUDE_NOTE = "Because Zebulon is lazy, the kitchen is never calm"


def cycle_with_rude_factor_link(world: World) -> tuple[Cycle, Factor, Link]:
    """A rude barrier linked (across dimensions) to a harmless enabler, in the interaction
    stage; the link's note repeats the barrier's words."""
    rude = coach_factor(world, RUDE_FACTOR, author=world.relative, anonymous=True)
    calm = coach_factor(world, "A calm kitchen", "contexts", "enabler", author=world.esther)
    cycle = cycle_advance(by=world.coach, cycle=world.cycle)
    link = coach_link(world, cycle, calm, rude, RUDE_NOTE, author=world.esther)
    return cycle, rude, link


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
    assert RUDE_NOTE not in text
    assert "Zebulon" not in text
    assert Link.objects.get(pk=link.pk).note == RUDE_NOTE  # still in the record

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
        RUDE_NOTE
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
    assert RUDE_NOTE not in read
    assert "Zebulon" not in read
    assert "hidden link" not in read

    coach.post(reverse("cycles:factor_hidden", args=[cycle.pk, rude.pk]), {"hidden": "0"})
    assert RUDE_NOTE in manager.get(page).content.decode()


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
