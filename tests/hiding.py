"""Scenes for the hiding tests (the cycle's side and the workshop screens): contributions a
coach would hide, whose words must then leave every screen."""

from __future__ import annotations

from powertriangle.cycles.models import Action, Cycle, Factor, Link
from powertriangle.cycles.services.actions import action_create
from powertriangle.cycles.services.contributions import factor_create, link_create
from powertriangle.cycles.services.cycles import cycle_advance
from tests.conftest import World
from tests.history import coach_factor, coach_link

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


RUDE_FACTOR = "Zebulon the night nurse is lazy"


RUDE_LINK_NOTE = "Because Zebulon is lazy, the kitchen is never calm"


def cycle_with_rude_factor_link(world: World) -> tuple[Cycle, Factor, Link]:
    """A rude barrier linked (across dimensions) to a harmless enabler, in the interaction
    stage; the link's note repeats the barrier's words."""
    rude = coach_factor(world, RUDE_FACTOR, author=world.relative, anonymous=True)
    calm = coach_factor(world, "A calm kitchen", "contexts", "enabler", author=world.esther)
    cycle = cycle_advance(by=world.coach, cycle=world.cycle)
    link = coach_link(world, cycle, calm, rude, RUDE_LINK_NOTE, author=world.esther)
    return cycle, rude, link
