"""The per-process fan-out, in-process on a real event loop and database (committed, so the
broker and the hub's worker threads see it): in order, exactly once, after commit only."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction
from django.db.models import F

from powertriangle.live import store
from powertriangle.live.events import Event, Notice, fetch_hint, parse_message
from powertriangle.live.hub import Overflow, Subscriber, get_hub
from powertriangle.live.models import LiveEvent, LiveStream
from powertriangle.live.publish import publish
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)


T = TypeVar("T")


async def in_thread(function: Callable[[], T]) -> T:
    return await sync_to_async(store.closing(function), thread_sensitive=False)()


def _publish(cycle_id: int, n: int, *, fail: bool = False) -> None:
    with transaction.atomic():
        publish(cycle_id=cycle_id, kind="workshop.timer", data={"n": n})
        if fail:
            raise RuntimeError("rolled back")


def _publish_unannounced(cycle_id: int, n: int) -> int:
    """An event in the log that no broker announced (another process, a lost message)."""
    with transaction.atomic():
        LiveStream.objects.filter(pk=cycle_id).update(seq=F("seq") + 1)
        seq = LiveStream.objects.get(pk=cycle_id).seq
        LiveEvent.objects.create(
            cycle_id=cycle_id,
            seq=seq,
            kind="workshop.timer",
            data={"n": n},
            created_at="2026-01-01T00:00:00Z",
        )
    return seq


async def _received(subscriber: Subscriber, count: int, timeout: float = 5.0) -> list[int]:
    seqs: list[int] = []
    deadline = asyncio.get_running_loop().time() + timeout
    while len(seqs) < count:
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            break
        seqs.extend(seq for seq, _frame in await subscriber.next(left))
    return seqs


def test_a_committed_event_reaches_every_screen_and_a_rolled_back_one_none(world: World) -> None:
    cycle_id = world.cycle.pk
    head = store.stream_head(cycle_id)

    async def scenario() -> None:
        hub = get_hub()
        screens = [await hub.subscribe(cycle_id) for _ in range(3)]
        await in_thread(lambda: _publish(cycle_id, 1))
        with pytest.raises(RuntimeError):
            await in_thread(lambda: _publish(cycle_id, 2, fail=True))
        await in_thread(lambda: _publish(cycle_id, 3))
        for screen in screens:
            assert await _received(screen, 2) == [head + 1, head + 2]
            assert await screen.next(0.3) == []  # nothing of the rolled-back one
        for screen in screens:
            hub.unsubscribe(screen)
        assert cycle_id not in hub.channels

    asyncio.run(scenario())


def test_events_out_of_order_or_announced_by_number_arrive_in_order(world: World) -> None:
    cycle_id = world.cycle.pk

    async def scenario() -> None:
        hub = get_hub()
        screen = await hub.subscribe(cycle_id)
        # Three events in the log, announced out of order: 3 first, 2 only as a "fetch" hint.
        seqs = [await in_thread(partial(_publish_unannounced, cycle_id, n)) for n in range(3)]
        stored = await in_thread(lambda: store.events_between(cycle_id, 0, None, 100))
        rows = {e.seq: e for e in stored}
        hub.receive(Notice(cycle_id, seqs[2], rows[seqs[2]]))
        assert screen._frames == []  # held back until the earlier ones are there
        hint = parse_message(fetch_hint(cycle_id, seqs[1]))
        assert hint is not None
        assert hint.event is None
        hub.receive(hint)
        assert await _received(screen, 3) == seqs
        hub.receive(Notice(cycle_id, seqs[0], rows[seqs[0]]))  # a late duplicate
        assert await screen.next(0.2) == []
        hub.unsubscribe(screen)

    asyncio.run(scenario())


def test_the_poll_finds_an_event_that_nobody_announced(world: World) -> None:
    cycle_id = world.cycle.pk

    async def scenario() -> None:
        hub = get_hub()
        screen = await hub.subscribe(cycle_id)
        seq = await in_thread(lambda: _publish_unannounced(cycle_id, 7))
        assert await screen.next(0.2) == []
        await hub.resync()
        frames = await screen.next(5)
        assert [s for s, _ in frames] == [seq]
        assert b'data: {"n":7}' in frames[0][1]
        hub.unsubscribe(screen)

    asyncio.run(scenario())


def test_a_screen_that_falls_behind_is_dropped_without_slowing_the_others(world: World) -> None:
    cycle_id = world.cycle.pk

    async def scenario() -> None:
        hub = get_hub()
        slow = await hub.subscribe(cycle_id, limit=5)
        fast = await hub.subscribe(cycle_id)
        channel = hub.channels[cycle_id]
        assert channel.next_seq is not None
        first = channel.next_seq
        for seq in range(first, first + 10):
            hub.receive(Notice(cycle_id, seq, Event.of(cycle_id, seq, "workshop.timer", {})))
            got = await fast.next(1)
            assert [s for s, _ in got] == [seq]
        with pytest.raises(Overflow):
            await slow.next(1)
        hub.unsubscribe(slow)
        hub.unsubscribe(fast)

    asyncio.run(scenario())


def test_a_broker_message_is_parsed_or_ignored() -> None:
    event = Event.of(4, 9, "factor.created", {"text": "Rad 1\nRad 2 — åäö"})
    notice = parse_message(event.message())
    assert notice == Notice(4, 9, event)
    assert event.frame().count(b"\n") == 4  # the newline in the text stays escaped
    for junk in ("", "null", "[]", '{"cycle":"1","seq":2}', '{"cycle":1,"seq":0,"kind":"x"}'):
        assert parse_message(junk) is None


def _publish_kind(cycle_id: int, kind: str, data: dict[str, object]) -> None:
    with transaction.atomic():
        publish(cycle_id=cycle_id, kind=kind, data=data)


def test_a_screen_catching_up_after_a_hide_never_gets_the_hidden_words(world: World) -> None:
    """The hub keeps recent frames for screens that reconnect; once an item is hidden, the frames
    that carried its words are forgotten, and catching up reads the redacted log instead."""
    cycle_id = world.cycle.pk
    head = store.stream_head(cycle_id)
    secret = "Zebulon is lazy"

    async def scenario() -> None:
        hub = get_hub()
        watching = await hub.subscribe(cycle_id)
        await in_thread(
            lambda: _publish_kind(cycle_id, "factor.created", {"id": 7, "text": secret})
        )
        await in_thread(lambda: _publish_kind(cycle_id, "workshop.timer", {"n": 1}))
        assert await _received(watching, 2) == [head + 1, head + 2]
        back = await hub.subscribe(cycle_id)
        kept = hub.backlog(back, head)
        assert kept is not None
        assert secret.encode() in b"".join(f for _s, f, _e in kept[1])
        await in_thread(lambda: _publish_kind(cycle_id, "factor.hidden", {"id": 7, "text": ""}))
        assert await _received(watching, 1) == [head + 3]
        # From before the hide: not from memory any more, and the log no longer has the words.
        assert hub.backlog(back, head) is None
        replay = await in_thread(lambda: store.replay(cycle_id, head))
        assert [e.kind for e in replay.events] == [
            "factor.created",
            "workshop.timer",
            "factor.hidden",
        ]
        assert all(secret not in e.data_json for e in replay.events)
        # From after the hide: memory still serves it.
        served = hub.backlog(back, head + 2)
        assert served is not None
        assert [(seq, frame) for seq, frame, _e in served[1]] == [
            (head + 3, (await _frame(head + 3)))
        ]
        assert served[0] == head + 3
        for screen in (watching, back):
            hub.unsubscribe(screen)

    async def _frame(seq: int) -> bytes:
        events = await in_thread(lambda: store.events_between(cycle_id, seq - 1, seq, 1))
        return events[0].frame()

    asyncio.run(scenario())
