"""A small asyncio HTTP/1.1 client for the pages benchmark: a keep-alive pool of connections
to 127.0.0.1 that grows when requests overlap (up to a bound), and a cookie jar per visitor."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

TIMEOUT = 30.0
IDLE = 3.0  # seconds a kept-alive connection is reused for (uvicorn closes them after 5)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: list[str] = field(default_factory=list)


@dataclass
class Visitor:
    """A browser's cookies (one jar: the phone only ever asks for paths under /w/ and /join)."""

    cookies: dict[str, str] = field(default_factory=dict)

    def take(self, answer: Answer) -> None:
        for line in answer.cookies:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            expired = "max-age=0" in rest.lower() or "1970" in rest
            if expired:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class Pool:
    """Keep-alive connections; a request takes an idle one or opens a new one (≤ `limit`)."""

    def __init__(self, port: int, limit: int = 64) -> None:
        self.port = port
        self.idle: list[tuple[float, Connection]] = []  # (when it was last used, connection)
        self.open = 0
        self.most = 0
        self.slots = asyncio.Semaphore(limit)

    async def request(
        self,
        method: str,
        path: str,
        visitor: Visitor,
        *,
        form: dict[str, str] | None = None,
        htmx: bool = False,
    ) -> Answer:
        body = urlencode(form).encode() if form is not None else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            "Accept: text/html,*/*",
            "Accept-Encoding: identity",
            "Accept-Language: sv",
        ]
        if visitor.cookies:
            lines.append(f"Cookie: {visitor.header()}")
        if htmx:
            lines.append("HX-Request: true")
        if method == "POST":
            lines += [
                f"Origin: http://127.0.0.1:{self.port}",
                f"X-CSRFToken: {visitor.csrf}",
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        async with self.slots:
            connection = await self._take()
            try:
                answer = await asyncio.wait_for(self._exchange(connection, raw), TIMEOUT)
            except BaseException:
                self._drop(connection)
                raise
            if answer.headers.get("connection", "").lower() == "close":
                self._drop(connection)
            else:
                self.idle.append((time.monotonic(), connection))
        visitor.take(answer)
        return answer

    async def _take(self) -> Connection:
        while self.idle:
            used, connection = self.idle.pop()
            if time.monotonic() - used < IDLE:
                return connection
            self._drop(connection)
        connection = await asyncio.open_connection("127.0.0.1", self.port)
        self.open += 1
        self.most = max(self.most, self.open)
        return connection

    def _drop(self, connection: Connection) -> None:
        self.open -= 1
        connection[1].close()

    @staticmethod
    async def _exchange(connection: Connection, raw: bytes) -> Answer:
        reader, writer = connection
        writer.write(raw)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers: dict[str, str] = {}
        cookies: list[str] = []
        for line in header_lines:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookies.append(value)
            headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0")))
        return Answer(int(status_line.split()[1]), headers, body, cookies)

    def close(self) -> None:
        while self.idle:
            self._drop(self.idle.pop()[1])
