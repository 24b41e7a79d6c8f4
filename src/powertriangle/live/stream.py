"""One server-sent event stream per screen: catch up from the log, then follow live.

Order of work, so that nothing is lost or sent twice: subscribe to this process's hub first
(from then on every committed event reaches the screen), then replay the log after the screen's
last event (`Last-Event-ID` or `?after=`), then send live events, skipping any number already
sent. A screen whose `after` is older than the oldest event kept (the log was pruned,
services.py) gets a `reset` and reloads rather than miss events. The stream holds no database
connection while it waits.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncGenerator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from asgiref.sync import SyncToAsync, sync_to_async
from django.http import HttpRequest, StreamingHttpResponse

from powertriangle.live import store
from powertriangle.live.events import (
    KEEP_ALIVE_FRAME,
    RETRY_FRAME,
    Event,
    View,
    frame_for,
    reset_frame,
)
from powertriangle.live.hub import Finished, Overflow, Stop, get_hub

SEQ_MAX = 2**53
_EPOCH = re.compile(r"[0-9a-f]{1,16}")


class _SharedExecutor(ThreadPoolExecutor):
    """One thread for what Django still does in a stream's request context after it started
    streaming (closing the response, request_finished): shared by all streams, never shut
    down by one of them."""

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        return None


_AFTER_STREAMING = _SharedExecutor(max_workers=1, thread_name_prefix="live-after-stream")


def _release_request_thread() -> None:
    """Let the request's own worker thread end now rather than when the stream ends.

    Under ASGI, Django runs the synchronous parts of each request (sync middleware, the session)
    in a thread of the request's own ThreadSensitiveContext, which lives as long as the request:
    one idle thread per open screen, and as many new ones at once when many screens disconnect.
    Nothing of the request runs there any more, so the stream ends that thread and hands the
    rest of the request's synchronous work to one shared thread.
    """
    context = SyncToAsync.thread_sensitive_context.get(None)
    if context is None:
        return
    executor = SyncToAsync.context_to_thread_executor.get(context)
    SyncToAsync.context_to_thread_executor[context] = _AFTER_STREAMING
    if executor is not None and executor is not _AFTER_STREAMING:
        executor.shutdown(wait=False)


def parse_after(request: HttpRequest) -> int | None:
    """The last event the screen has: `Last-Event-ID` (a browser's reconnect) over `?after=`."""
    for raw in (request.headers.get("Last-Event-ID"), request.GET.get("after")):
        if raw is None or raw.strip() == "":
            continue
        try:
            value = int(raw.strip())
        except ValueError:
            continue
        if 0 <= value <= SEQ_MAX:
            return value
    return None


def parse_epoch(request: HttpRequest) -> str | None:
    """The epoch the screen's page was made in (`?epoch=`), if it says a plausible one."""
    raw = request.GET.get("epoch", "")
    return raw if _EPOCH.fullmatch(raw) else None


@dataclass(frozen=True)
class Bounds:
    """What one screen may receive of its cycle's stream: a view of each event (None: all of
    it), nothing numbered `not_before` or lower, nothing after the event `stop` accepts, and
    nothing after `deadline` (a time.monotonic() value)."""

    view: View | None = None
    not_before: int = 0
    stop: Stop | None = None
    deadline: float | None = None


def _frame(seq: int, frame: bytes, event: Event, bounds: Bounds) -> bytes:
    return frame if bounds.view is None else frame_for(event, bounds.view)


async def events(
    cycle_id: int, after: int | None, epoch: str | None = None, bounds: Bounds = Bounds()
) -> AsyncGenerator[bytes, None]:
    """The stream's body: frames as bytes, until the client goes away (or `bounds` end it)."""
    # The request's own thread opened connections for the session and the access check:
    # close them, this stream may stay open for hours.
    await sync_to_async(store.close_connections, thread_sensitive=True)()
    _release_request_thread()
    if after is not None and after < bounds.not_before:
        after = bounds.not_before
    hub = get_hub()
    subscriber = await hub.subscribe(cycle_id, view=bounds.view, stop=bounds.stop)
    try:
        chunks = [RETRY_FRAME]
        ended = False
        backlog = hub.backlog(subscriber, after, epoch)
        if backlog is not None:
            last, missed = backlog
            for seq, frame, event in missed:
                chunks.append(_frame(seq, frame, event, bounds))
                if bounds.stop is not None and bounds.stop(event):
                    ended = True
                    break
        else:
            replay = await hub.db(store.replay, cycle_id, after, epoch)
            if replay.reset:  # the page reloads; until then the stream goes on from the head
                chunks.append(reset_frame(replay.head))
                last = replay.head
            else:
                for event in replay.events:
                    chunks.append(_frame(event.seq, event.frame(), event, bounds))
                    if bounds.stop is not None and bounds.stop(event):
                        ended = True
                        break
                last = replay.events[-1].seq if replay.events else replay.head
                if after is not None and not replay.events:
                    last = after
        yield b"".join(chunks)
        while not ended:
            if bounds.deadline is not None and time.monotonic() > bounds.deadline:
                return
            frames = await subscriber.next()
            if not frames:
                yield KEEP_ALIVE_FRAME
                continue
            fresh = [frame for seq, frame in frames if seq > last or seq == 0]
            last = max(last, frames[-1][0])
            if fresh:
                yield fresh[0] if len(fresh) == 1 else b"".join(fresh)
    except (Overflow, Finished):
        # Too far behind, or over: end the stream; a browser that reconnects catches up from
        # the log (or, for a finished one, is told it may not).
        return
    finally:
        hub.unsubscribe(subscriber)


def event_stream_response(
    request: HttpRequest,
    *,
    cycle_id: int,
    after: int | None = None,
    bounds: Bounds = Bounds(),
) -> StreamingHttpResponse:
    """The stream of `cycle_id`, for a request that is already authorised. `after` defaults to
    the request's Last-Event-ID or `?after=`; without either the stream starts at the head."""
    if after is None:
        after = parse_after(request)
    body = events(cycle_id, after, parse_epoch(request), bounds)
    response = StreamingHttpResponse(body, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
