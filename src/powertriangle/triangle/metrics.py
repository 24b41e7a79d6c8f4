"""Making power visible: the metrics of DESIGN.md §4 as pure functions over plain data.

The Django layer builds a `CycleFacts` per cycle (role groups already resolved, anonymous
contributions passed through `anonymous_group`); every ratio here is `float | None`, where
None means "not enough data" (the denominator is 0) and is never shown as 0.
Metrics summed over cycles or across projects are `cycle_metrics(combine(facts))`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from powertriangle.triangle.model import (
    DIMENSION_PAIRS,
    Dimension,
    Polarity,
    RoleGroup,
    dimension_pair,
)

VOICE_GROUPS: tuple[RoleGroup, RoleGroup] = (RoleGroup.CARE_RECEIVERS, RoleGroup.PROFESSIONALS)


@dataclass(frozen=True)
class FactorFacts:
    id: int
    dimension: Dimension
    polarity: Polarity
    group: RoleGroup


@dataclass(frozen=True)
class LinkFacts:
    dimension_a: Dimension
    dimension_b: Dimension
    group: RoleGroup


@dataclass(frozen=True)
class ActionFacts:
    factor_ids: frozenset[int]
    owner_groups: frozenset[RoleGroup]
    group: RoleGroup


@dataclass(frozen=True)
class CycleFacts:
    """What one cycle (or several, combined) holds. `present` has one entry per member present."""

    present: tuple[RoleGroup, ...]
    factors: tuple[FactorFacts, ...]
    links: tuple[LinkFacts, ...]
    actions: tuple[ActionFacts, ...]
    previous_actions: int = 0
    previous_done_at_review: int = 0

    def __post_init__(self) -> None:
        if RoleGroup.UNDISCLOSED in self.present:
            raise ValueError("a present member is a care receiver or a professional")
        if not 0 <= self.previous_done_at_review <= self.previous_actions:
            raise ValueError("need 0 <= previous_done_at_review <= previous_actions")
        _check_unique_ids(self.factors)


def _check_unique_ids(factors: Iterable[FactorFacts]) -> None:
    clash = sorted(i for i, n in Counter(f.id for f in factors).items() if n > 1)
    if clash:
        raise ValueError(f"factor ids must be unique, repeated: {clash}")


def _ratio(numerator: int | float, denominator: int | float) -> float | None:
    return None if denominator == 0 else numerator / denominator


def anonymous_group(group: RoleGroup, present: Sequence[RoleGroup], k: int = 3) -> RoleGroup:
    """The group, kept only if at least k present members share it; otherwise UNDISCLOSED."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if group is RoleGroup.UNDISCLOSED:
        return group
    return group if sum(1 for g in present if g == group) >= k else RoleGroup.UNDISCLOSED


@dataclass(frozen=True)
class VoiceFigures:
    group: RoleGroup
    contributions: int
    voice_share: float | None
    presence_share: float | None
    voice_ratio: float | None


# A voice ratio in this band: heard in proportion to the group's share of those present.
PROPORTION_BAND = (0.9, 1.1)


class Heard(StrEnum):
    LESS = "less"  # than their share of those present
    IN_PROPORTION = "in_proportion"
    MORE = "more"


def heard(voice_ratio: float) -> Heard:
    """How a group is heard, from its voice ratio (voice share ÷ presence share)."""
    low, high = PROPORTION_BAND
    if voice_ratio < low:
        return Heard.LESS
    if voice_ratio > high:
        return Heard.MORE
    return Heard.IN_PROPORTION


def _contribution_groups(facts: CycleFacts) -> list[RoleGroup]:
    return [
        *(f.group for f in facts.factors),
        *(link.group for link in facts.links),
        *(a.group for a in facts.actions),
    ]


def voice(facts: CycleFacts) -> dict[RoleGroup, VoiceFigures]:
    """Voice share, presence share and their ratio per voice group; None = nothing to divide by."""
    counted = Counter(_contribution_groups(facts))
    attributed = sum(n for g, n in counted.items() if g is not RoleGroup.UNDISCLOSED)
    present = Counter(facts.present)
    result: dict[RoleGroup, VoiceFigures] = {}
    for group in VOICE_GROUPS:
        voice_share = _ratio(counted[group], attributed)
        presence_share = _ratio(present[group], len(facts.present))
        ratio = (
            None
            if voice_share is None or not presence_share  # None or 0.0
            else voice_share / presence_share
        )
        result[group] = VoiceFigures(group, counted[group], voice_share, presence_share, ratio)
    return result


