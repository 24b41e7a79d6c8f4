"""The writers: threads that add factors with unique texts through the JSON API until the server
dies, noting which writes it acknowledged."""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from contextlib import closing
from dataclasses import dataclass, field

from bench._durability.seed import PASSWORD, USERNAME
from bench._durability.server import Server, request

MAX_WRITES_PER_WRITER = 100_000  # per run; a bound, never reached in a few seconds


@dataclass
class Writes:
    """What the writers of one run saw; lists are appended to from several threads."""

    acknowledged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # answers other than 2xx
    cut_off: int = 0  # requests in flight when the server died (answer unknown)


def writer(
    server: Server,
    token: str,
    cycle_id: int,
    member_id: int,
    name: str,
    stop: threading.Event,
    deadline: float,
    writes: Writes,
) -> None:
    path = f"/api/v1/cycles/{cycle_id}/factors"
    conn = server.connection()
    try:
        for number in range(MAX_WRITES_PER_WRITER):
            if stop.is_set() or time.monotonic() > deadline:
                return
            text = f"durability {name} #{number} {uuid.uuid4().hex}"
            body = {
                "dimension": ("resources", "discourses", "contexts")[number % 3],
                "polarity": ("barrier", "enabler")[number % 2],
                "text": text,
                "author_id": member_id,
            }
            try:
                status, answer = request(conn, "POST", path, body, token)
            except (OSError, http.client.HTTPException):
                # The server is gone: this write's fate is unknown, and so not acknowledged.
                writes.cut_off += 1
                return
            if 200 <= status < 300:
                writes.acknowledged.append(text)
            else:
                writes.errors.append(f"{status} {answer[:200]!r}")
                return
    finally:
        conn.close()


def get_token(server: Server) -> str:
    with closing(server.connection()) as conn:
        status, answer = request(
            conn, "POST", "/api/v1/auth/token", {"username": USERNAME, "password": PASSWORD}
        )
    if status != 200:
        raise RuntimeError(f"POST /api/v1/auth/token answered {status}: {answer[:300]!r}")
    token = json.loads(answer)["token"]
    assert isinstance(token, str)
    return token
