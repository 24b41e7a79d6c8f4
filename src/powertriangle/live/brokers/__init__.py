"""Brokers carry each committed event to every process that serves screens.

`memory`: inside one process (one worker). `postgres`: LISTEN/NOTIFY, one listening
connection per process; NOTIFY is sent inside the publishing transaction, and PostgreSQL
delivers it only when that transaction commits. `redis`: pub/sub, one subscription per process,
published after commit. Chosen by POWERTRIANGLE_LIVE_BROKER (default: postgres on PostgreSQL,
else memory).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from powertriangle.live.events import Event

if TYPE_CHECKING:
    from powertriangle.live.hub import Hub

CHANNEL = "powertriangle_live"
NAMES = ("memory", "postgres", "redis")


class Broker(Protocol):
    name: str

    def publish(self, event: Event, using: str) -> None:
        """Called inside the publishing transaction: deliver the event once it commits."""

    async def start(self, hub: Hub) -> None:
        """Subscribe this process (once) and feed `hub.receive`; return when subscribed."""


def broker_name() -> str:
    name = str(getattr(settings, "POWERTRIANGLE_LIVE_BROKER", "") or "")
    if not name:
        vendor = connections["default"].vendor
        return "postgres" if vendor == "postgresql" else "memory"
    if name not in NAMES:
        raise ImproperlyConfigured(
            f"POWERTRIANGLE_LIVE_BROKER={name!r} must be one of {', '.join(NAMES)}"
        )
    return name


_brokers: dict[str, Broker] = {}


def get_broker() -> Broker:
    name = broker_name()
    broker = _brokers.get(name)
    if broker is None:
        if name == "postgres":
            from powertriangle.live.brokers.postgres import PostgresBroker

            broker = PostgresBroker()
        elif name == "redis":
            from powertriangle.live.brokers.redis import RedisBroker

            broker = RedisBroker(str(getattr(settings, "REDIS_URL", "") or ""))
        else:
            from powertriangle.live.brokers.memory import MemoryBroker

            broker = MemoryBroker()
        _brokers[name] = broker
    return broker
