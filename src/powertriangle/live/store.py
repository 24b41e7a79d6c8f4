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


@dataclass(frozen=True)
class Head:
    """Where a cycle's stream is: its last sequence number (0 before its first event) and the
    epoch of its numbers (empty before its first event)."""

    seq: int
    epoch: str


def head_of(cycle_id: int) -> Head:
    """Pages embed it in the stream's URL (`?after=…&epoch=…`), so that nothing between
    rendering and connecting is lost, and a restored database is noticed."""
    row = LiveStream.objects.filter(cycle_id=cycle_id).values_list("seq", "epoch").first()
    return Head(int(row[0]), str(row[1])) if row else Head(0, "")


def stream_head(cycle_id: int) -> int:
    """The cycle's last sequence number (0 before its first event)."""
    return head_of(cycle_id).seq


def heads(cycle_ids: list[int]) -> dict[int, Head]:
    rows = LiveStream.objects.filter(cycle_id__in=cycle_ids).values_list("cycle_id", "seq", "epoch")
    return {int(cycle): Head(int(seq), str(epoch)) for cycle, seq, epoch in rows}


def events_between(
    cycle_id: int, after: int, upto: int | None, limit: int, epoch: str = ""
) -> list[Event]:
    """The stored events with after < seq <= upto, in order, at most `limit`."""
    query = LiveEvent.objects.filter(cycle_id=cycle_id, seq__gt=after)
    if upto is not None:
        query = query.filter(seq__lte=upto)
    rows = query.order_by("seq").values_list("seq", "kind", "data")[:limit]
    return [Event.of(cycle_id, int(seq), kind, data, epoch) for seq, kind, data in rows]


def recent_events(cycle_id: int, limit: int) -> tuple[Head, list[Event]]:
    """The head and up to `limit` events before it, without a gap (empty if there is one)."""
    head = head_of(cycle_id)
    events = events_between(cycle_id, max(head.seq - limit, 0), head.seq, limit, head.epoch)
    seqs = [event.seq for event in events]
    if seqs != list(range(head.seq - len(seqs) + 1, head.seq + 1)):
        return head, []
    return head, events


@dataclass(frozen=True)
class Replay:
    head: int
    events: list[Event]
    reset: bool
    epoch: str = ""


def replay(cycle_id: int, after: int | None, epoch: str | None = None) -> Replay:
    """What a screen that has seen up to `after` (of `epoch`, when it says) missed; `reset`
    when that is more than REPLAY_MAX events, when it claims more than there is, or when its
    epoch is not the stream's (the database was restored from a backup)."""
    head = head_of(cycle_id)
    if epoch and head.epoch and epoch != head.epoch:
        return Replay(head.seq, [], True, head.epoch)
    if after is None or after == head.seq:
        return Replay(head.seq, [], False, head.epoch)
    if after > head.seq or head.seq - after > REPLAY_MAX:
        return Replay(head.seq, [], True, head.epoch)
    events = events_between(cycle_id, after, head.seq, REPLAY_MAX, head.epoch)
    if len(events) != head.seq - after:
        # Part of what was missed has been pruned from the log: the page must reload.
        return Replay(head.seq, [], True, head.epoch)
    return Replay(head.seq, events, False, head.epoch)
