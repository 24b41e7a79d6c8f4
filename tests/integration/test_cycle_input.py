"""Bad input on the cycle workspace: refused with a clear message next to the field, and
nothing written. Markup is kept as text and always shown escaped."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from powertriangle.cycles.models import Action, Cycle, Factor, Link, Vote
from powertriangle.cycles.services.contributions import factor_create
from powertriangle.cycles.services.cycles import cycle_advance, cycle_start
from tests.conftest import World
from tests.integration.cycle_client import HTMX, english, text_of, url


def post_factor(
    world: World, htmx: bool = False, client: Client | None = None, **data: object
) -> tuple[int, str]:
    fields: dict[str, object] = {
        "dimension": "resources",
        "polarity": "barrier",
        "text": "Too little time",
        "author": world.nurse.pk,
    }
    fields.update(data)
    client = client or english(world, world.coach)
    response = client.post(
        url("factor_create", world.cycle.pk), fields, headers=HTMX if htmx else {}
    )
    return response.status_code, text_of(response)


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "This field cannot be empty."),
        ("   ", "This field cannot be empty."),
        ("x" * 100_000, "Keep it to 500 characters (this has 100000)."),
        ("a\u202eb", "The text contains invisible control characters; please retype it."),
    ],
)
def test_it_refuses_bad_factor_text(world: World, htmx: bool, text: str, message: str) -> None:
    status, html = post_factor(world, htmx=htmx, text=text)
    assert status == 422
    assert message in html
    assert 'id="factor-resources-text_error"' in html
    assert 'aria-describedby="factor-resources-text_error"' in html
    assert not Factor.objects.exists()


def test_it_shows_markup_as_text(world: World) -> None:
    status, _ = post_factor(world, text="<script>alert(1)</script>")
    assert status == 303
    html = text_of(english(world, world.coach).get(url("detail", world.cycle.pk)))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    svg = text_of(english(world, world.coach).get(url("triangle_svg", world.cycle.pk)))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<script>" not in svg


@pytest.mark.parametrize("htmx", [False, True])
def test_it_refuses_a_dimension_that_does_not_exist(world: World, htmx: bool) -> None:
    client = english(world, world.coach)
    status, html = post_factor(world, htmx=htmx, client=client, dimension="feelings")
    if htmx:
        assert status == 422
        assert "Choose one of the three dimensions." in html
    else:
        assert status == 303
        page = text_of(client.get(url("detail", world.cycle.pk)))
        assert "Choose one of the three dimensions." in page
    assert not Factor.objects.exists()


def test_it_refuses_a_polarity_that_does_not_exist(world: World) -> None:
    status, html = post_factor(world, polarity="obstacle")
    assert status == 422
    assert "Select a valid choice. obstacle is not one of the available choices." in html
    assert not Factor.objects.exists()


def test_it_asks_plainly_for_barrier_or_enabler(world: World) -> None:
    status, html = post_factor(world, polarity="")
    assert status == 422
    assert "Choose whether it is a barrier or an enabler, or pick a suggestion." in html
    assert "Choose one of: barrier, enabler." not in html
    assert "autofocus" in html  # the summary takes the focus, with or without JavaScript
    assert not Factor.objects.exists()


def test_it_refuses_a_member_or_entry_from_elsewhere(world: World) -> None:
    stranger = world.other_project.members.create(display_name="Olga", role="professional")
    status, html = post_factor(world, author=stranger.pk)
    assert status == 422
    assert "Select a valid choice." in html
    status, html = post_factor(world, text="", catalogue_entry=999999)
    assert status == 422
    assert not Factor.objects.exists()


def test_it_refuses_anonymous_on_behalf(world: World) -> None:
    status, html = post_factor(
        world, author=world.supporter.pk, on_behalf_of=world.esther.pk, anonymous="on"
    )
    assert status == 422
    assert "A contribution on someone&#x27;s behalf cannot be anonymous." in html
    assert not Factor.objects.exists()


@pytest.fixture
def interaction(world: World) -> tuple[Cycle, Factor, Factor, Factor]:
    """The world's cycle in interaction with two factors, and a factor of another project."""
    coach = world.coach
    mine = [
        factor_create(
            by=coach, cycle=world.cycle, dimension=d, polarity="barrier", text=d, author=world.nurse
        )
        for d in ("resources", "contexts")
    ]
    cycle = cycle_advance(by=coach, cycle=world.cycle)
    other_cycle = cycle_start(by=world.outsider, project=world.other_project)
    other_member = world.other_project.members.create(display_name="Olga", role="professional")
    foreign = factor_create(
        by=world.outsider,
        cycle=other_cycle,
        dimension="resources",
        polarity="barrier",
        text="Elsewhere",
        author=other_member,
    )
    return cycle, mine[0], mine[1], foreign


