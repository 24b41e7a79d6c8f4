"""A whole cycle through the services, on the real database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from powertriangle.core.errors import ConflictError
from powertriangle.cycles.models import ActionReview, Factor
from powertriangle.cycles.selectors import metrics_for_cycle
from powertriangle.cycles.services.actions import action_update_status, review_update
from powertriangle.cycles.services.contributions import vote_cast
from powertriangle.cycles.services.cycles import cycle_advance, cycle_start
from powertriangle.triangle.model import RoleGroup
from tests.conftest import World
from tests.history import coach_action, coach_factor, coach_link


def test_it_runs_a_cycle_and_opens_the_next_with_a_review(world: World) -> None:
    coach, cycle = world.coach, world.cycle
    barrier = coach_factor(world, "Too little time with each person", author=world.esther)
    enabler = coach_factor(
        world,
        "We take her word seriously",
        "discourses",
        "enabler",
        author=world.supporter,
        on_behalf_of=world.esther,
    )
    assert enabler.voice_group == RoleGroup.CARE_RECEIVERS
    cycle = cycle_advance(by=coach, cycle=cycle, to="interaction")
    coach_link(
        world, cycle, enabler, barrier, "Listening takes time we do not have", author=world.nurse
    )
    vote_cast(by=coach, cycle=cycle, factor=barrier, member=world.relative)
    cycle = cycle_advance(by=coach, cycle=cycle)
    action = coach_action(
        world,
        cycle,
        "Book 20 minutes a week",
        factors=[barrier],
        owners=[world.relative, world.nurse],
        author=world.coach_member,
    )
    metrics = metrics_for_cycle(cycle)
    assert metrics.uptake == 1.0
    assert metrics.ownership == 1.0
    action_update_status(by=coach, action=action, status="done", version=action.version)
    cycle = cycle_advance(by=coach, cycle=cycle)
    assert cycle.stage == "closed"
    second = cycle_start(by=coach, project=world.project)
    review = ActionReview.objects.get(cycle=second)
    assert review.status == "done"
    assert second.number == 2
    review_update(by=coach, review=review, status="done", note="It helped", version=review.version)
    with pytest.raises(ConflictError):
        review_update(by=coach, review=review, status="dropped", note="stale", version=1)
    assert metrics_for_cycle(second).follow_through == 1.0


def test_it_refuses_moves_the_model_does_not_allow(world: World) -> None:
    with pytest.raises(ValidationError):
        cycle_advance(by=world.coach, cycle=world.cycle, to="action")
    with pytest.raises(ValidationError):
        cycle_start(by=world.coach, project=world.project)
    assert Factor.objects.count() == 0
