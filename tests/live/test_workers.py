"""Several worker processes: every screen gets every event, whichever worker it landed on and
whichever worker took the post. An in-process fan-out fails this (a screen sees only what its
own worker published), so it runs end to end: uvicorn --workers 2 on PostgreSQL with
LISTEN/NOTIFY, and with Redis pub/sub.

PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) must answer under CI=true; elsewhere
a missing server skips its test with the reason.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.live.support import (
    LiveServer,
    Seed,
    SSEClient,
    owner_pids,
    prepare,
    require_service,
    server_env,
)

SCREENS = 8
SCREENS_MAX = 24
POSTS = 4


def _admin_connection() -> tuple[psycopg.Connection, str]:
    errors = []
    for user in ("postgres", "root"):
        try:
            connection = psycopg.connect(
                host="127.0.0.1",
                port=5432,
                user=user,
                dbname="postgres",
                connect_timeout=3,
                autocommit=True,
            )
            return connection, user
        except psycopg.Error as exc:
            errors.append(f"{user}: {exc}".strip())
    require_service("PostgreSQL on 127.0.0.1:5432", "; ".join(errors))
    raise AssertionError("unreachable")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database for this test, dropped afterwards."""
    admin, user = _admin_connection()
    name = f"powertriangle_live_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield f"postgres://{user}@127.0.0.1:5432/{name}"
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def redis_url() -> str:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=3) as sock:
            sock.sendall(b"PING\r\n")
            answer = sock.recv(64)
    except OSError as exc:
        require_service("Redis on 127.0.0.1:6379", str(exc))
    if not answer.startswith(b"+PONG"):
        require_service("Redis on 127.0.0.1:6379", f"PING answered {answer!r}")
    return "redis://127.0.0.1:6379/0"


def _every_screen_gets_every_post(server: LiveServer, seed: Seed) -> None:
    cookie = f"{seed.session_cookie}={seed.coach_session}"
    path = f"/live/cycles/{seed.cycle}/events"
    screens: list[SSEClient] = []
    try:
        workers = server.worker_pids()
        assert len(workers) == 2, f"expected 2 workers, found {workers}"
        owners: dict[int, int] = {}
        # Open screens until both workers serve some (the kernel spreads the connections).
        while len(screens) < SCREENS or len(set(owners.values())) < 2:
            assert len(screens) < SCREENS_MAX, f"all screens landed on one worker: {owners}"
            screen = SSEClient(server.url, path, cookie=cookie)
            assert screen.status == 200, server.log_tail()
            screens.append(screen)
            owners = owner_pids(server.port, [s.local_port() for s in screens], workers)
        texts = [f"post {n} of {POSTS}" for n in range(POSTS)]
        for text in texts:
            server.post_factor(seed, text)  # each post lands on either worker
        failures = []
        for index, screen in enumerate(screens):
            got: list[object] = []
            try:
                for _ in range(POSTS):
                    got.append(screen.next_event(timeout=4).json()["text"])
            except AssertionError as exc:
                got.append(str(exc))
            if got != texts:
                failures.append(f"screen {index} on {owners.get(screen.local_port())}: {got}")
        assert not failures, "\n".join([*failures, server.log_tail()])
    finally:
        for screen in screens:
            screen.close()


def test_two_workers_on_postgresql_deliver_every_event_to_every_screen(
    tmp_path: Path, postgres_url: str
) -> None:
    env = server_env(tmp_path, DATABASE_URL=postgres_url, POWERTRIANGLE_LIVE_BROKER="postgres")
    seed = prepare(env)
    server = LiveServer(env, tmp_path / "server.log", workers=2)
    server.start()
    try:
        _every_screen_gets_every_post(server, seed)
    finally:
        server.stop()


def test_two_workers_with_redis_deliver_every_event_to_every_screen(
    tmp_path: Path, redis_url: str
) -> None:
    env = server_env(tmp_path, POWERTRIANGLE_LIVE_BROKER="redis", REDIS_URL=redis_url)
    seed = prepare(env)
    server = LiveServer(env, tmp_path / "server.log", workers=2)
    server.start()
    try:
        _every_screen_gets_every_post(server, seed)
    finally:
        server.stop()