def test_it_refuses_a_link_to_a_factor_of_another_project(
    world: World, interaction: tuple[Cycle, Factor, Factor, Factor]
) -> None:
    cycle, mine, _, foreign = interaction
    response = english(world, world.coach).post(
        url("link_create", cycle.pk),
        {"factor_a": mine.pk, "factor_b": foreign.pk, "note": "x", "author": world.nurse.pk},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Select a valid choice." in text_of(response)
    assert not Link.objects.exists()


def test_it_refuses_a_link_of_a_factor_with_itself_and_an_empty_note(
    world: World, interaction: tuple[Cycle, Factor, Factor, Factor]
) -> None:
    cycle, mine, _, _ = interaction
    response = english(world, world.coach).post(
        url("link_create", cycle.pk),
        {"factor_a": mine.pk, "factor_b": mine.pk, "note": "", "author": world.nurse.pk},
    )
    html = text_of(response)
    assert response.status_code == 422
    assert "Choose two different factors." in html
    assert "This field cannot be empty." in html
    assert not Link.objects.exists()


def test_it_refuses_a_vote_for_a_factor_of_another_project(
    world: World, interaction: tuple[Cycle, Factor, Factor, Factor]
) -> None:
    cycle, _, _, foreign = interaction
    response = english(world, world.coach).post(
        url("vote_cast", cycle.pk), {"member": world.esther.pk, "factor": foreign.pk}, headers=HTMX
    )
    assert response.status_code == 422
    assert not Vote.objects.exists()


def test_it_says_when_there_is_no_vote_to_take_back(
    world: World, interaction: tuple[Cycle, Factor, Factor, Factor]
) -> None:
    cycle, mine, _, _ = interaction
    response = english(world, world.coach).post(
        url("vote_remove", cycle.pk), {"member": world.esther.pk, "factor": mine.pk}, headers=HTMX
    )
    assert response.status_code == 422
    assert "Esther has no vote on this factor to take back." in text_of(response)


def test_it_refuses_an_action_without_owner_or_with_the_wrong_factors(
    world: World, interaction: tuple[Cycle, Factor, Factor, Factor]
) -> None:
    cycle, mine, _, _ = interaction
    cycle = cycle_advance(by=world.coach, cycle=cycle)
    response = english(world, world.coach).post(
        url("action_create", cycle.pk),
        {
            "kind": "reinforce_enabler",
            "title": "Keep it up",
            "factors": [mine.pk],
            "due": "someday",
            "author": world.nurse.pk,
        },
    )
    html = text_of(response)
    assert response.status_code == 422
    assert "Choose at least one person." in html  # the help text
    assert "Choose at least one owner." in html
    assert "Enter a date as YYYY-MM-DD." in html
    assert "Keep it up" in html  # the input is kept
    assert not Action.objects.exists()


def test_it_takes_a_late_factor_in_the_action_stage(
    world: World, interaction: tuple[Cycle, Factor, Factor, Factor]
) -> None:
    """Structure with freedom (issue 8.11): a barrier that surfaces while actions are planned
    is added then, and an action can answer it at once; the cycle never steps back."""
    cycle, _, _, _ = interaction
    cycle_advance(by=world.coach, cycle=cycle)
    status, _html = post_factor(world, text="Nobody owns the discharge call")
    assert status in (200, 303)
    assert Factor.objects.filter(cycle=cycle).count() == 3
    page = english(world, world.coach).get(url("detail", cycle.pk)).content.decode()
    assert "Add a barrier or an enabler in Resources" in page


@pytest.mark.parametrize(
    ("to", "version", "message"),
    [
        ("action", 1, "From Reaction the cycle can only move on to Interaction."),
        ("closed", 1, "From Reaction the cycle can only move on to Interaction."),
        ("interaction", 7, "The cycle has already moved on. Reload to see where it is."),
        ("interaction", "", "The page was out of date. Look where the cycle is now."),
    ],
)
def test_it_refuses_a_stage_move_it_does_not_allow(
    world: World, to: str, version: object, message: str
) -> None:
    coach = english(world, world.coach)
    response = coach.post(url("advance", world.cycle.pk), {"to": to, "version": version})
    assert response.status_code == 303
    html = text_of(coach.get(response["Location"]))
    assert message in html
    world.cycle.refresh_from_db()
    assert (world.cycle.stage, world.cycle.version) == ("reaction", 1)


def test_it_refuses_a_second_open_cycle_and_bad_vote_numbers(world: World) -> None:
    coach = english(world, world.coach)
    response = coach.post(url("start", world.project.pk), {"votes_per_member": "3"})
    assert response.status_code == 303
    assert response["Location"] == url("detail", world.cycle.pk)
    assert "Close the current cycle before starting a new one." in text_of(
        coach.get(response["Location"])
    )
    response = coach.post(url("start", world.project.pk), {"votes_per_member": "99"})
    assert response["Location"] == reverse("projects:detail", args=[world.project.pk])
    assert Cycle.objects.filter(project=world.project).count() == 1
