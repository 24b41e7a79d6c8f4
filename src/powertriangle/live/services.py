"""Keeping the live log small: it is only needed while screens may still catch up.

The log repeats public data of the cycle (texts, speakers' display names), so retention and a
person's erasure must reach it too: `live_log_prune` for a retention limit, `live_log_clear`
when a cycle's contributions are erased or rewritten. Sequence numbers are never reused; a
screen that needs pruned events gets a `reset` and reloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from powertriangle.live.models import LiveEvent

RETENTION_DEFAULT = dt.timedelta(days=2)


def live_log_prune(*, older_than: dt.timedelta = RETENTION_DEFAULT) -> int:
    """Delete log events stored more than `older_than` ago; returns how many."""
    deleted, _ = LiveEvent.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


def live_log_clear(*, cycle_ids: Iterable[int]) -> int:
    """Delete the whole log of these cycles; returns how many events."""
    deleted, _ = LiveEvent.objects.filter(cycle_id__in=list(cycle_ids)).delete()
    return deleted
