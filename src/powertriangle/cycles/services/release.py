"""Releasing anonymous contributions and dots to the screens in shuffled batches.

An anonymous factor, link or action, or a dot of an anonymous voter, is stored `held`: no
reader sees it (models.Released) and no live event announces it. The cycle gets a
`HeldRelease` due at the end of the current window of POWERTRIANGLE_ANONYMOUS_BATCH_SECONDS.
When it is due, `release_due` shows everything the cycle holds at once and publishes their
events in a random order, in one transaction: whoever watches the screens (or a log of the
posts' arrival) sees a batch appear together, never which tap made which item.

`release_due` runs in a thread of every server process (`Releaser`, started by asgi.py), about
twice a second; any number of processes may run it, each batch is released exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from typing import TypeVar

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from powertriangle.cycles import payloads
from powertriangle.cycles.models import Action, Cycle, Factor, HeldRelease, Link, Vote
from powertriangle.live.publish import publish

logger = logging.getLogger(__name__)

_shuffle = random.SystemRandom().shuffle
Item = TypeVar("Item", Factor, Link, Action)


def window_end(now: dt.datetime) -> dt.datetime:
    """The end of the batch window `now` falls in (windows are aligned to the clock)."""
    seconds = settings.POWERTRIANGLE_ANONYMOUS_BATCH_SECONDS
    epoch = now.timestamp()
    return dt.datetime.fromtimestamp(epoch - epoch % seconds + seconds, tz=dt.UTC)


def hold(cycle_id: int) -> None:
    """Note that `cycle_id` holds something to release; call inside the write's transaction,
    after the write. The cycle's row is locked first, here and by the release, so that a
    release running at the same moment either sees this write or leaves a release for it."""
    Cycle.objects.select_for_update(no_key=True).filter(pk=cycle_id).first()
    HeldRelease.objects.get_or_create(
        cycle_id=cycle_id, defaults={"due_at": window_end(timezone.now())}
    )


def _release_cycle(cycle_id: int) -> int:
    """Show what the cycle holds and announce it in a random order; returns how many events.
    Call with the cycle's row locked."""
    events: list[tuple[str, dict[str, object]]] = []
    factors = _unhold(Factor.everything.filter(cycle_id=cycle_id, held=True))
    events.extend(("factor.created", payloads.factor_payload(f)) for f in factors)
    links = _unhold(Link.everything.filter(cycle_id=cycle_id, held=True))
    events.extend(("link.created", payloads.link_payload(link)) for link in links)
    actions = _unhold(Action.everything.filter(cycle_id=cycle_id, held=True))
    events.extend(("action.created", payloads.action_payload(a)) for a in actions)
    votes = Vote.everything.filter(cycle_id=cycle_id, held=True)
    factor_ids = set(votes.values_list("factor_id", flat=True))
    if factor_ids:
        votes.update(held=False)
        events.extend(
            ("vote.changed", payloads.vote_payload(f, Vote.objects.filter(factor=f).count()))
            for f in Factor.objects.filter(pk__in=factor_ids)
        )
    _shuffle(events)
    for kind, data in events:
        publish(cycle_id=cycle_id, kind=kind, data=data)
    return len(events)


def _unhold(held: QuerySet[Item]) -> list[Item]:
    ids = list(held.values_list("pk", flat=True))
    if not ids:
        return []
    held.model._base_manager.filter(pk__in=ids).update(held=False)
    return list(held.model._default_manager.filter(pk__in=ids))


def release_due(*, now: dt.datetime | None = None, everything: bool = False) -> int:
    """Release every cycle whose batch is due (all of them with `everything`, e.g. in tests);
    returns how many events were published."""
    due = HeldRelease.objects.all()
    if not everything:
        due = due.filter(due_at__lte=now or timezone.now())
    released = 0
    for cycle_id in list(due.values_list("cycle_id", flat=True)):
        released += release_cycle_now(cycle_id)
    return released


def release_cycle_now(cycle_id: int) -> int:
    """Release whatever `cycle_id` holds at once (also when its workshop closes)."""
    with transaction.atomic():
        Cycle.objects.select_for_update(no_key=True).filter(pk=cycle_id).first()
        # Another process may have released it a moment ago: then there is nothing to do.
        if not HeldRelease.objects.filter(cycle_id=cycle_id).delete()[0]:
            return 0
        return _release_cycle(cycle_id)


class Releaser:
    """A daemon thread that calls `release_due()` every `every` seconds until `stop()`. A
    failure (the database away for a moment) is logged and tried again next time."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="anonymous-release", daemon=True)

    def start(self) -> Releaser:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                release_due()
            except Exception as exc:
                logger.warning("release of anonymous contributions failed: %s", exc)
            finally:
                close_old_connections()
                connection.close()


_releaser: Releaser | None = None
_lock = threading.Lock()


def start_releaser() -> Releaser:
    """This process's releaser, started once."""
    global _releaser
    with _lock:
        if _releaser is None:
            _releaser = Releaser().start()
        return _releaser
