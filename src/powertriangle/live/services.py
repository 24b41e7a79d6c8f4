"""Keeping the live log small: it is only needed while screens may still catch up.

The log repeats public data of the cycle (texts, speakers' display names), so retention and a
person's erasure must reach it too: `live_log_prune` for the retention limit
(POWERTRIANGLE_LIVE_RETENTION_HOURS; run by `powertriangle serve` at start and every hour, when
a workshop closes, and by `powertriangle live_prune`), `live_log_clear` when a cycle's
contributions are erased or rewritten. Sequence numbers are never reused; a screen that needs
pruned events gets a `reset` and reloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from powertriangle.live.models import LiveEvent, LiveStream, new_epoch


def retention() -> dt.timedelta:
    """How long every event is kept at least (the setting)."""
    return dt.timedelta(hours=settings.POWERTRIANGLE_LIVE_RETENTION_HOURS)


def prune_cutoff(older_than: dt.timedelta, now: dt.datetime | None = None) -> dt.datetime:
    """Events stored before this moment go: the start (UTC) of the day `older_than` ago.

    Anonymous events keep only their day (publish.py), so an age in hours cannot be told for
    them; cutting at the start of a day keeps every event at least `older_than`, and at most a
    day longer.
    """
    moment = (now or timezone.now()).astimezone(dt.UTC) - older_than
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def live_log_prune(
    *,
    older_than: dt.timedelta | None = None,
    cycle_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Delete the events stored before `prune_cutoff(older_than, now)` (default: the retention
    setting), of every cycle or of `cycle_ids`; returns how many. Idempotent: any number of
    processes may run it at once."""
    cutoff = prune_cutoff(retention() if older_than is None else older_than, now)
    events = LiveEvent.objects.filter(created_at__lt=cutoff)
    if cycle_ids is not None:
        events = events.filter(cycle_id__in=list(cycle_ids))
    deleted, _ = events.delete()
    return deleted


def live_epoch_renew(*, cycle_ids: Iterable[int] | None = None) -> int:
    """Start a new epoch for every stream (after a restore: the numbers start again from the
    backup's), or for the streams of `cycle_ids` (after an erasure: what screens show must be
    read again). Each server's hub notices within seconds (a poll, or the next event) and tells
    its screens to reload; a page made before reloads when it connects. Returns the streams."""
    streams = LiveStream.objects.all()
    if cycle_ids is not None:
        streams = streams.filter(cycle_id__in=list(cycle_ids))
    return streams.update(epoch=new_epoch())


def live_log_clear(*, cycle_ids: Iterable[int]) -> int:
    """Delete the whole log of these cycles; returns how many events."""
    deleted, _ = LiveEvent.objects.filter(cycle_id__in=list(cycle_ids)).delete()
    return deleted
