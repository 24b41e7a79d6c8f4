"""The benchmark's screens, in their own process so that reading 500 streams does not slow
the poster's clock: `python -m bench._live.screens PORT PATH COOKIE COUNT`.

Prints "ready N" once all streams are open, then answers commands on stdin, one JSON line each:
- `report FILE` (FILE: JSON {"sent": {seq: send time}, "expected": [seq, …]}): the latencies'
  p95 and maximum, the delivered and the expected count;
- `reconnect`: from now on a lost stream is reopened like a browser's EventSource does (every
  2 s, with Last-Event-ID);
- `caughtup FIRST LAST T0`: how many screens have every seq FIRST..LAST, and when (seconds
  after the monotonic time T0) the slowest of them got its last missing one;
- `quit` (or the end of input) closes everything.
"""

from __future__ import annotations

import asyncio
import json
import sys
from functools import partial

from bench._live.client import Screen, open_screens, p95, stream_request

RETRY_SECONDS = 2.0
RECONNECT_FOR_SECONDS = 120.0


def report(screens: list[Screen], sent: dict[int, float], expected: set[int]) -> dict[str, float]:
    """Latencies of the posts whose send time is known; delivery over every expected seq."""
    latencies: list[float] = []
    delivered = 0
    for screen in screens:
        seen: set[int] = set()
        for seq, at in zip(screen.seqs, screen.times, strict=True):
            if seq in expected and seq not in seen:
                seen.add(seq)
                if seq in sent:
                    latencies.append((at - sent[seq]) * 1000)
        delivered += len(seen)
    return {
        "p95_ms": p95(latencies),
        "max_ms": max(latencies, default=float("nan")),
        "delivered": delivered,
        "expected": len(expected) * len(screens),
        "closed": sum(1 for s in screens if s.closed.done()),
    }


def caught_up(screens: list[Screen], first: int, last: int, t0: float) -> dict[str, float]:
    needed = set(range(first, last + 1))
    done: list[float] = []
    for screen in screens:
        arrival: dict[int, float] = {}
        for seq, at in zip(screen.seqs, screen.times, strict=True):
            if seq in needed and seq not in arrival:
                arrival[seq] = at
        if len(arrival) == len(needed):
            done.append(max(arrival.values()) - t0)
    return {
        "screens": len(screens),
        "complete": len(done),
        "p95_s": p95(done),
        "max_s": max(done, default=float("nan")),
    }


class Reconnector:
    def __init__(self, screens: list[Screen], port: int, path: str, cookie: str) -> None:
        self.screens, self.port, self.path, self.cookie = screens, port, path, cookie
        self.tasks: set[asyncio.Task[None]] = set()

    def watch(self, index: int) -> None:
        self.screens[index].on_lost = lambda _screen: self._spawn(index)

    def _spawn(self, index: int) -> None:
        task = asyncio.get_running_loop().create_task(self._reopen(index))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _reopen(self, index: int) -> None:
        loop = asyncio.get_running_loop()
        old = self.screens[index]
        deadline = loop.time() + RECONNECT_FOR_SECONDS
        while loop.time() < deadline:
            await asyncio.sleep(RETRY_SECONDS)
            request = stream_request(self.path, self.port, self.cookie, old.last_seq)
            try:
                _transport, screen = await loop.create_connection(
                    partial(Screen, request, previous=old), "127.0.0.1", self.port
                )
                status = await asyncio.wait_for(asyncio.shield(screen.connected), 30)
            except (OSError, TimeoutError):
                continue
            if status == 200 and not screen.closed.done():
                self.screens[index] = screen
                self.watch(index)
                return
            screen.close()


async def main() -> None:
    port, path, cookie, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    try:
        screens = await open_screens(port, path, cookie, count)
    except Exception as exc:
        print(f"error {exc}", flush=True)
        return
    print(f"ready {len(screens)}", flush=True)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    reconnector = Reconnector(screens, port, path, cookie)
    while True:
        line = (await reader.readline()).decode().strip()
        if not line or line == "quit":
            break
        command, _, rest = line.partition(" ")
        if command == "report":
            with open(rest, encoding="utf-8") as file:
                data = json.load(file)
            sent = {int(k): float(v) for k, v in data["sent"].items()}
            print(json.dumps(report(screens, sent, set(data["expected"]))), flush=True)
        elif command == "reconnect":
            for index in range(len(screens)):
                reconnector.watch(index)
            print("{}", flush=True)
        elif command == "caughtup":
            first, last, t0 = rest.split()
            print(json.dumps(caught_up(screens, int(first), int(last), float(t0))), flush=True)
    for screen in screens:
        screen.on_lost = None
        screen.close()


if __name__ == "__main__":
    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())
