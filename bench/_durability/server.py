"""The server under test (uvicorn on 127.0.0.1 and a free port) and requests to its API."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 30.0
REQUEST_TIMEOUT = 10.0


def server_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "POWERTRIANGLE_LANGUAGE"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "powertriangle.settings",
            "POWERTRIANGLE_DATA_DIR": str(data_dir),
            "POWERTRIANGLE_ENV": "local",
            "DEBUG": "false",
            "PYTHONPATH": os.pathsep.join(
                [str(REPO_ROOT / "src"), env.get("PYTHONPATH", "")]
            ).rstrip(os.pathsep),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run_step(args: Sequence[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(
        list(args), cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def request(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    body: object = None,
    token: str = "",
) -> tuple[int, bytes]:
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(server log unreadable: {exc})"
        return "\n".join(text.splitlines()[-lines:])


def start_server(data_dir: Path, env: dict[str, str], number: int) -> Server:
    port = free_port()
    log = data_dir / f"server-{number}.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "powertriangle.asgi:application",
                "--host",
                HOST,
                "--port",
                str(port),
                "--lifespan",
                "off",
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, port, log)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{server.log_tail()}")
        try:
            with closing(http.client.HTTPConnection(HOST, port, timeout=2)) as conn:
                if request(conn, "GET", "/healthz")[0] == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.1)
    kill(server)
    raise RuntimeError(f"the server did not answer /healthz in {STARTUP_TIMEOUT:.0f} s")


def kill(server: Server) -> None:
    if server.process.poll() is None:
        os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=30)
