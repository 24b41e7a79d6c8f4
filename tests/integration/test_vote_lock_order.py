"""Votes and other writes to one cycle at the same time never deadlock on PostgreSQL.

A vote locks its cycle's row to keep the vote limit; every write then takes the cycle's live
stream row (publish), and the stored event's foreign key takes a key-share lock on the cycle's
row. A vote taken back holds the stream row while it asks for that key share, so a vote that
held the cycle row with a full FOR UPDATE waited for the stream and the two deadlocked
(bench/pages found it: 1 in 8 posts failed at 30 requests/s with two workers). The vote's lock is
FOR NO KEY UPDATE now: votes still queue for each other, key shares pass."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from powertriangle.cycles.models import Cycle
from powertriangle.cycles.services.contributions import factor_create, vote_cast, vote_remove
from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.projects.models import Member
from tests.conftest import World

ROUNDS = 60


@pytest.mark.django_db(transaction=True)
def test_votes_cast_and_taken_back_at_once_never_deadlock(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row lock modes are PostgreSQL's; SQLite writes one at a time")
    factor = factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="resources",
        polarity="barrier",
        text="Nobody calls before discharge",
        author=world.esther,
    )
    cycle = cycle_advance(by=world.coach, cycle=world.cycle, to="interaction")
    gate = threading.Barrier(2, timeout=30)
    failures: list[BaseException] = []

    def voter(member: Member) -> Callable[[], None]:
        def run() -> None:
            try:
                for _ in range(ROUNDS):
                    gate.wait()
                    fresh = Cycle.objects.select_related("project").get(pk=cycle.pk)
                    vote_cast(by=world.coach, cycle=fresh, factor=factor, member=member)
                    vote_remove(by=world.coach, cycle=fresh, factor=factor, member=member)
            except threading.BrokenBarrierError:
                pass
            except Exception as exc:  # reported below, not lost in the thread
                failures.append(exc)
                gate.abort()
            finally:
                connection.close()

        return run

    threads = [threading.Thread(target=voter(m), daemon=True) for m in (world.esther, world.nurse)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    assert not factor.votes.exists()
