"""What one dot given or taken back changes on the cycle page: the factor's count (its row in
the vote table, its line in its dimension) and every member's votes left. A vote's answer is
these, not the whole vote table and the three dimension lists."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from powertriangle.cycles import selectors
from powertriangle.cycles.models import Cycle, Factor, Vote
from powertriangle.cycles.parts.factors import FactorItem
from powertriangle.cycles.parts.voices import voice_label
from powertriangle.projects.models import Member


@dataclass(frozen=True)
class VoteChange:
    item: FactorItem
    votes_left: list[tuple[Member, int]]


def votes_left(cycle: Cycle, members: list[Member]) -> list[tuple[Member, int]]:
    """How many of the cycle's votes each member has left (one query)."""
    used = Counter(
        dict(
            Vote.objects.filter(cycle=cycle)
            .values_list("member_id")
            .annotate(n=Count("id"))
            .values_list("member_id", "n")
        )
    )
    return [(m, max(cycle.votes_per_member - used[m.pk], 0)) for m in members]


def vote_change(cycle: Cycle, factor: Factor, members: list[Member]) -> VoteChange:
    """After a dot on `factor`: its count, and the votes each of `members` has left."""
    counted = selectors.with_votes(Factor.objects.filter(pk=factor.pk)).get()
    item = FactorItem(counted, voice_label(counted), getattr(counted, "vote_count", 0))
    return VoteChange(item, votes_left(cycle, members))
