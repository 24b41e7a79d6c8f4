"""A project's history made through the services, as the coach enters it: factors and actions
with the usual values filled in, and one whole cycle reviewed in the next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link
from powertriangle.cycles.services.actions import action_create
from powertriangle.cycles.services.contributions import factor_create, link_create
from powertriangle.cycles.services.cycles import cycle_advance, cycle_start
from powertriangle.cycles.services.release import release_due
from powertriangle.projects.models import Member
from tests.conftest import World


def coach_factor(
    world: World,
    text: str,
    dimension: str = "resources",
    polarity: str = "barrier",
    *,
    cycle: Cycle | None = None,
    **extra: Any,
) -> Factor:
    """A factor said in `cycle` (the world's first by default); `extra`: the author and the rest."""
    return factor_create(
        by=world.coach,
        cycle=cycle or world.cycle,
        dimension=dimension,
        polarity=polarity,
        text=text,
        **extra,
    )


def coach_action(
    world: World,
    cycle: Cycle,
    title: str,
    *,
    factors: list[Factor],
    owners: list[Member],
    kind: str = "handle_barrier",
    **extra: Any,
) -> Action:
    return action_create(
        by=world.coach,
        cycle=cycle,
        kind=kind,
        title=title,
        factors=factors,
        owners=owners,
        **extra,
    )


def coach_link(
    world: World, cycle: Cycle, factor_a: Factor, factor_b: Factor, note: str, **extra: Any
) -> Link:
    return link_create(
        by=world.coach, cycle=cycle, factor_a=factor_a, factor_b=factor_b, note=note, **extra
    )


@dataclass
class Reviewed:
    """The world's project after one whole cycle: `first` closed, `second` open and reviewing
    the first cycle's action."""

    first: Cycle
    second: Cycle
    factor: Factor  # a barrier, answered by the action
    other_factor: Factor  # an enabler, linked to the barrier
    action: Action
    review: ActionReview


def one_cycle_reviewed(world: World) -> Reviewed:
    coach = world.coach
    barrier = coach_factor(world, "Short visits", author=world.esther)
    enabler = coach_factor(world, "A calm kitchen", "contexts", "enabler", author=world.relative)
    cycle = cycle_advance(by=coach, cycle=world.cycle)
    coach_link(world, cycle, barrier, enabler, "Calm needs time", author=world.nurse)
    cycle = cycle_advance(by=coach, cycle=cycle)
    answer = coach_action(
        world,
        cycle,
        "Longer visits on Mondays",
        factors=[barrier],
        owners=[world.esther],
        author=world.coach_member,
    )
    first = cycle_advance(by=coach, cycle=cycle)
    second = cycle_start(by=coach, project=world.project)
    review = ActionReview.objects.get(cycle=second)
    return Reviewed(first, second, barrier, enabler, answer, review)


def release() -> int:
    """Release what anonymous people said at once, as the server's releaser does every few
    seconds (cycles.services.release): until then it reaches no screen, page or answer."""
    return release_due(everything=True)
