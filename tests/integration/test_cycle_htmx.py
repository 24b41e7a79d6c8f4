"""The cycle workspace with htmx: each answer is the changed section (plus the triangle and the
figures out of band), errors keep the input, and stale versions are reported without losing it."""

from __future__ import annotations

import re

from django.test import Client

from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor
from powertriangle.projects.models import Member
from tests.conftest import World
from tests.integration.cycle_client import HTMX, advance, english, speaker, text_of, url


def test_it_answers_htmx_with_the_section_and_updates_the_triangle(world: World) -> None:
    coach, cycle = english(world, world.coach), world.cycle
    response = coach.post(
        url("factor_create", cycle.pk),
        {
            "dimension": "contexts",
            "polarity": "barrier",
            "text": "No shared plan",
            **speaker(world.relative),
        },
        headers=HTMX,
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="dimension-contexts"')
    assert "No shared plan" in html
    assert "Added to Contexts: “No shared plan”" in html
    assert 'name="text"' in html
    assert "No shared plan</textarea>" not in html  # the form is reset
    assert re.search(r'<figure id="triangle"[^>]*hx-swap-oob="true"', html)
    assert re.search(r'<section id="metrics"[^>]*hx-swap-oob="true"', html)
    assert html.count('class="dot dot-barrier"') == 1


def test_it_keeps_the_input_and_shows_errors_in_the_htmx_fragment(world: World) -> None:
    coach, cycle = english(world, world.coach), world.cycle
    response = coach.post(
        url("factor_create", cycle.pk),
        {"dimension": "resources", "polarity": "", "text": "Too little time", **speaker()},
        headers=HTMX,
    )
    html = text_of(response)
    assert response.status_code == 422
    assert html.lstrip().startswith('<section id="dimension-resources"')
    assert "Choose who is speaking, or make it anonymous." in html
    assert "Too little time</textarea>" in html
    assert 'aria-invalid="true"' in html
    assert "hx-swap-oob" not in html
    assert not Factor.objects.exists()


def _said(
    coach: Client, world: World, text: str, member: Member, polarity: str = "barrier"
) -> None:
    """A factor about resources, entered on the page without htmx."""
    coach.post(
        url("factor_create", world.cycle.pk),
        {"dimension": "resources", "polarity": polarity, "text": text, **speaker(member)},
    )


def test_it_votes_with_htmx_and_answers_with_only_what_changed(world: World) -> None:
    coach = english(world, world.coach)
    _said(coach, world, "Sven knows the routines", world.relative, "enabler")
    _said(coach, world, "Too little time", world.nurse)
    cycle = advance(coach, world.cycle, "interaction")
    factor = Factor.objects.get(text="Sven knows the routines")
    other = Factor.objects.get(text="Too little time")
    response = coach.post(
        url("vote_cast", cycle.pk), {"member": world.relative.pk, "factor": factor.pk}, headers=HTMX
    )
    html = text_of(response)
    assert response.status_code == 200
    # Nothing is swapped in place: the form, with the chosen member, stays as it is.
    assert response["HX-Reswap"] == "none"
    assert "<form" not in html
    assert "<select" not in html
    assert re.search(r'<div id="votes-status" data-hx-swap-oob="true">', html)
    assert "Sven voted for “Sven knows the routines”" in html
    assert "Sven has 2 of 3 votes left" in html
    row = re.search(rf'<tr id="vote-row-{factor.pk}" data-hx-swap-oob="true">.*?</tr>', html, re.S)
    assert row is not None
    assert '<td class="vote-number">1</td>' in row.group(0)
    assert f'id="vote-remove-{factor.pk}"' in row.group(0)  # now there is a vote to take back
    assert re.search(
        rf'<span class="vote-count" id="factor-votes-{factor.pk}" data-hx-swap-oob="true">'
        r" · 1 vote</span>",
        html,
    )
    assert str(other.pk) not in html  # the other factor did not change
    assert len(response.content) < 5_000
    # Taken back: the row loses its "− vote", the line its count.
    back = text_of(
        coach.post(
            url("vote_remove", cycle.pk),
            {"member": world.relative.pk, "factor": factor.pk},
            headers=HTMX,
        )
    )
    assert "Sven has 3 of 3 votes left" in back
    assert f'id="vote-remove-{factor.pk}"' not in back
    assert f'id="factor-votes-{factor.pk}" data-hx-swap-oob="true"></span>' in back
    # The page shows the same markup as the answers.
    page = text_of(coach.get(url("detail", cycle.pk)))
    assert f'<span class="vote-count" id="factor-votes-{factor.pk}"></span>' in page
    assert f'<tr id="vote-row-{factor.pk}">' in page


def _action_planned(world: World, coach: Client) -> tuple[Cycle, Action]:
    """Through the pages: the nurse's barrier, then in the action stage a plan that answers it."""
    _said(coach, world, "Short visits", world.nurse)
    advance(coach, world.cycle, "interaction")
    cycle = advance(coach, world.cycle, "action")
    coach.post(
        url("action_create", cycle.pk),
        {
            "kind": "handle_barrier",
            "title": "Longer visits",
            "owners": [world.esther.pk],
            "factors": [Factor.objects.get().pk],
            **speaker(world.nurse),
        },
    )
    return cycle, Action.objects.get()


def test_it_reports_a_conflict_on_a_status_and_keeps_the_choice(world: World) -> None:
    coach = english(world, world.coach)
    cycle, action = _action_planned(world, coach)
    first = coach.post(url("action_status", cycle.pk, action.pk), {"status": "doing", "version": 1})
    assert first.status_code == 303
    stale = coach.post(
        url("action_status", cycle.pk, action.pk), {"status": "dropped", "version": 1}, headers=HTMX
    )
    html = text_of(stale)
    assert stale.status_code == 409
    assert "Someone else changed this action while you were looking" in html
    assert '<option value="dropped" selected>' in html
    assert f'name="version" value="{action.version + 1}"' in html
    action.refresh_from_db()
    assert action.status == "doing"


def test_it_keeps_the_review_note_when_someone_else_saved_first(world: World) -> None:
    coach = english(world, world.coach)
    cycle, _ = _action_planned(world, coach)
    advance(coach, cycle, "closed")
    coach.post(url("start", world.project.pk))
    second = Cycle.objects.get(number=2)
    review = ActionReview.objects.get()
    saved = coach.post(
        url("review_update", second.pk, review.pk),
        {"status": "doing", "note": "Half way", "version": review.version},
        headers=HTMX,
    )
    assert saved.status_code == 200
    assert text_of(saved).lstrip().startswith(f'<li id="review-{review.pk}"')
    stale = coach.post(
        url("review_update", second.pk, review.pk),
        {"status": "done", "note": "My own words", "version": review.version},
        headers=HTMX,
    )
    html = text_of(stale)
    assert stale.status_code == 409
    assert "Someone else changed this review while you were looking" in html
    assert "My own words</textarea>" in html
    assert '<option value="done" selected>' in html
    review.refresh_from_db()
    assert (review.status, review.note) == ("doing", "Half way")


def test_it_records_who_is_here_and_updates_the_figures(world: World) -> None:
    coach = english(world, world.coach)
    _said(coach, world, "Short visits", world.esther)
    response = coach.post(
        url("attendance", world.cycle.pk),
        {"members": [world.esther.pk, world.nurse.pk]},
        headers=HTMX,
    )
    html = text_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="attendance"')
    assert "Saved: 2 people are here." in html
    assert re.search(r'<section id="metrics"[^>]*hx-swap-oob="true"', html)
    assert "while being 50 % of those present" in html
    assert set(world.cycle.present.all()) == {world.esther, world.nurse}
    foreign = world.other_project.members.create(display_name="Olga", role="professional")
    refused = coach.post(url("attendance", world.cycle.pk), {"members": [foreign.pk]})
    assert refused.status_code == 422
    assert set(world.cycle.present.all()) == {world.esther, world.nurse}
