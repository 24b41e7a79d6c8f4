"""Two people edit the same object from the same read: exactly one wins, the other gets a clear
conflict message, and the stored state is the winner's (never a silent overwrite).

1,000 pairs (500 of an action's status, 500 of a review note) sequentially from the same stale
version (what an optimistic lock must catch), and 50 pairs of each with two threads racing on
their own database connections (a transactional test, on SQLite and on PostgreSQL)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import pytest
from django.db import OperationalError, connection
from django.utils import translation

from powertriangle.core.errors import ConflictError
from powertriangle.cycles.models import Action, ActionReview
from powertriangle.cycles.services.actions import action_create, action_update_status, review_update
from powertriangle.cycles.services.contributions import factor_create
from powertriangle.cycles.services.cycles import cycle_advance, cycle_start
from powertriangle.triangle.model import ActionStatus
from tests.conftest import World

PAIRS = 1_000
THREADED_PAIRS = 50
LOCK_RETRIES = 2_000  # × 2 ms: about SQLite's busy timeout of a few seconds
STATUSES = [status.value for status in ActionStatus]
ACTION_CONFLICT = "Someone else changed this action. Reload and try again."
REVIEW_CONFLICT = "Someone else changed this review. Reload and try again."


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass(frozen=True)
class Objects:
    action: Action  # an action of the current cycle
    review: ActionReview  # the review of an earlier cycle's action


def objects_in(world: World) -> Objects:
    """An action in the world's cycle, and a review opened for it in the next cycle; plus a
    second action in that next cycle whose status is edited."""
    coach = world.coach
    barrier = factor_create(
        by=coach,
        cycle=world.cycle,
        dimension="resources",
        polarity="barrier",
        text="Too little time with each person",
        author=world.esther,
    )
    cycle = cycle_advance(by=coach, cycle=world.cycle, to="interaction")
    cycle = cycle_advance(by=coach, cycle=cycle, to="action")
    reviewed = action_create(
        by=coach,
        cycle=cycle,
        kind="handle_barrier",
        title="Book 20 minutes a week",
        factors=[barrier],
        owners=[world.nurse],
        author=world.coach_member,
    )
    cycle_advance(by=coach, cycle=cycle, to="closed")
    next_cycle = cycle_start(by=coach, project=world.project)
    review = ActionReview.objects.get(action=reviewed, cycle=next_cycle)
    factor_create(
        by=coach,
        cycle=next_cycle,
        dimension="contexts",
        polarity="barrier",
        text="Nobody owns the discharge call",
        author=world.nurse,
    )
    next_cycle = cycle_advance(by=coach, cycle=next_cycle, to="interaction")
    next_cycle = cycle_advance(by=coach, cycle=next_cycle, to="action")
    action = action_create(
        by=coach,
        cycle=next_cycle,
        kind="handle_barrier",
        title="Call Esther the day after she is home",
        factors=list(next_cycle.factors.all()),
        owners=[world.nurse],
        author=world.esther,
    )
    return Objects(action, review)


Edited = TypeVar("Edited", Action, ActionReview)


def loaded(model: type[Edited], pk: int) -> Edited:
    """What a person's page holds: the object as read now, with its project for the access check."""
    return model.objects.select_related("cycle__project").get(pk=pk)


def two_statuses(rng: random.Random) -> tuple[str, str]:
    first, second = rng.sample(STATUSES, 2)
    return first, second


# ── 1,000 pairs from the same stale read ─────────────────────────────────────────────────────


def status_pair(world: World, action_pk: int, rng: random.Random) -> None:
    """Two people load the same action (same version) and each set a different status."""
    mine, theirs = loaded(Action, action_pk), loaded(Action, action_pk)
    read_version = mine.version
    winner, loser = two_statuses(rng)
    first, second = (mine, theirs) if rng.random() < 0.5 else (theirs, mine)
    action_update_status(by=world.coach, action=first, status=winner, version=read_version)
    with pytest.raises(ConflictError) as caught:
        action_update_status(by=world.coach, action=second, status=loser, version=read_version)
    assert str(caught.value) == ACTION_CONFLICT
    stored = Action.objects.values_list("status", "version").get(pk=action_pk)
    assert stored == (winner, read_version + 1)


def review_pair(world: World, review_pk: int, pair: int, rng: random.Random) -> None:
    """Two people load the same review (same version) and each write their own note."""
    mine, theirs = loaded(ActionReview, review_pk), loaded(ActionReview, review_pk)
    read_version = mine.version
    winner_status, loser_status = two_statuses(rng)
    winner_note = f"Pair {pair}: Esther says the calls help."
    loser_note = f"Pair {pair}: nobody has called yet."
    first, second = (mine, theirs) if rng.random() < 0.5 else (theirs, mine)
    review_update(
        by=world.coach, review=first, status=winner_status, note=winner_note, version=read_version
    )
    with pytest.raises(ConflictError) as caught:
        review_update(
            by=world.coach,
            review=second,
            status=loser_status,
            note=loser_note,
            version=read_version,
        )
    assert str(caught.value) == REVIEW_CONFLICT
    stored = ActionReview.objects.values_list("note", "status", "version", "action__status").get(
        pk=review_pk
    )
    # The reviewed action takes the winner's status too.
    assert stored == (winner_note, winner_status, read_version + 1, winner_status)


