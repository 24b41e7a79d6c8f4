"""Reads of the live log, for the hub and the streams. Each runs in a worker thread and closes
that thread's database connections when done: an open screen never keeps a connection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import connections

from powertriangle.live.events import REPLAY_MAX, Event
from powertriangle.live.models import LiveEvent, LiveStream

P = ParamSpec("P")
R = TypeVar("R")


def close_connections() -> None:
    """Close this thread's database connections (those outside a transaction)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def closing(function: Callable[P, R]) -> Callable[P, R]:
    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        finally:
            close_connections()

    return wrapper


def stream_head(cycle_id: int) -> int:
    """The cycle's last sequence number (0 before its first event). Pages embed it in the
    stream's URL (`?after=`), so that nothing between rendering and connecting is lost."""
    seq = LiveStream.objects.filter(cycle_id=cycle_id).values_list("seq", flat=True).first()
    return int(seq or 0)


def heads(cycle_ids: list[int]) -> dict[int, int]:
    rows = LiveStream.objects.filter(cycle_id__in=cycle_ids).values_list("cycle_id", "seq")
    return {int(cycle): int(seq) for cycle, seq in rows}


def events_between(cycle_id: int, after: int, upto: int | None, limit: int) -> list[Event]:
    """The stored events with after < seq <= upto, in order, at most `limit`."""
    query = LiveEvent.objects.filter(cycle_id=cycle_id, seq__gt=after)
    if upto is not None:
        query = query.filter(seq__lte=upto)
    rows = query.order_by("seq").values_list("seq", "kind", "data")[:limit]
    return [Event.of(cycle_id, int(seq), kind, data) for seq, kind, data in rows]


def recent_events(cycle_id: int, limit: int) -> tuple[int, list[Event]]:
    """The head and up to `limit` events before it, without a gap (empty if there is one)."""
    head = stream_head(cycle_id)
    events = events_between(cycle_id, max(head - limit, 0), head, limit)
    seqs = [event.seq for event in events]
    if seqs != list(range(head - len(seqs) + 1, head + 1)):
        return head, []
    return head, events


@dataclass(frozen=True)
class Replay:
    head: int
    events: list[Event]
    reset: bool


def replay(cycle_id: int, after: int | None) -> Replay:
    """What a screen that has seen up to `after` missed; `reset` when that is more than
    REPLAY_MAX events or when it claims more than there is (the log was replaced)."""
    head = stream_head(cycle_id)
    if after is None or after == head:
        return Replay(head, [], False)
    if after > head or head - after > REPLAY_MAX:
        return Replay(head, [], True)
    events = events_between(cycle_id, after, head, REPLAY_MAX)
    if len(events) != head - after:
        # Part of what was missed has been pruned from the log: the page must reload.
        return Replay(head, [], True)
    return Replay(head, events, False)
