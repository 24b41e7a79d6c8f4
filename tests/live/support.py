"""A live server under uvicorn in a subprocess (pytest-django's live_server is WSGI and cannot
stream), a small server-sent events client with bounded waits, and API posting.

Nothing here touches the test process's database: servers get their own data folder (SQLite)
or their own fresh PostgreSQL database, migrated and seeded in subprocesses.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0
STEP_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in (
        "DATABASE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "POWERTRIANGLE_LANGUAGE",
        "POWERTRIANGLE_LIVE_BROKER",
        "REDIS_URL",
    ):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "powertriangle.settings",
            "POWERTRIANGLE_DATA_DIR": str(data_dir),
            "POWERTRIANGLE_ENV": "local",
            "DEBUG": "false",
            "PYTHONPATH": os.pathsep.join(
                [str(REPO_ROOT), str(REPO_ROOT / "src"), env.get("PYTHONPATH", "")]
            ).rstrip(os.pathsep),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def run_step(args: list[str], env: dict[str, str], what: str) -> str:
    try:
        result = subprocess.run(
            args,
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} took longer than {STEP_TIMEOUT:.0f} s")
    if result.returncode != 0:
        pytest.fail(f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


@dataclass
class Seed:
    cycle: int
    member: int
    token: str
    session_cookie: str
    coach_session: str
    outsider_session: str


def prepare(env: dict[str, str]) -> Seed:
    """Migrate and seed the server's database (in subprocesses)."""
    python = sys.executable
    run_step([python, "-m", "powertriangle", "migrate", "--no-input", "-v", "0"], env, "migrate")
    out = run_step([python, "-m", "tests.live.seed"], env, "seed")
    return Seed(**json.loads(out.strip().splitlines()[-1]))


@dataclass
class LiveServer:
    env: dict[str, str]
    log: Path
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log_file:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "powertriangle.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                    "--lifespan",
                    "off",
                    "--timeout-graceful-shutdown",
                    "1",
                    "--no-access-log",
                ],
                cwd=REPO_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(f"uvicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        pytest.fail(f"the server did not become healthy:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the whole server (its workers too), as a crash would."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def worker_pids(self) -> list[int]:
        """uvicorn's worker processes (or the server itself when it runs one)."""
        assert self.process is not None
        if self.workers == 1:
            return [self.process.pid]
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                cmdline = (stat.parent / "cmdline").read_bytes()
                if b"resource_tracker" not in cmdline:  # multiprocessing's helper
                    children.append(int(stat.parent.name))
        return children

    def log_tail(self, lines: int = 80) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError as exc:
            return f"(no log: {exc})"

    def post_factor(self, seed: Seed, text: str) -> dict[str, object]:
        body = json.dumps(
            {
                "dimension": "resources",
                "polarity": "barrier",
                "text": text,
                "author_id": seed.member,
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"{self.url}/api/v1/cycles/{seed.cycle}/factors",
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {seed.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.status == 201
            result: dict[str, object] = json.loads(response.read())
            return result


@dataclass
class SSEEvent:
    id: str
    event: str
    data: str

    def json(self) -> dict[str, object]:
        value: dict[str, object] = json.loads(self.data)
        return value


class SSEClient:
    """One screen: a GET on the stream, read line by line with bounded waits."""

    def __init__(
        self, server_url: str, path: str, *, cookie: str = "", last_event_id: str | None = None
    ) -> None:
        host, port = server_url.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=10)
        headers = {"Accept": "text/event-stream"}
        if cookie:
            headers["Cookie"] = cookie
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.connection.request("GET", path, headers=headers)
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.headers = dict(self.response.getheaders())
        self.retry: str | None = None
        self.comments = 0
        if self.status == 200:
            self._read_retry()

    def _read_retry(self, timeout: float = 10.0) -> None:
        """The stream's first line, sent once the server has subscribed this screen: from then
        on nothing committed is missed (a stream without ?after= starts at that moment)."""
        assert self.connection.sock is not None
        self.connection.sock.settimeout(timeout)
        line = self.response.readline().decode()
        assert line.startswith("retry: "), f"the stream began with {line!r}"
        self.retry = line.removeprefix("retry: ").strip()
        assert self.response.readline() in (b"\n", b"\r\n")

    def local_port(self) -> int:
        assert self.connection.sock is not None
        port: int = self.connection.sock.getsockname()[1]
        return port

    def next_event(self, timeout: float = 5.0) -> SSEEvent:
        """The next event, or AssertionError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        fields: dict[str, str] = {}
        data: list[str] = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no event within {timeout} s")
            assert self.connection.sock is not None
            self.connection.sock.settimeout(left)
            try:
                raw = self.response.readline()
            except TimeoutError:
                raise AssertionError(f"no event within {timeout} s") from None
            if not raw:
                raise AssertionError("the stream ended")
            line = raw.decode().rstrip("\n").rstrip("\r")
            if line == "":
                if data or fields:
                    return SSEEvent(
                        fields.get("id", ""), fields.get("event", "message"), "\n".join(data)
                    )
                continue
            if line.startswith(":"):
                self.comments += 1
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                data.append(value)
            elif name == "retry":
                self.retry = value
            else:
                fields[name] = value

    def events(self, count: int, timeout: float = 5.0) -> list[SSEEvent]:
        deadline = time.monotonic() + timeout
        return [self.next_event(max(deadline - time.monotonic(), 0.01)) for _ in range(count)]

    def close(self) -> None:
        self.connection.close()


def owner_pids(server_port: int, client_ports: list[int], pids: list[int]) -> dict[int, int]:
    """Which of `pids` holds the server side of each client's connection (client port → pid),
    read from /proc: the kernel, not uvicorn, decides which worker accepts a connection."""
    inode_of_client: dict[str, int] = {}
    wanted = {f"{port:04X}": port for port in client_ports}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local_port = parts[1].rsplit(":", 1)[1]
            remote_port = parts[2].rsplit(":", 1)[1]
            if int(local_port, 16) == server_port and remote_port in wanted:
                inode_of_client[parts[9]] = wanted[remote_port]
    owners: dict[int, int] = {}
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                client = inode_of_client.get(target[8:-1])
                if client is not None:
                    owners[client] = pid
    return owners


def require_service(name: str, reason: str) -> None:
    """Fail under CI (the service must be there), skip with the reason elsewhere."""
    message = f"{name} is not reachable: {reason}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + " (CI=true: the live multi-worker tests must run)")
    pytest.skip(message)
