"""Minimal asyncio HTTP/1.1 clients for the benchmark: event-stream screens that only note
(seq, arrival time), one screen that also reads the data, and a keep-alive JSON poster."""

from __future__ import annotations

import asyncio
import json
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field


class Screen(asyncio.Protocol):
    """One open event stream. Notes the seq of each event and when its bytes arrived."""

    def __init__(
        self, request: bytes, keep_data: bool = False, previous: Screen | None = None
    ) -> None:
        self.request = request
        self.keep_data = keep_data
        self.transport: asyncio.BaseTransport | None = None
        self.buffer = b""
        self.status: int | None = None
        self.connected: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        # A reconnected screen goes on filling its predecessor's record.
        self.seqs = previous.seqs if previous else array("q")
        self.times = previous.times if previous else array("d")
        self.on_lost: Callable[[Screen], object] | None = None
        self.texts: dict[int, str] = {}
        self._seq = previous._seq if previous else 0
        self.headers_done = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        transport.write(self.request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buffer = self.buffer + data
        if not self.headers_done:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                self.buffer = buffer
                return
            self.status = int(buffer[9:12])
            self.headers_done = True
            buffer = buffer[end + 4 :]
            if self.status != 200 and not self.connected.done():
                self.connected.set_result(self.status)
        if not self.connected.done() and b"retry:" in buffer:
            # The stream's first bytes: the server has subscribed this screen.
            self.connected.set_result(self.status or 0)
        cut = buffer.rfind(b"\n")
        if cut < 0:
            self.buffer = buffer
            return
        self.buffer = buffer[cut + 1 :]
        for line in buffer[:cut].split(b"\n"):
            if line.startswith(b"id: "):
                seq = int(line[4:])
                self._seq = seq
                self.seqs.append(seq)
                self.times.append(now)
            elif self.keep_data and line.startswith(b"data: "):
                try:
                    text = json.loads(line[6:]).get("text")
                except (ValueError, AttributeError):
                    continue
                if isinstance(text, str):
                    self.texts[self._seq] = text

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.connected.done():
            self.connected.set_result(self.status or 0)
        if not self.closed.done():
            self.closed.set_result(None)
        if self.on_lost is not None:
            self.on_lost(self)

    @property
    def last_seq(self) -> int:
        return self._seq

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


def stream_request(path: str, port: int, cookie: str, last_event_id: int | None = None) -> bytes:
    resume = f"Last-Event-ID: {last_event_id}\r\n" if last_event_id is not None else ""
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
        f"Cookie: {cookie}\r\n{resume}\r\n"
    ).encode()


async def open_screens(
    port: int, path: str, cookie: str, count: int, *, batch: int = 50, keep_data: bool = False
) -> list[Screen]:
    """Open `count` streams, `batch` at a time; raise if one does not answer 200 in time."""
    loop = asyncio.get_running_loop()
    request = stream_request(path, port, cookie)
    screens: list[Screen] = []

    async def one() -> Screen:
        _transport, screen = await loop.create_connection(
            lambda: Screen(request, keep_data), "127.0.0.1", port
        )
        status = await asyncio.wait_for(screen.connected, 30)
        if status != 200:
            raise RuntimeError(f"a screen got HTTP {status}")
        return screen

    for start in range(0, count, batch):
        size = min(batch, count - start)
        screens.extend(await asyncio.gather(*(one() for _ in range(size))))
    return screens


@dataclass
class Post:
    index: int
    sent: float = 0.0
    acked: float = 0.0
    status: int = 0


@dataclass
class Poster:
    """Keep-alive connections posting factors through the JSON API."""

    port: int
    cycle: int
    member: int
    token: str
    connections: int = 8
    posts: list[Post] = field(default_factory=list)
    _pool: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] | None = None

    async def start(self) -> None:
        self._pool = asyncio.Queue()
        for _ in range(self.connections):
            self._pool.put_nowait(await asyncio.open_connection("127.0.0.1", self.port))

    async def post(self, index: int) -> Post:
        assert self._pool is not None
        post = Post(index)
        self.posts.append(post)
        body = json.dumps(
            {
                "dimension": "resources",
                "polarity": "barrier",
                "text": f"bench {index}",
                "author_id": self.member,
            }
        ).encode()
        request = (
            f"POST /api/v1/cycles/{self.cycle}/factors HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{self.port}\r\nAuthorization: Bearer {self.token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        reader, writer = await self._pool.get()
        try:
            post.sent = time.monotonic()
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            post.status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await asyncio.wait_for(reader.readexactly(length), 30)
            post.acked = time.monotonic()
        finally:
            self._pool.put_nowait((reader, writer))
        return post

    async def close(self) -> None:
        assert self._pool is not None
        while not self._pool.empty():
            _reader, writer = self._pool.get_nowait()
            writer.close()


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
