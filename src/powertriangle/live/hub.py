"""The per-process fan-out: which screens of this process watch which cycle, and delivery of
each cycle's events to them in sequence order, exactly once.

A broker (memory, PostgreSQL or Redis) feeds `receive()` on the event loop. Events arrive in
order in the common case and are then pushed to every screen at once (the frame is encoded once
per event). An event that arrives ahead of one still missing (Redis across workers, a "fetch"
hint, a listener that reconnected, a publisher in another process with the memory broker) waits
while the missing ones are read from the log. A slow poll of the cycles' heads catches the last
event of a burst that no later event reveals.

Each screen has a bounded buffer: a screen that falls too far behind is dropped (its stream
ends, the browser reconnects and catches up from the log) and never slows the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async

from powertriangle.live import store
from powertriangle.live.brokers import Broker, get_broker
from powertriangle.live.events import (
    REDACTED_BY,
    REPLAY_MAX,
    Event,
    Notice,
    View,
    frame_for,
    reset_frame,
)

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

QUEUE_LIMIT = 1000  # frames waiting for one screen before it is dropped
POLL_SECONDS = 5.0  # how often the heads of watched cycles are compared with what was sent
DB_CONCURRENCY = 4  # database reads at once from the live code of one process
READY_TIMEOUT = 5.0  # how long a first screen waits for the broker's subscription
HEARTBEAT_SECONDS = 15.0  # a screen that got nothing for this long gets a keep-alive
# Events kept per watched cycle (about 300 kB), so that most catch-ups need no database read
# and no encoding: a reconnect storm after a restart replays from memory.
RECENT = 1000


class Overflow(Exception):
    """The screen fell more than QUEUE_LIMIT frames behind."""


class Finished(Exception):
    """The screen's stream is over: its `stop` event came, or the stream's epoch ended."""


Stop = Callable[[Event], bool]


class Subscriber:
    """One screen: frames waiting to be written, and a future to wake its stream. `view`: what
    this screen may see of each event (None: everything); `stop`: the event after which its
    stream ends (a phone's stream ends with its own workshop's close)."""

    __slots__ = (
        "_frames",
        "_limit",
        "_loop",
        "_waiter",
        "active",
        "cycle_id",
        "finished",
        "overflowed",
        "stop",
        "view",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        cycle_id: int,
        limit: int,
        view: View | None = None,
        stop: Stop | None = None,
    ) -> None:
        self._loop = loop
        self.cycle_id = cycle_id
        self._limit = limit
        self.view = view
        self.stop = stop
        self._frames: list[tuple[int, bytes]] = []
        self._waiter: asyncio.Future[None] | None = None
        self.overflowed = False
        self.finished = False
        self.active = loop.time()  # when its stream last got something to write

    def push(self, seq: int, frame: bytes, *, last: bool = False) -> None:
        """Queue a frame; `last`: the stream ends after it."""
        if self.overflowed or self.finished:
            return
        if len(self._frames) >= self._limit:
            self.overflowed = True
            self._frames = []
        else:
            self._frames.append((seq, frame))
        self.finished = last
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def beat(self) -> None:
        """Wake the stream with nothing: it sends a keep-alive."""
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def next(self, timeout: float | None = None) -> list[tuple[int, bytes]]:
        """The frames waiting now, or when some arrive; [] for a heartbeat (the hub's, about
        every HEARTBEAT_SECONDS, without a timer per wait) or after `timeout` seconds."""
        if not self._frames and self.finished:
            raise Finished
        if not self._frames and not self.overflowed:
            waiter = self._loop.create_future()
            self._waiter = waiter
            timer = self._loop.call_later(timeout, _wake, waiter) if timeout is not None else None
            try:
                await waiter
            finally:
                if timer is not None:
                    timer.cancel()
                self._waiter = None
        if self.overflowed:
            raise Overflow
        self.active = self._loop.time()
        frames, self._frames = self._frames, []
        return frames


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class Channel:
    """The screens of one cycle in this process and what has been delivered to them."""

    def __init__(self, loop: asyncio.AbstractEventLoop, cycle_id: int) -> None:
        self.cycle_id = cycle_id
        self.subscribers: set[Subscriber] = set()
        self.next_seq: int | None = None  # None until the head has been read
        self.epoch = ""  # of the numbers, once the head has been read
        self.pending: dict[int, Event | None] = {}  # ahead of next_seq; None = read it
        self.ready: asyncio.Future[None] = loop.create_future()
        self.filling = False
        # The last events delivered, without a gap, ending at next_seq - 1, with their frames.
        self.recent: deque[tuple[int, bytes, Event]] = deque(maxlen=RECENT)


class Hub:
    def __init__(self, loop: asyncio.AbstractEventLoop, broker: Broker) -> None:
        self.loop = loop
        self.broker = broker
        self.channels: dict[int, Channel] = {}
        self._db_slots = asyncio.Semaphore(DB_CONCURRENCY)
        self._started: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # -- database, in worker threads, bounded ------------------------------------------------
    async def db(self, function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        async with self._db_slots:
            call = sync_to_async(store.closing(function), thread_sensitive=False)
            return await call(*args, **kwargs)

    def spawn(self, coroutine: object, name: str) -> asyncio.Task[None]:
        task: asyncio.Task[None] = self.loop.create_task(coroutine, name=name)  # type: ignore[arg-type]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # -- screens ------------------------------------------------------------------------------
    async def start(self) -> None:
        if self._started is None:
            self._started = self.spawn(self.broker.start(self), "live-broker-start")
            self._poller = self.spawn(self._poll(), "live-poll")
            self.spawn(self._heartbeat(), "live-heartbeat")
        try:
            await asyncio.wait_for(asyncio.shield(self._started), READY_TIMEOUT)
        except TimeoutError:
            logger.warning("live: the %s broker is not ready yet", self.broker.name)
        except Exception as exc:
            logger.warning("live: the %s broker did not start: %s", self.broker.name, exc)

    async def subscribe(
        self,
        cycle_id: int,
        limit: int = QUEUE_LIMIT,
        *,
        view: View | None = None,
        stop: Stop | None = None,
    ) -> Subscriber:
        """Register a screen; every event committed after this returns reaches it, in order."""
        await self.start()
        channel = self.channels.get(cycle_id)
        if channel is None:
            channel = self.channels[cycle_id] = Channel(self.loop, cycle_id)
            self.spawn(self._initialise(channel), f"live-init-{cycle_id}")
        subscriber = Subscriber(self.loop, cycle_id, limit, view, stop)
        channel.subscribers.add(subscriber)
        try:
            await asyncio.shield(channel.ready)
        except BaseException:
            self.unsubscribe(subscriber)
            raise
        return subscriber

    def backlog(
        self, subscriber: Subscriber, after: int | None, epoch: str | None = None
    ) -> tuple[int, list[tuple[int, bytes, Event]]] | None:
        """What a just subscribed screen missed after `after`, from memory: (head, events with
        their frames), or None when the log must be read (too far back, ahead of what this
        process has seen: the screen may come from another worker, or of another epoch)."""
        channel = self.channels.get(subscriber.cycle_id)
        if channel is None or channel.next_seq is None:
            return None
        if epoch and channel.epoch and epoch != channel.epoch:
            return None
        head = channel.next_seq - 1
        if after is None or after == head:
            return head, []
        recent = channel.recent
        if after > head or not recent or recent[0][0] > after + 1:
            return None
        return head, [item for item in recent if item[0] > after]

    def unsubscribe(self, subscriber: Subscriber) -> None:
        channel = self.channels.get(subscriber.cycle_id)
        if channel is None:
            return
        channel.subscribers.discard(subscriber)
        if not channel.subscribers:
            del self.channels[subscriber.cycle_id]

    async def _initialise(self, channel: Channel) -> None:
        try:
            head, events = await self.db(store.recent_events, channel.cycle_id, RECENT)
        except Exception as exc:
            logger.warning("live: cannot read the head of cycle %s: %s", channel.cycle_id, exc)
            if self.channels.get(channel.cycle_id) is channel:
                del self.channels[channel.cycle_id]
            channel.ready.set_exception(exc)
            return
        channel.next_seq = head.seq + 1
        channel.epoch = head.epoch
        channel.recent.extend((event.seq, event.frame(), event) for event in events)
        for seq in [s for s in channel.pending if s <= head.seq]:
            del channel.pending[seq]
        channel.ready.set_result(None)
        self._advance(channel)

    # -- events ---------------------------------------------------------------------------
    def receive(self, notice: Notice) -> None:
        """A broker's message (on the event loop)."""
        channel = self.channels.get(notice.cycle)
        if channel is None:
            return
        if channel.next_seq is not None and notice.epoch and channel.epoch != notice.epoch:
            # The database was restored (or the stream begun anew): numbers start again.
            if channel.epoch:
                self._restart(channel)
                return
            channel.epoch = notice.epoch
        if channel.next_seq is not None and notice.seq < channel.next_seq:
            return
        if notice.event is not None or notice.seq not in channel.pending:
            channel.pending[notice.seq] = notice.event
        if channel.next_seq is not None:
            self._advance(channel)

    def receive_threadsafe(self, notice: Notice) -> None:
        """The same, from any thread (the memory broker's after-commit callbacks)."""
        if self.loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self.receive(notice)
        else:
            self.loop.call_soon_threadsafe(self.receive, notice)

    def _advance(self, channel: Channel) -> None:
        assert channel.next_seq is not None
        pending = channel.pending
        while pending.get(channel.next_seq) is not None:
            event = pending.pop(channel.next_seq)
            assert event is not None
            self._dispatch(channel, event)
            channel.next_seq += 1
        if pending and not channel.filling:
            channel.filling = True
            self.spawn(self._fill(channel), f"live-fill-{channel.cycle_id}")

    def _dispatch(self, channel: Channel, event: Event) -> None:
        frame = event.frame()
        if event.kind in REDACTED_BY:
            # The log now holds the hidden item's earlier events without its words; the frames
            # kept here still carry them. Forget them: a screen that reconnects from before
            # this event is caught up from the (redacted) log instead.
            channel.recent.clear()
        channel.recent.append((event.seq, frame, event))
        viewed: dict[View, bytes] = {}
        for subscriber in tuple(channel.subscribers):
            view = subscriber.view
            if view is None:
                own = frame
            else:
                own = viewed.get(view) or viewed.setdefault(view, frame_for(event, view))
            last = subscriber.stop is not None and subscriber.stop(event)
            subscriber.push(event.seq, own, last=last)

    def _restart(self, channel: Channel) -> None:
        """The stream's epoch ended (a restored database): every screen of the channel gets a
        `reset` (the page reloads) and its stream ends; the channel starts again from the log."""
        logger.warning("live: cycle %s has a new epoch: its screens reload", channel.cycle_id)
        frame = reset_frame(0)
        for subscriber in tuple(channel.subscribers):
            subscriber.push(0, frame, last=True)
        if self.channels.get(channel.cycle_id) is channel:
            del self.channels[channel.cycle_id]

    async def _fill(self, channel: Channel) -> None:
        """Read the events missing before the ones waiting, and deliver them all in order."""
        try:
            while channel.pending and self.channels.get(channel.cycle_id) is channel:
                assert channel.next_seq is not None
                upto = max(channel.pending)
                events = await self.db(
                    store.events_between,
                    channel.cycle_id,
                    channel.next_seq - 1,
                    upto,
                    REPLAY_MAX,
                    channel.epoch,
                )
                for event in events:
                    if event.seq >= channel.next_seq and channel.pending.get(event.seq) is None:
                        channel.pending[event.seq] = event
                before = channel.next_seq
                self._advance(channel)
                if channel.next_seq == before and channel.pending:
                    # The next event is not in the log (pruned): go on from the first there is.
                    logger.warning("live: events of cycle %s are missing", channel.cycle_id)
                    channel.recent.clear()  # no longer without a gap
                    known = sorted(s for s, e in channel.pending.items() if e is not None)
                    if known:
                        channel.next_seq = known[0]
                    else:
                        channel.pending.clear()
                        channel.next_seq = upto + 1
                    self._advance(channel)
        except Exception as exc:
            logger.warning("live: cannot catch up cycle %s: %s", channel.cycle_id, exc)
            await asyncio.sleep(1.0)
        finally:
            channel.filling = False
        if channel.pending and self.channels.get(channel.cycle_id) is channel:
            self._advance(channel)

    async def resync(self) -> None:
        """Deliver what was committed but not received (after a broker reconnected, or by poll)."""
        watched = [c for c in self.channels.values() if c.next_seq is not None]
        if not watched:
            return
        found = await self.db(store.heads, [c.cycle_id for c in watched])
        for channel in watched:
            if self.channels.get(channel.cycle_id) is not channel:
                continue
            head = found.get(channel.cycle_id)
            if head is None:
                continue
            if channel.epoch and head.epoch != channel.epoch:
                self._restart(channel)  # restored from a backup while nothing was published
                continue
            if (
                channel.next_seq is not None
                and head.seq >= channel.next_seq
                and head.seq not in channel.pending
            ):
                channel.pending[head.seq] = None
                self._advance(channel)

    async def _heartbeat(self) -> None:
        """Keep-alives for idle streams: one sweep every few seconds for all of them."""
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS / 3)
            due = self.loop.time() - HEARTBEAT_SECONDS
            for channel in tuple(self.channels.values()):
                for subscriber in channel.subscribers:
                    if subscriber.active <= due:
                        subscriber.beat()

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            try:
                await self.resync()
            except Exception as exc:
                logger.warning("live: poll failed: %s", exc)


_hub: Hub | None = None


def get_hub() -> Hub:
    """This process's hub, on the running event loop (a new loop gets a new hub)."""
    global _hub
    loop = asyncio.get_running_loop()
    if _hub is None or _hub.loop is not loop:
        _hub = Hub(loop, get_broker())
    return _hub


def current_hub() -> Hub | None:
    """The hub, if a stream has started one in this process."""
    return _hub
