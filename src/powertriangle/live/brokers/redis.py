"""Redis pub/sub: one subscription per process, published after commit."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import TYPE_CHECKING

import redis
import redis.asyncio
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from powertriangle.live.brokers import CHANNEL
from powertriangle.live.events import Event, parse_message

if TYPE_CHECKING:
    from powertriangle.live.hub import Hub

logger = logging.getLogger(__name__)
RETRY_MAX_SECONDS = 5.0


def channel_name() -> str:
    """One channel per database: installations (or test runs) that share a Redis server but
    not a database never hear each other's cycles (PostgreSQL's NOTIFY is per database too)."""
    db = settings.DATABASES["default"]
    identity = f"{db.get('ENGINE')}|{db.get('HOST')}|{db.get('PORT')}|{db.get('NAME')}"
    return f"{CHANNEL}:{hashlib.sha256(identity.encode()).hexdigest()[:16]}"


class RedisBroker:
    name = "redis"

    def __init__(self, url: str) -> None:
        if not url:
            raise ImproperlyConfigured("POWERTRIANGLE_LIVE_BROKER=redis needs REDIS_URL")
        self.url = url
        self.channel = channel_name()
        self._client: redis.Redis | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready: asyncio.Event | None = None

    def _publisher(self) -> redis.Redis:
        if self._client is None:
            self._client = redis.Redis.from_url(self.url, socket_timeout=2.0)
        return self._client

    def publish(self, event: Event, using: str) -> None:
        message = event.message()

        def send() -> None:
            try:
                self._publisher().publish(self.channel, message)
            except redis.RedisError as exc:
                # The event is in the log: screens get it by the hub's poll or on reconnect.
                logger.warning("live: cannot publish to Redis: %s", exc)

        transaction.on_commit(send, using=using)

    async def start(self, hub: Hub) -> None:
        if self._task is None or self._task.done():
            self._ready = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(
                self._listen(hub, self._ready), name="live-redis-listen"
            )
        assert self._ready is not None
        await self._ready.wait()

    async def _listen(self, hub: Hub, ready: asyncio.Event) -> None:
        delay = 0.2
        while True:
            client = redis.asyncio.Redis.from_url(self.url)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                ready.set()
                delay = 0.2
                hub.spawn(hub.resync(), "live-resync")
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    notice = parse_message(message["data"])
                    if notice is not None:
                        hub.receive(notice)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.warning("live: Redis subscription lost (%s); retrying in %.1f s", exc, delay)
            finally:
                try:
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
                    await client.aclose()
                except Exception:  # noqa: S110 - the connection is gone either way
                    pass
            ready.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)
