"""The server's application: pages through Django's WSGI handler on a pool of threads, the live
streams through its ASGI handler.

Under Django's ASGI handler every request of a sync view crosses between async and sync code
several times (the handler, each sync-only middleware, the view), on threads made per request:
`bench/floor` measured `/healthz` at 169 requests/s on one worker beside 10,786 for a bare ASGI
app on the same uvicorn. Here a page crosses twice: the request, read whole, goes to a thread of a
fixed pool, where Django's whole WSGI chain runs and the answer is collected; the answer comes back
to the event loop once. (A general ASGI-to-WSGI bridge hands every chunk and header across
threads, and each hand-over waits for the other thread to get the interpreter lock.) Only the views
that are coroutines (the event streams, which wait for minutes) stay on the ASGI handler.

Pages answer in one piece: none of them streams (exports are built in memory anyway, static files
are small), so collecting the answer in the thread costs nothing a browser would notice.
"""

from __future__ import annotations

import asyncio
import functools
import io
import sys
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.urls import Resolver404, resolve

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]
PAGE_THREADS = "pages"  # the name of the pool's threads


@functools.lru_cache(maxsize=4096)
def is_stream(path: str) -> bool:
    """Whether `path` is served by a coroutine view (a live event stream)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return iscoroutinefunction(match.func)


def wsgi_environ(scope: Scope, body: bytes) -> dict[str, Any]:
    """The PEP 3333 environ of an ASGI HTTP request whose body has been read."""
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


def call_wsgi(app: WSGIApp, environ: dict[str, Any]) -> Answer:
    """Run the WSGI app and collect its whole answer (closing it ends Django's request: its
    signals close the database connection in this same thread)."""
    started: list[Any] = []
    written: list[bytes] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started[:] = [status, headers]
        return written.append

    result = app(environ, start_response)
    try:
        chunks = [*written, *result]
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started
    return (
        int(status.split(" ", 1)[0]),
        [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        b"".join(chunks),
    )


# The most of a request body read into memory: four times what Django accepts
# (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB), so Django still answers a body a little too large itself.
MAX_BODY = 10 * 2**20


async def _refuse_too_large(send: Send) -> None:
    text = b"The request is too large."
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": text})


def application_for(streams: ASGIApp, pages: WSGIApp, *, threads: int) -> ASGIApp:
    """One ASGI application: `streams` (Django's ASGI handler) for the coroutine views and
    everything that is not HTTP, `pages` (its WSGI handler) on `threads` threads for the rest."""
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=PAGE_THREADS)

    async def page(scope: Scope, receive: Receive, send: Send) -> None:
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > MAX_BODY:  # Django refuses far less (413, in the page's words)
                await _refuse_too_large(send)
                return
            if not message.get("more_body"):
                break
        environ = wsgi_environ(scope, bytes(body))
        loop = asyncio.get_running_loop()
        status, headers, content = await loop.run_in_executor(pool, call_wsgi, pages, environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not is_stream(scope["path"]):
            await page(scope, receive, send)
        else:
            await streams(scope, receive, send)

    return application
