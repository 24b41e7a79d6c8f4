"""publish(): the one way into the live channel, called inside a service's transaction."""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import F
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from powertriangle.core.clock import day_only
from powertriangle.live.brokers import get_broker
from powertriangle.live.events import KINDS, REDACTED_BY, Event, dump
from powertriangle.live.models import LiveEvent, LiveStream

logger = logging.getLogger(__name__)

# The contract asks for small events; larger ones still work (brokers send a "fetch" hint).
SIZE_WARNING = 4096


def _next_seq(cycle_id: int, using: str) -> tuple[int, str]:
    """Take the cycle's next number (and its epoch). The UPDATE locks the stream row until the
    caller's transaction ends (as SELECT ... FOR UPDATE would), so numbers follow commit order."""
    streams = LiveStream.objects.using(using)
    if not streams.filter(pk=cycle_id).update(seq=F("seq") + 1):
        try:
            with transaction.atomic(using=using):
                streams.create(cycle_id=cycle_id, seq=1)
        except IntegrityError:
            # Another transaction created the stream first; its row lock orders us after it.
            streams.filter(pk=cycle_id).update(seq=F("seq") + 1)
    seq, epoch = streams.values_list("seq", "epoch").get(pk=cycle_id)
    return int(seq), str(epoch)


def redact(
    *, cycle_id: int, kind: str, data: dict[str, object], using: str = DEFAULT_DB_ALIAS
) -> None:
    """A hidden item's words leave the log too, so that replays never show them again: the
    earlier events that carried them (see `REDACTED_BY[kind]`) now carry `data`. publish() does
    this for the item it announces; call it directly for an item hidden along with another (a
    link whose factor is hidden), which gets no event of its own."""
    LiveEvent.objects.using(using).filter(
        cycle_id=cycle_id, kind__in=REDACTED_BY[kind], data__id=data.get("id")
    ).update(data=data)


def publish(
    *, cycle_id: int, kind: str, data: dict[str, object], using: str = DEFAULT_DB_ALIAS
) -> int:
    """Store the event in the cycle's log and hand it to the broker when the transaction
    commits (never if it rolls back). Must be called inside `transaction.atomic()`, after the
    write it announces. Returns the event's sequence number."""
    if kind not in KINDS:
        raise ValueError(f"unknown live event kind {kind!r}")
    if not transaction.get_connection(using).in_atomic_block:
        raise TransactionManagementError("publish() must be called inside transaction.atomic()")
    data_json = dump(data)
    if len(data_json) > SIZE_WARNING:
        logger.warning("live event %s of cycle %s is %d characters", kind, cycle_id, len(data_json))
    seq, epoch = _next_seq(cycle_id, using)
    now = timezone.now()
    if data.get("anonymous") is True:
        now = day_only(now)
    if kind in REDACTED_BY:
        redact(cycle_id=cycle_id, kind=kind, data=data, using=using)
    LiveEvent.objects.using(using).create(
        cycle_id=cycle_id, seq=seq, kind=kind, data=data, created_at=now
    )
    get_broker().publish(Event(cycle_id, seq, kind, data_json, epoch), using)
    return seq
