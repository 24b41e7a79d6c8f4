"""Fan-out inside one process: after commit, straight to this process's hub."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from powertriangle.live.events import Event, Notice

if TYPE_CHECKING:
    from powertriangle.live.hub import Hub


class MemoryBroker:
    name = "memory"

    def publish(self, event: Event, using: str) -> None:
        transaction.on_commit(lambda: deliver(event), using=using)

    async def start(self, hub: Hub) -> None:
        return None


def deliver(event: Event) -> None:
    """Hand the event to this process's hub, from whichever thread committed."""
    from powertriangle.live.hub import current_hub

    hub = current_hub()
    if hub is not None:
        hub.receive_threadsafe(Notice(event.cycle, event.seq, event, event.epoch))
