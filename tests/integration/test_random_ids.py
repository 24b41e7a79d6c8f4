"""Ids of contributions say nothing about the order things were said in (core.ids)."""

from __future__ import annotations

from itertools import pairwise

from powertriangle.core.ids import ID_MAX, ID_MIN
from powertriangle.cycles.models import Factor, Vote
from powertriangle.cycles.services.contributions import factor_create, vote_cast
from powertriangle.cycles.services.cycles import cycle_advance
from tests.conftest import World

N = 200


def _ascending_pairs(ids: list[int]) -> int:
    return sum(1 for a, b in pairwise(ids) if b > a)


def test_ids_in_creation_order_rise_and_fall_like_coin_tosses(world: World) -> None:
    made = [
        factor_create(
            by=world.coach,
            cycle=world.cycle,
            dimension="resources",
            polarity="barrier",
            text=f"thought {n}",
            author=None,
            anonymous=True,
        ).pk
        for n in range(N)
    ]
    assert all(ID_MIN <= pk < ID_MAX for pk in made)
    # Sequential ids would give N - 1 rises; random ones about half, never near all.
    # (Binomial(199, 1/2): mean 99.5, sd 7; the bounds are 7 sd away.)
    assert 50 <= _ascending_pairs(made) <= 150
    world.cycle = cycle_advance(by=world.coach, cycle=world.cycle)
    factor = Factor.objects.get(pk=made[0])
    votes = [
        vote_cast(by=world.coach, cycle=world.cycle, factor=factor, member=world.esther).pk
        for _ in range(3)
    ]
    assert all(ID_MIN <= pk < ID_MAX for pk in votes)
    assert Vote.objects.count() == 3
