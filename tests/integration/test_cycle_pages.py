"""The cycle workspace through the real test client and database: a whole cycle in English,
from reaction to the review in the next cycle, and the page read in a fixed number of queries."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from powertriangle.catalogue.models import CatalogueEntry
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link, Vote
from tests.conftest import World
from tests.integration.cycle_client import advance, english, speaker, text_of, url


def test_it_runs_a_whole_cycle_through_the_pages(world: World) -> None:
    coach, cycle = english(world, world.coach), world.cycle
    page = coach.get(url("detail", cycle.pk))
    html = text_of(page)
    assert page.status_code == 200
    assert "Cycle 1" in html
    assert world.project.esther_question in html
    assert re.search(r'aria-current="step"><span class="stage-name">Reaction<', html)
    assert "Every question can be skipped; your own words are always welcome." in html
    assert reverse("projects:detail", args=[world.project.pk]) in html

    # Reaction: a factor picked from the catalogue, one in own words on someone's behalf,
    # and two anonymous ones.
    entry = CatalogueEntry.objects.filter(
        catalogue=catalogue_for_organisation(world.unit), dimension="resources", polarity="barrier"
    ).first()
    assert entry is not None
    picked = coach.post(
        url("factor_create", cycle.pk),
        {"dimension": "resources", "catalogue_entry": entry.pk, **speaker(world.nurse)},
    )
    assert picked.status_code == 303
    assert picked["Location"].endswith("#dimension-resources")
    barrier = Factor.objects.get(catalogue_entry=entry)
    assert (barrier.polarity, barrier.text, barrier.author) == (
        "barrier",
        entry.text_en,
        world.nurse,
    )

    coach.post(
        url("factor_create", cycle.pk),
        {
            "dimension": "discourses",
            "polarity": "enabler",
            "text": "We ask Esther first",
            "level": "unit",
            **speaker(world.supporter, on_behalf_of=world.esther.pk),
        },
    )
    enabler = Factor.objects.get(text="We ask Esther first")
    assert (enabler.author, enabler.on_behalf_of, enabler.voice_group) == (
        world.supporter,
        world.esther,
        "care_receivers",
    )
    coach.post(
        url("factor_create", cycle.pk),
        {
            "dimension": "contexts",
            "polarity": "barrier",
            "text": "Plans stay at the hospital",
            **speaker(world.esther, anonymous="on"),
        },
    )
    coach.post(
        url("factor_create", cycle.pk),
        {
            "dimension": "contexts",
            "polarity": "enabler",
            "text": "The unit meets weekly",
            **speaker(world.nurse, anonymous="on"),
        },
    )
    hidden_author = Factor.objects.get(text="Plans stay at the hospital")
    assert (hidden_author.author, hidden_author.voice_group) == (None, "undisclosed")
    html = text_of(coach.get(url("detail", cycle.pk)))
    assert "Esther (with support from Sara)" in html
    assert "Esther (with support from Sara) · level: " in html  # a level says what it is
    assert "Anonymous, a professional" in html  # three professionals are present
    assert "Anonymous, a care receiver" not in html  # only two care receivers: undisclosed
    assert "1 anonymous contribution is left out of the voice figures" in html

    # Interaction: a link across dimensions and dot votes up to the limit.
    cycle = advance(coach, cycle, "interaction")
    response = coach.post(
        url("link_create", cycle.pk),
        {
            "factor_a": barrier.pk,
            "factor_b": enabler.pk,
            "note": "Asking takes time",
            **speaker(world.relative),
        },
    )
    assert response.status_code == 303
    assert Link.objects.filter(cycle=cycle, note="Asking takes time").exists()
    html = text_of(coach.get(url("detail", cycle.pk)))
    assert "across dimensions: Resources ↔ Discourses" in html
    for _ in range(3):
        vote = coach.post(
            url("vote_cast", cycle.pk), {"member": world.esther.pk, "factor": enabler.pk}
        )
        assert vote.status_code == 303
    over = coach.post(url("vote_cast", cycle.pk), {"member": world.esther.pk, "factor": barrier.pk})
    assert over.status_code == 422
    assert "Esther has used all 3 votes in this cycle." in text_of(over)
    assert Vote.objects.filter(member=world.esther).count() == 3
    coach.post(url("vote_remove", cycle.pk), {"member": world.esther.pk, "factor": enabler.pk})
    html = text_of(coach.get(url("detail", cycle.pk)))
    assert "Esther has 1 of 3 votes left" in html

    # Action: an action that handles the barrier, owned by the relative.
    cycle = advance(coach, cycle, "action")
    response = coach.post(
        url("action_create", cycle.pk),
        {
            "kind": "handle_barrier",
            "title": "Book twenty minutes a week",
            "factors": [barrier.pk],
            "owners": [world.relative.pk, world.nurse.pk],
            "due": "2030-01-31",
            **speaker(world.coach_member),
        },
    )
    assert response.status_code == 303
    action = Action.objects.get(title="Book twenty minutes a week")
    assert str(action.due) == "2030-01-31"
    assert set(action.owners.all()) == {world.relative, world.nurse}
    response = coach.post(
        url("action_status", cycle.pk, action.pk), {"status": "doing", "version": action.version}
    )
    assert response.status_code == 303
    action.refresh_from_db()
    assert action.status == "doing"
    html = text_of(coach.get(url("detail", cycle.pk)))
    assert "100 % of the actions have a care receiver among their owners." in html
    assert "100 % of the actions build on at least one factor raised by care receivers." not in html

    # Close, start the next cycle from the closed page, and review the action there.
    cycle = advance(coach, cycle, "closed")
    html = text_of(coach.get(url("detail", cycle.pk)))
    assert "This cycle is closed." in html
    assert "Start cycle 2" in html
    assert 'action="' + url("link_create", cycle.pk) not in html  # nothing to add any more
    started = coach.post(url("start", world.project.pk), {"votes_per_member": "2"})
    second = Cycle.objects.get(project=world.project, number=2)
    assert started.status_code == 303
    assert started["Location"] == url("detail", second.pk)
    assert second.votes_per_member == 2
    html = text_of(coach.get(url("detail", cycle.pk)))
    assert "Go to cycle 2" in html
    assert url("action_status", cycle.pk, action.pk) not in html  # reviewed in cycle 2 instead
    review = ActionReview.objects.get(cycle=second)
    html = text_of(coach.get(url("detail", second.pk)))
    assert "Looking back: how did the actions go?" in html
    assert "Book twenty minutes a week" in html
    assert "The previous cycle had no actions to follow up." not in html
    # Before any review is saved, no follow-through figure ("0 %" would say nothing was done).
    assert "of the previous cycle&#x27;s actions are marked as done" not in html
    response = coach.post(
        url("review_update", second.pk, review.pk),
        {"status": "done", "note": "It helped Esther", "version": review.version},
    )
    assert response.status_code == 303
    review.refresh_from_db()
    action.refresh_from_db()
    assert (review.status, review.note, review.reviewed, action.status) == (
        "done",
        "It helped Esther",
        True,
        "done",
    )
    html = text_of(coach.get(url("detail", second.pk)))
    assert "100 % of the previous cycle&#x27;s actions are marked as done in the review." in html


def test_it_reads_the_page_in_a_fixed_number_of_queries(world: World) -> None:
    coach = english(world, world.coach)

    def add(n: int) -> None:
        for i in range(n):
            coach.post(
                url("factor_create", world.cycle.pk),
                {
                    "dimension": ("resources", "discourses", "contexts")[i % 3],
                    "polarity": ("barrier", "enabler")[i % 2],
                    "text": f"Factor {i}",
                    **speaker(world.supporter, on_behalf_of=world.esther.pk),
                },
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coach.get(url("detail", world.cycle.pk)).status_code == 200
        return len(captured.captured_queries)

    add(3)
    few = queries()
    add(12)
    assert queries() <= few
