from __future__ import annotations

import secrets

from django.db import models


def new_epoch() -> str:
    return secrets.token_hex(6)


class LiveStream(models.Model):
    """The last sequence number used in a cycle's live stream (locked while a number is taken),
    and the epoch those numbers belong to: restoring a backup starts a new epoch
    (services.live_epoch_renew), so that screens of the old one reload."""

    cycle = models.OneToOneField(
        "cycles.Cycle", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    seq = models.PositiveBigIntegerField(default=0)
    epoch = models.CharField(max_length=16, default=new_epoch)

    def __str__(self) -> str:
        return f"live stream of cycle {self.cycle_id} at {self.seq}"


class LiveEvent(models.Model):
    """One event of a cycle's live stream: the durable log that reconnecting screens replay.

    `data` holds public data only (cycles/payloads.py, workshops/payloads.py). `created_at` is
    kept to the day for events about anonymous items, like the items themselves.
    """

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=32)
    data = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["cycle", "seq"]
        # The unique index (cycle, seq) is also the catch-up index: seq > N in order.
        constraints = [
            models.UniqueConstraint(fields=["cycle", "seq"], name="live_event_cycle_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.seq} in cycle {self.cycle_id}"
