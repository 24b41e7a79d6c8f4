"""Issue 4: database connections stay within the pool whatever the number of screens.

uvicorn with 2 workers on PostgreSQL, a pool of POOL_SIZE connections per worker; many event
streams open while posts and page requests run concurrently. A sampler reads
`pg_stat_activity` for the server's database every few milliseconds; the most connections
ever seen must not exceed POOL_SIZE × workers + one LISTEN connection per worker. Without
the pool (POWERTRIANGLE_DB_POOL_SIZE=0) the same load opened 42 connections in a trial run;
with it, 8 (the bound, reached: the pools were busy).

PostgreSQL only: it runs in CI's PostgreSQL leg (DATABASE_URL=postgres://…), on that
server, in a fresh database of its own. In the SQLite leg it skips, because the database is
SQLite and there is no PostgreSQL connection to count.
"""

from __future__ import annotations

import secrets
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from tests.live.support import LiveServer, Seed, SSEClient, prepare, server_env

WORKERS = 2
POOL_SIZE = 3
SCREENS = 120
POSTS = 40
PAGES = 40


def _server_params() -> dict[str, Any]:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "the database is SQLite: connections to PostgreSQL are counted in the PostgreSQL "
            "leg (DATABASE_URL=postgres://…)"
        )
    return {
        "host": database.get("HOST") or "127.0.0.1",
        "port": int(database.get("PORT") or 5432),
        "user": database.get("USER") or "postgres",
        "password": database.get("PASSWORD") or None,
    }


@pytest.fixture
def postgres() -> Iterator[tuple[psycopg.Connection, str, str]]:
    """An admin connection (to the `postgres` database, so it is not counted), a fresh
    database for the server and that database's URL; dropped afterwards."""
    params = _server_params()
    name = f"powertriangle_pool_{secrets.token_hex(4)}"
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        password = f":{quote(params['password'], safe='')}" if params["password"] else ""
        url = (
            f"postgres://{quote(params['user'], safe='')}{password}"
            f"@{params['host']}:{params['port']}/{name}"
        )
        try:
            yield admin, name, url
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


class ConnectionSampler(threading.Thread):
    """The largest number of connections to `database` (and of LISTEN ones) seen."""

    def __init__(self, admin: psycopg.Connection, database: str) -> None:
        super().__init__(daemon=True)
        self.admin, self.database = admin, database
        self.most = self.most_listening = self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            row = self.admin.execute(
                "SELECT count(*), count(*) FILTER (WHERE query ILIKE 'LISTEN %%') "
                "FROM pg_stat_activity WHERE datname = %s",
                [self.database],
            ).fetchone()
            assert row is not None
            self.most = max(self.most, int(row[0]))
            self.most_listening = max(self.most_listening, int(row[1]))
            self.samples += 1
            self._halt.wait(0.005)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def _page(server: LiveServer, seed: Seed) -> int:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{server.url}/projects/",
        headers={"Cookie": f"{seed.session_cookie}={seed.coach_session}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        status: int = response.status
        return status


def test_connections_stay_within_the_pool_with_many_screens_and_requests(
    tmp_path: Path, postgres: tuple[psycopg.Connection, str, str]
) -> None:
    admin, database, url = postgres
    env = server_env(
        tmp_path,
        DATABASE_URL=url,
        POWERTRIANGLE_LIVE_BROKER="postgres",
        POWERTRIANGLE_DB_POOL_SIZE=str(POOL_SIZE),
    )
    seed = prepare(env)
    server = LiveServer(env, tmp_path / "server.log", workers=WORKERS)
    sampler = ConnectionSampler(admin, database)
    screens: list[SSEClient] = []
    server.start()
    try:
        sampler.start()
        path = f"/live/cycles/{seed.cycle}/events"
        cookie = f"{seed.session_cookie}={seed.coach_session}"
        with ThreadPoolExecutor(max_workers=48) as executor:
            # Screens connecting, phones posting and pages loading, all at once.
            opening = [
                executor.submit(SSEClient, server.url, path, cookie=cookie) for _ in range(SCREENS)
            ]
            posts = [executor.submit(server.post_factor, seed, f"pooled {n}") for n in range(POSTS)]
            pages = [executor.submit(_page, server, seed) for _ in range(PAGES)]
            screens = [future.result(timeout=120) for future in opening]
            for future in posts:
                future.result(timeout=120)  # post_factor asserts 201
            assert [future.result(timeout=120) for future in pages] == [200] * PAGES
        assert [s.status for s in screens] == [200] * SCREENS, server.log_tail()
        # The streams stay open; one more post reaches a screen opened during the storm.
        server.post_factor(seed, "after the storm")
        texts = []
        deadline = time.monotonic() + 10
        while "after the storm" not in texts and time.monotonic() < deadline:
            texts.append(str(screens[-1].next_event(timeout=5).json()["text"]))
        assert "after the storm" in texts
        time.sleep(0.5)
    finally:
        sampler.stop()
        for screen in screens:
            screen.close()
        server.stop()
    assert sampler.samples > 20, "the sampler did not watch the storm"
    assert sampler.most_listening == WORKERS, "one LISTEN connection per worker"
    bound = POOL_SIZE * WORKERS + WORKERS
    assert sampler.most <= bound, (
        f"{sampler.most} connections to the database at once; the pools allow {bound}\n"
        + server.log_tail()
    )