@pytest.mark.django_db
def test_it_lets_exactly_one_of_1000_conflicting_edits_win(world: World) -> None:
    """500 pairs of status edits of an action and 500 pairs of review notes, interleaved."""
    objects = objects_in(world)
    rng = random.Random(1)
    for pair in range(PAIRS):
        if pair % 2 == 0:
            status_pair(world, objects.action.pk, rng)
        else:
            review_pair(world, objects.review.pk, pair, rng)
    # Every pair moved the version on exactly once: one write won, the other changed nothing.
    assert Action.objects.get(pk=objects.action.pk).version == 1 + PAIRS // 2
    assert ActionReview.objects.get(pk=objects.review.pk).version == 1 + PAIRS // 2


# ── racing threads, each on its own connection ───────────────────────────────────────────────

Edit = Callable[[int, int], None]  # (pair, read version) → raises ConflictError when it loses


@dataclass
class Race:
    """Two named editors that each try one edit per pair at the same moment from the same read
    version, on their own threads and database connections. After each pair the stored state
    must be the winner's: `stored()` equals `expected(winner, pair)`."""

    editors: dict[str, Edit]
    read_version: Callable[[], int]
    stored: Callable[[], object]
    expected: Callable[[str, int], object]
    gate: threading.Barrier = field(default_factory=lambda: threading.Barrier(3, timeout=30))
    version: int = 0
    outcomes: list[dict[str, str]] = field(default_factory=list)  # name → "won" or the message
    failures: list[BaseException] = field(default_factory=list)

    def run(self, pairs: int) -> None:
        threads = [
            threading.Thread(target=self._editor, args=(name, edit, pairs), daemon=True)
            for name, edit in self.editors.items()
        ]
        for thread in threads:
            thread.start()
        try:
            for pair in range(pairs):
                self.outcomes.append({})
                self.version = self.read_version()
                self.gate.wait()  # both go
                self.gate.wait()  # both done
                winners = [name for name, result in self.outcomes[pair].items() if result == "won"]
                assert len(winners) == 1, (pair, self.outcomes[pair], self.failures)
                assert self.stored() == self.expected(winners[0], pair)
        finally:
            self.gate.abort()
            for thread in threads:
                thread.join(timeout=30)
        assert not self.failures, self.failures

    def _editor(self, name: str, edit: Edit, pairs: int) -> None:
        try:
            for pair in range(pairs):
                self.gate.wait()
                try:
                    waiting(edit, pair, self.version)
                    self.outcomes[pair][name] = "won"
                except ConflictError as exc:
                    self.outcomes[pair][name] = str(exc)
                except Exception as exc:  # reported by run(), not lost in the thread
                    self.failures.append(exc)
                self.gate.wait()
        except threading.BrokenBarrierError:
            pass  # run() is over (after its last pair, or after a failed assertion)
        finally:
            connection.close()


def waiting(edit: Edit, pair: int, version: int) -> None:
    """The edit, waiting for a lock as the app's file database does.

    The in-memory SQLite test database shares one cache between connections, where a lock held
    by the other thread fails at once with "database table is locked" instead of waiting through
    the busy timeout that the app's file database has. So wait and try again here, as that
    timeout would: the failed attempt's transaction was rolled back whole, and the retry sends the
    same stale version. PostgreSQL waits by itself."""
    for _attempt in range(LOCK_RETRIES):
        try:
            edit(pair, version)
            return
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.002)
    edit(pair, version)


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_racing_threads_win_each_time(world: World) -> None:
    objects = objects_in(world)
    action_pk, review_pk = objects.action.pk, objects.review.pk
    status_of = {"a": "doing", "b": "done"}

    def set_status(name: str) -> Edit:
        def edit(_pair: int, version: int) -> None:
            with translation.override("en"):
                action = Action.objects.get(pk=action_pk)
                action_update_status(
                    by=world.coach, action=action, status=status_of[name], version=version
                )

        return edit

    race = Race(
        editors={"a": set_status("a"), "b": set_status("b")},
        read_version=lambda: Action.objects.values_list("version", flat=True).get(pk=action_pk),
        stored=lambda: Action.objects.values_list("status", flat=True).get(pk=action_pk),
        expected=lambda winner, _pair: status_of[winner],
    )
    race.run(THREADED_PAIRS)
    for outcome in race.outcomes:
        assert sorted(outcome.values()) == sorted(["won", ACTION_CONFLICT])
    assert Action.objects.get(pk=action_pk).version == 1 + THREADED_PAIRS

    def write_note(name: str) -> Edit:
        def edit(pair: int, version: int) -> None:
            with translation.override("en"):
                review = ActionReview.objects.get(pk=review_pk)
                review_update(
                    by=world.coach,
                    review=review,
                    status=status_of[name],
                    note=f"Pair {pair}, written by {name}.",
                    version=version,
                )

        return edit

    notes = Race(
        editors={"a": write_note("a"), "b": write_note("b")},
        read_version=lambda: ActionReview.objects.values_list("version", flat=True).get(
            pk=review_pk
        ),
        stored=lambda: ActionReview.objects.values_list("note", "status").get(pk=review_pk),
        expected=lambda winner, pair: (f"Pair {pair}, written by {winner}.", status_of[winner]),
    )
    notes.run(THREADED_PAIRS)
    for outcome in notes.outcomes:
        assert sorted(outcome.values()) == sorted(["won", REVIEW_CONFLICT])
    assert ActionReview.objects.get(pk=review_pk).version == 1 + THREADED_PAIRS
