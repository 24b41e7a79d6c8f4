"""The stage part: where the cycle is (the track of its three steps), what the stage is for, what
comes next, and the plain hint of each dimension. From the paper's three-step cycle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.core.choices import StageChoice
from powertriangle.triangle.model import CYCLE_STAGES, Dimension, Stage, TransitionError, next_stage


def stage_purpose(stage: Stage) -> str:
    """One plain sentence on what the stage is for."""
    if stage == Stage.REACTION:
        return _(
            "Notice and react: name the barriers and the enablers you see in each of the three "
            "dimensions."
        )
    if stage == Stage.INTERACTION:
        return _(
            "Reflect together on how the dimensions affect each other: link factors and choose "
            "what matters most. You cannot co-produce without interaction."
        )
    if stage == Stage.ACTION:
        return _(
            "Act: decide what to do to handle a barrier or to reinforce an enabler, and who "
            "takes care of it."
        )
    return _(
        "This cycle is finished. The next cycle begins again with reaction, building on what "
        "you have learnt."
    )


HINTS: dict[Dimension, Promise] = {
    Dimension.RESOURCES: gettext_lazy(
        "What people can draw on: time, staff, money, knowledge of the person, and others who "
        "help them take part."
    ),
    Dimension.DISCOURSES: gettext_lazy(
        "Attitudes and beliefs: how we see the person and each other, and what we take for granted."
    ),
    Dimension.CONTEXTS: gettext_lazy(
        "Where it happens and what that means: the unit, the organisation and the "
        "relationships around them."
    ),
}


def dimension_hint(dimension: Dimension) -> str:
    return str(HINTS[dimension])


def stage_label(stage: Stage) -> str:
    return str(StageChoice(stage.value).label)


class TrackStep(NamedTuple):  # a tuple: templates unpack it ({% for value, label, current %})
    value: str
    label: str
    current: bool


@dataclass(frozen=True)
class StagePart:
    value: str
    label: str
    purpose: str
    number: int  # 1–3 for the three steps, 0 once closed
    track: tuple[TrackStep, ...]
    next_value: str  # "" once closed
    next_label: str


def following(stage: Stage) -> Stage | None:
    try:
        return next_stage(stage)
    except TransitionError:
        return None


def track(stage: Stage, *, with_closed: bool) -> tuple[TrackStep, ...]:
    steps = (*CYCLE_STAGES, Stage.CLOSED) if with_closed else CYCLE_STAGES
    return tuple(TrackStep(s.value, stage_label(s), s == stage) for s in steps)


def stage_part(stage: Stage, *, with_closed: bool = True) -> StagePart:
    """The stage header; `with_closed`: the track shows "closed" as a fourth step."""
    after = following(stage)
    return StagePart(
        value=stage.value,
        label=stage_label(stage),
        purpose=stage_purpose(stage),
        number=CYCLE_STAGES.index(stage) + 1 if stage in CYCLE_STAGES else 0,
        track=track(stage, with_closed=with_closed),
        next_value=after.value if after is not None else "",
        next_label=stage_label(after) if after is not None else "",
    )