def undisclosed_count(facts: CycleFacts) -> int:
    """Contributions (factors, links, actions) left out of voice metrics as undisclosed."""
    return sum(1 for g in _contribution_groups(facts) if g is RoleGroup.UNDISCLOSED)


def uptake(facts: CycleFacts) -> float | None:
    """Share of actions linked to ≥ 1 factor raised by care receivers; None without actions.

    Factors counted as undisclosed do not count as raised by care receivers."""
    theirs = {f.id for f in facts.factors if f.group is RoleGroup.CARE_RECEIVERS}
    return _ratio(sum(1 for a in facts.actions if a.factor_ids & theirs), len(facts.actions))


def ownership(facts: CycleFacts) -> float | None:
    """Share of actions with a care receiver among their owners; None without actions."""
    owned = sum(1 for a in facts.actions if RoleGroup.CARE_RECEIVERS in a.owner_groups)
    return _ratio(owned, len(facts.actions))


def dimension_counts(facts: CycleFacts) -> dict[Dimension, dict[Polarity, int]]:
    """Number of factors per dimension and polarity, zeros included."""
    counts = {d: dict.fromkeys(Polarity, 0) for d in Dimension}
    for f in facts.factors:
        counts[f.dimension][f.polarity] += 1
    return counts


def dimension_balance(facts: CycleFacts) -> dict[Dimension, float | None]:
    """Enablers ÷ (barriers + enablers) per dimension; None for a dimension without factors."""
    return {
        d: _ratio(c[Polarity.ENABLER], c[Polarity.BARRIER] + c[Polarity.ENABLER])
        for d, c in dimension_counts(facts).items()
    }


def coverage(facts: CycleFacts) -> int:
    """Number of dimensions (0..3) with at least one factor."""
    return len({f.dimension for f in facts.factors})


def interaction_coverage(facts: CycleFacts) -> dict[tuple[Dimension, Dimension], int]:
    """Links per dimension pair (keys: DIMENSION_PAIRS); links within one dimension excluded."""
    counts = dict.fromkeys(DIMENSION_PAIRS, 0)
    for link in facts.links:
        pair = dimension_pair(link.dimension_a, link.dimension_b)
        if pair is not None:
            counts[pair] += 1
    return counts


def within_dimension_links(facts: CycleFacts) -> int:
    """Links between two factors of the same dimension."""
    return sum(1 for link in facts.links if link.dimension_a == link.dimension_b)


def follow_through(facts: CycleFacts) -> float | None:
    """Previous cycle's actions done at review ÷ its actions; None when it had none."""
    return _ratio(facts.previous_done_at_review, facts.previous_actions)


@dataclass(frozen=True)
class CycleMetrics:
    voice: dict[RoleGroup, VoiceFigures]
    undisclosed: int
    uptake: float | None
    ownership: float | None
    dimension_counts: dict[Dimension, dict[Polarity, int]]
    dimension_balance: dict[Dimension, float | None]
    coverage: int
    interaction_coverage: dict[tuple[Dimension, Dimension], int]
    within_dimension_links: int
    follow_through: float | None


def cycle_metrics(facts: CycleFacts) -> CycleMetrics:
    """Every §4 metric for one cycle, or for `combine(...)` of several."""
    return CycleMetrics(
        voice=voice(facts),
        undisclosed=undisclosed_count(facts),
        uptake=uptake(facts),
        ownership=ownership(facts),
        dimension_counts=dimension_counts(facts),
        dimension_balance=dimension_balance(facts),
        coverage=coverage(facts),
        interaction_coverage=interaction_coverage(facts),
        within_dimension_links=within_dimension_links(facts),
        follow_through=follow_through(facts),
    )


def combine(facts: Iterable[CycleFacts]) -> CycleFacts:
    """Sum of cycles (or projects): tuples concatenated, counts summed; ValueError on a factor id
    clash (ids are database ids, so a clash means the same factor was passed twice)."""
    cycles = list(facts)
    return CycleFacts(  # __post_init__ rejects repeated factor ids
        present=tuple(g for c in cycles for g in c.present),
        factors=tuple(f for c in cycles for f in c.factors),
        links=tuple(link for c in cycles for link in c.links),
        actions=tuple(a for c in cycles for a in c.actions),
        previous_actions=sum(c.previous_actions for c in cycles),
        previous_done_at_review=sum(c.previous_done_at_review for c in cycles),
    )
