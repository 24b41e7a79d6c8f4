"""What one screen may receive of its cycle's stream (live.stream.Bounds), through the stream's
real generator on a real event loop and database: a view without names, nothing older than a
floor, an end at a stop event, and a reload when the stream's epoch changes (a restore)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from typing import TypeVar

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction

from powertriangle.live import store
from powertriangle.live.publish import publish
from powertriangle.live.services import live_epoch_renew
from powertriangle.live.stream import Bounds, events
from powertriangle.workshops.live import closes
from powertriangle.workshops.payloads import without_names
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)
T = TypeVar("T")
NAMED = {
    "id": 1,
    "text": "Too little time",
    "speaker": "Nadia",
    "supported": False,
    "label": {"sv": "Nadia", "en": "Nadia"},
}


async def in_thread(function: Callable[[], T]) -> T:
    return await sync_to_async(store.closing(function), thread_sensitive=False)()


def _publish(cycle_id: int, kind: str, data: dict[str, object]) -> int:
    with transaction.atomic():
        return publish(cycle_id=cycle_id, kind=kind, data=data)


class Screen:
    """Reads a stream in the background (cancelling a read would end the stream itself)."""

    def __init__(self, stream: AsyncGenerator[bytes, None]) -> None:
        self.stream = stream
        self.chunks: list[bytes] = []
        self.task = asyncio.get_running_loop().create_task(self._consume())

    async def _consume(self) -> None:
        async for chunk in self.stream:
            if not chunk.startswith(b": keep-alive"):
                self.chunks.append(chunk)

    async def read(self, wait: float = 1.0) -> str:
        """What arrived since the last read, after waiting `wait` seconds (or the end)."""
        await asyncio.wait([self.task], timeout=wait)
        text = b"".join(self.chunks).decode()
        self.chunks.clear()
        return text

    @property
    def ended(self) -> bool:
        return self.task.done()

    async def close(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


def _named(n: int) -> dict[str, object]:
    return {**NAMED, "id": n, "anonymous": False, "role_group": "professionals"}


def test_an_anonymous_view_has_no_name_of_earlier_or_new_items(world: World) -> None:
    cycle = world.cycle.pk

    async def scenario() -> None:
        before = await in_thread(lambda: _publish(cycle, "factor.created", _named(1)))
        screen = Screen(events(cycle, before - 1, None, Bounds(view=without_names)))
        first = await screen.read()
        await in_thread(lambda: _publish(cycle, "factor.created", _named(2)))
        second = await screen.read()
        await screen.close()
        both = first + second
        assert both.count("event: factor.created") == 2
        assert "Nadia" not in both
        assert '"anonymous":true' in both
        # The same events, to a screen with names, keep them.
        named = Screen(events(cycle, before - 1, None, Bounds()))
        assert "Nadia" in await named.read()
        await named.close()

    asyncio.run(scenario())


def test_a_phone_gets_nothing_before_its_workshop_and_nothing_after_its_close(
    world: World,
) -> None:
    cycle = world.cycle.pk

    async def scenario() -> None:
        earlier = await in_thread(lambda: _publish(cycle, "factor.created", _named(3)))
        opened = await in_thread(
            lambda: _publish(cycle, "workshop.opened", {"workshop_id": 7, "open": True})
        )
        bounds = Bounds(not_before=opened, stop=closes(7))
        screen = Screen(events(cycle, 0, None, bounds))  # a forged "from the beginning"
        caught_up = await screen.read()
        assert f"id: {earlier}\n" not in caught_up
        await in_thread(lambda: _publish(cycle, "factor.created", _named(4)))
        await in_thread(lambda: _publish(cycle, "workshop.closed", {"workshop_id": 8}))
        await in_thread(lambda: _publish(cycle, "workshop.closed", {"workshop_id": 7}))
        await in_thread(lambda: _publish(cycle, "factor.created", _named(5)))
        received = caught_up + await screen.read(1.5)
        assert '"id":4' in received
        assert '"workshop_id":8' in received  # another workshop's close: not the end
        assert '"workshop_id":7' in received
        assert '"id":5' not in received
        assert screen.ended

    asyncio.run(scenario())


def test_a_new_epoch_makes_every_screen_reload(world: World) -> None:
    cycle = world.cycle.pk

    async def scenario() -> None:
        await in_thread(lambda: _publish(cycle, "workshop.timer", {"n": 1}))
        old = (await in_thread(lambda: store.head_of(cycle))).epoch
        screen = Screen(events(cycle, None, old, Bounds()))
        assert "event: reset" not in await screen.read(0.5)
        await in_thread(live_epoch_renew)  # a backup was restored
        await in_thread(lambda: _publish(cycle, "workshop.timer", {"n": 2}))
        assert "event: reset" in await screen.read(2.0)
        assert screen.ended
        # A page made before the restore reloads as soon as it connects.
        late = Screen(events(cycle, 1, old, Bounds()))
        assert "event: reset" in await late.read()
        await late.close()

    asyncio.run(scenario())
