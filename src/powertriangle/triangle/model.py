"""Vocabulary of the model (Ärleskog, Vackerberg & Andersson 2021) and the cycle rules."""

from __future__ import annotations

from enum import StrEnum


class Dimension(StrEnum):
    """Franzén's three power dimensions; they interact and are never handled one at a time."""

    RESOURCES = "resources"
    DISCOURSES = "discourses"
    CONTEXTS = "contexts"


class Polarity(StrEnum):
    BARRIER = "barrier"
    ENABLER = "enabler"


class Level(StrEnum):
    """Where a factor sits; optional on a factor."""

    PERSON = "person"
    UNIT = "unit"
    ORGANISATION = "organisation"


class Stage(StrEnum):
    """The three-step cycle toward action, plus the closed state of a finished cycle."""

    REACTION = "reaction"
    INTERACTION = "interaction"
    ACTION = "action"
    CLOSED = "closed"


class Role(StrEnum):
    PERSON_IN_NEED_OF_CARE = "person_in_need_of_care"
    RELATIVE = "relative"
    PROFESSIONAL = "professional"
    COACH = "coach"
    MANAGER = "manager"
    SUPPORTER = "supporter"


class RoleGroup(StrEnum):
    """Groups for voice balance. UNDISCLOSED is an anonymous contribution whose group
    could identify its author (fewer than k present members share it)."""

    CARE_RECEIVERS = "care_receivers"
    PROFESSIONALS = "professionals"
    UNDISCLOSED = "undisclosed"


class ActionKind(StrEnum):
    HANDLE_BARRIER = "handle_barrier"
    REINFORCE_ENABLER = "reinforce_enabler"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    DOING = "doing"
    DONE = "done"
    DROPPED = "dropped"


DIMENSION_PAIRS: tuple[tuple[Dimension, Dimension], ...] = (
    (Dimension.RESOURCES, Dimension.DISCOURSES),
    (Dimension.DISCOURSES, Dimension.CONTEXTS),
    (Dimension.CONTEXTS, Dimension.RESOURCES),
)

# The three steps of a cycle, in order (a closed cycle has taken them all).
CYCLE_STAGES: tuple[Stage, Stage, Stage] = (Stage.REACTION, Stage.INTERACTION, Stage.ACTION)

_NEXT_STAGE: dict[Stage, Stage] = {
    Stage.REACTION: Stage.INTERACTION,
    Stage.INTERACTION: Stage.ACTION,
    Stage.ACTION: Stage.CLOSED,
}

CARE_RECEIVER_ROLES = frozenset({Role.PERSON_IN_NEED_OF_CARE, Role.RELATIVE})


class TransitionError(ValueError):
    """A stage move the model does not allow."""


def next_stage(current: Stage) -> Stage:
    """The only stage a cycle may move to from `current`; raises TransitionError when closed."""
    try:
        return _NEXT_STAGE[current]
    except KeyError:
        raise TransitionError(f"a {current.value} cycle cannot move on") from None


def role_group(role: Role) -> RoleGroup:
    """Supporters count in the professionals' group when they speak for themselves; when they
    contribute on behalf of someone, the contribution takes that person's role instead."""
    return RoleGroup.CARE_RECEIVERS if role in CARE_RECEIVER_ROLES else RoleGroup.PROFESSIONALS


def dimension_pair(a: Dimension, b: Dimension) -> tuple[Dimension, Dimension] | None:
    """The canonical pair for a link between two dimensions, or None for a link within one."""
    if a == b:
        return None
    for pair in DIMENSION_PAIRS:
        if {a, b} == set(pair):
            return pair
    raise AssertionError("unreachable: three dimensions form three pairs")


class ContributionKind(StrEnum):
    FACTOR = "factor"
    LINK = "link"
    VOTE = "vote"
    ACTION = "action"


# Structure with freedom (the paper's "balance between structure and freedom"): each stage has
# its main work, but a factor noticed while reflecting on interaction, or a link seen while
# planning actions, is still welcome. A barrier that surfaces only while actions are planned
# may be added then too, and answered by an action at once: the cycle never steps back (the
# next cycle begins with reaction), so the late factor is not lost to the next one.
_ALLOWED: dict[Stage, frozenset[ContributionKind]] = {
    Stage.REACTION: frozenset({ContributionKind.FACTOR}),
    Stage.INTERACTION: frozenset(
        {ContributionKind.FACTOR, ContributionKind.LINK, ContributionKind.VOTE}
    ),
    Stage.ACTION: frozenset(
        {
            ContributionKind.FACTOR,
            ContributionKind.LINK,
            ContributionKind.VOTE,
            ContributionKind.ACTION,
        }
    ),
    Stage.CLOSED: frozenset(),
}


def may_contribute(stage: Stage, kind: ContributionKind) -> bool:
    """Whether a contribution of `kind` may be added while a cycle is in `stage`."""
    return kind in _ALLOWED[stage]


def action_fits_factors(kind: ActionKind, polarities: set[Polarity]) -> bool:
    """An action handles a barrier or reinforces an enabler: when it is linked to factors,
    at least one of them must have the matching polarity."""
    if not polarities:
        return True
    wanted = Polarity.BARRIER if kind == ActionKind.HANDLE_BARRIER else Polarity.ENABLER
    return wanted in polarities


def link_shown(*, link_hidden: bool, factor_a_hidden: bool, factor_b_hidden: bool) -> bool:
    """A link is shown while neither it nor either of its factors is hidden: a hidden factor's
    words never come back through a link, and its links come back with it (unless hidden too)."""
    return not (link_hidden or factor_a_hidden or factor_b_hidden)
