"""PostgreSQL LISTEN/NOTIFY: one listening connection per process.

NOTIFY is sent inside the publishing transaction; PostgreSQL delivers it only at commit, in
commit order, and never after a rollback. A payload must stay under 8,000 bytes: larger events
go as a "fetch" hint and the listening process reads the event from the log once. LISTEN needs
a direct connection (not a pgbouncer in transaction mode).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import psycopg
from asgiref.sync import sync_to_async
from django.db import connections

from powertriangle.live.brokers import CHANNEL
from powertriangle.live.events import Event, fetch_hint, parse_message

if TYPE_CHECKING:
    from powertriangle.live.hub import Hub

logger = logging.getLogger(__name__)

PAYLOAD_MAX = 7900  # bytes; PostgreSQL refuses 8,000 and more
RETRY_MAX_SECONDS = 5.0
# Keys of Django's connection parameters that are not libpq's or async psycopg's.
_NOT_FOR_LISTENER = {"cursor_factory", "context", "pool", "server_side_binding", "assume_role"}


def listener_params(using: str = "default") -> dict[str, Any]:
    params = connections[using].get_connection_params()
    return {k: v for k, v in params.items() if k not in _NOT_FOR_LISTENER and v is not None}


class PostgresBroker:
    name = "postgres"

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None
        self._ready: asyncio.Event | None = None

    def publish(self, event: Event, using: str) -> None:
        payload = event.message()
        if len(payload.encode()) > PAYLOAD_MAX:
            payload = fetch_hint(event.cycle, event.seq, event.epoch)
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])

    async def start(self, hub: Hub) -> None:
        if self._task is None or self._task.done():
            self._ready = asyncio.Event()
            params = await sync_to_async(listener_params, thread_sensitive=False)()
            self._task = asyncio.get_running_loop().create_task(
                self._listen(hub, params, self._ready), name="live-postgres-listen"
            )
        assert self._ready is not None
        await self._ready.wait()

    async def _listen(self, hub: Hub, params: dict[str, Any], ready: asyncio.Event) -> None:
        delay = 0.2
        while True:
            try:
                connection = await psycopg.AsyncConnection.connect(**params, autocommit=True)
                async with connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    ready.set()
                    delay = 0.2
                    # Events committed while nobody listened come from the log.
                    hub.spawn(hub.resync(), "live-resync")
                    async for notify in connection.notifies():
                        notice = parse_message(notify.payload)
                        if notice is not None:
                            hub.receive(notice)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.warning("live: PostgreSQL listener lost (%s); retry in %.1f s", exc, delay)
            ready.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)
