"""One server-sent event stream per screen: catch up from the log, then follow live.

Order of work, so that nothing is lost or sent twice: subscribe to this process's hub first
(from then on every committed event reaches the screen), then replay the log after the screen's
last event (`Last-Event-ID` or `?after=`), then send live events, skipping any number already
sent. A screen whose `after` is older than the oldest event kept (the log was pruned,
services.py) gets a `reset` and reloads rather than miss events. The stream holds no database
connection while it waits.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync, sync_to_async
from django.http import HttpRequest, StreamingHttpResponse

from powertriangle.live import store
from powertriangle.live.events import KEEP_ALIVE_FRAME, RETRY_FRAME, reset_frame
from powertriangle.live.hub import Overflow, get_hub

SEQ_MAX = 2**53


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


async def events(cycle_id: int, after: int | None) -> AsyncGenerator[bytes, None]:
    """The stream's body: frames as bytes, until the client goes away."""
    # The request's own thread opened connections for the session and the access check:
    # close them, this stream may stay open for hours.
    await sync_to_async(store.close_connections, thread_sensitive=True)()
    _release_request_thread()
    hub = get_hub()
    subscriber = await hub.subscribe(cycle_id)
    try:
        chunks = [RETRY_FRAME]
        backlog = hub.backlog(subscriber, after)
        if backlog is not None:
            last, frames = backlog
            chunks.extend(frame for _seq, frame in frames)
        else:
            replay = await hub.db(store.replay, cycle_id, after)
            if replay.reset:
                chunks.append(reset_frame(replay.head))
                last = replay.head
            else:
                chunks.extend(event.frame() for event in replay.events)
                last = replay.events[-1].seq if replay.events else replay.head
                if after is not None and not replay.events:
                    last = after
        yield b"".join(chunks)
        while True:
            frames = await subscriber.next()
            if not frames:
                yield KEEP_ALIVE_FRAME
                continue
            if len(frames) == 1:  # the usual case: one event, its shared frame as it is
                seq, frame = frames[0]
                if seq > last:
                    last = seq
                    yield frame
                continue
            fresh = [frame for seq, frame in frames if seq > last]
            if fresh:
                last = max(last, frames[-1][0])
                yield b"".join(fresh)
    except Overflow:
        # Too far behind: end the stream; the browser reconnects and catches up from the log.
        return
    finally:
        hub.unsubscribe(subscriber)


def event_stream_response(
    request: HttpRequest, *, cycle_id: int, after: int | None = None
) -> StreamingHttpResponse:
    """The stream of `cycle_id`, for a request that is already authorised. `after` defaults to
    the request's Last-Event-ID or `?after=`; without either the stream starts at the head."""
    if after is None:
        after = parse_after(request)
    response = StreamingHttpResponse(events(cycle_id, after), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
