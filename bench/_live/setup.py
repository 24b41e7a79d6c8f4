"""Setting up a benchmark run: its database, the server's environment, the screens process
and the sampler that watches the server."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from bench._live.server import Server

REPO = Path(__file__).resolve().parents[2]
STEP_TIMEOUT = 300


class Postgres:
    """A fresh database for the run, dropped at the end."""

    def __init__(self) -> None:
        import psycopg

        self.psycopg = psycopg
        self.name = f"bench_live_{secrets.token_hex(4)}"
        errors = []
        for user in ("postgres", "root"):
            try:
                self.admin = psycopg.connect(
                    host="127.0.0.1",
                    port=5432,
                    user=user,
                    dbname="postgres",
                    autocommit=True,
                    connect_timeout=5,
                )
                self.user = user
                break
            except psycopg.Error as exc:
                errors.append(str(exc))
        else:
            raise SystemExit(f"PostgreSQL on 127.0.0.1:5432 does not answer: {errors}")
        self.admin.execute(f'CREATE DATABASE "{self.name}"')
        self.url = f"postgres://{self.user}@127.0.0.1:5432/{self.name}"
        self._lock = threading.Lock()

    def connections(self) -> int:
        with self._lock:
            row = self.admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [self.name]
            ).fetchone()
        return int(row[0]) if row else 0

    def drop(self) -> None:
        with self._lock:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.admin.close()


class Sampler(threading.Thread):
    """The server's memory and threads once a second, its database connections every 50 ms
    (connection storms are short); the largest values seen, connections also per phase."""

    def __init__(self, server: Server, count_connections: Callable[[], int]) -> None:
        super().__init__(daemon=True)
        self.server, self.count_connections = server, count_connections
        self.rss_mb = 0.0
        self.db_connections = 0
        self.db_connections_by_phase: dict[str, int] = {}
        self.phase = "start"
        self.threads = 0
        self._halt = threading.Event()

    def run(self) -> None:
        ticks = 0
        while not self._halt.wait(0.05):
            self.sample(memory=ticks % 20 == 0)
            ticks += 1

    def sample(self, memory: bool = True) -> None:
        try:
            if memory:
                self.rss_mb = max(self.rss_mb, self.server.rss_mb())
                self.threads = max(self.threads, self.server.threads())
            count = self.count_connections()
            self.db_connections = max(self.db_connections, count)
            phase = self.phase
            self.db_connections_by_phase[phase] = max(
                self.db_connections_by_phase.get(phase, 0), count
            )
        except Exception as exc:  # a sample lost is not a reason to stop the run
            print(f"# sample failed: {exc}", flush=True)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


class ScreensProcess:
    def __init__(self, env: dict[str, str], port: int, path: str, cookie: str, count: int):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench._live.screens", str(port), path, cookie, str(count)],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self._line()
        if not line.startswith("ready"):
            self.stop()
            raise SystemExit(f"screens did not connect: {line}")

    def _line(self) -> str:
        assert self.process.stdout is not None
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()))  # type: ignore[union-attr]
        reader.start()
        reader.join(STEP_TIMEOUT)
        if not result:
            self.stop()
            raise SystemExit("the screens process did not answer in time")
        return result[0].strip()

    def command(self, line: str) -> dict[str, float]:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return dict(json.loads(self._line()))

    def report(self, path: Path) -> dict[str, float]:
        return self.command(f"report {path}")

    def stop(self) -> None:
        try:
            if self.process.stdin is not None:
                self.process.stdin.write("quit\n")
                self.process.stdin.close()
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=10)


def run_step(args: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def server_env(
    args: argparse.Namespace, data_dir: Path, database_url: str | None
) -> dict[str, str]:
    env = dict(os.environ)
    for name in (
        "DATABASE_URL",
        "POWERTRIANGLE_LIVE_BROKER",
        "REDIS_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "powertriangle.settings",
            "POWERTRIANGLE_DATA_DIR": str(data_dir),
            "POWERTRIANGLE_ENV": "local",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")]),
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if args.broker:
        env["POWERTRIANGLE_LIVE_BROKER"] = args.broker
    if args.broker == "redis":
        env["REDIS_URL"] = args.redis_url
    if args.db_pool_size is not None:
        env["POWERTRIANGLE_DB_POOL_SIZE"] = str(args.db_pool_size)
    else:
        env.pop("POWERTRIANGLE_DB_POOL_SIZE", None)
    return env
