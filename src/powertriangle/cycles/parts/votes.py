"""What one dot given or taken back changes on the cycle page: the factor's count (its row in
the vote table, its line in its dimension) and every member's votes left. A vote's answer is
these, not the whole vote table and the three dimension lists."""

from __future__ import annotations

from dataclasses import dataclass

from powertriangle.cycles import selectors
from powertriangle.cycles.models import Cycle, Factor
from powertriangle.cycles.parts.actions import votes_left
from powertriangle.cycles.parts.factors import FactorItem
from powertriangle.cycles.parts.people import members_of
from powertriangle.cycles.parts.voices import voice_label
from powertriangle.projects.models import Member


@dataclass(frozen=True)
class VoteChange:
    item: FactorItem
    votes_left: list[tuple[Member, int]]


def vote_change(cycle: Cycle, factor: Factor) -> VoteChange:
    counted = selectors.with_votes(Factor.objects.filter(pk=factor.pk)).get()
    item = FactorItem(counted, voice_label(counted), getattr(counted, "vote_count", 0))
    return VoteChange(item, votes_left(cycle, list(members_of(cycle))))
