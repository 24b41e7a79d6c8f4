"""The real console script: `python -m powertriangle` in a subprocess, with its exit codes and
messages, and the server it starts answering over HTTP."""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from powertriangle.ops.demo import DEMO_PASSWORD, PROJECT_TITLE
from tests.integration.cli_catalogues import BROKEN


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(data_dir: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env.pop("POWERTRIANGLE_DATA_DIR", None)
    env["POWERTRIANGLE_LANGUAGE"] = "en"
    env["POWERTRIANGLE_ENV"] = "local"
    if data_dir is not None:
        env["POWERTRIANGLE_DATA_DIR"] = str(data_dir)
    return env


def _script(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "powertriangle", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _get_healthz(port: int, server: subprocess.Popen[bytes], log: Path) -> tuple[int, object]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text(encoding='utf-8')}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                return int(reply.status), json.loads(reply.read())
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail(f"no answer on port {port}:\n{log.read_text(encoding='utf-8')}")


def _stop(server: subprocess.Popen[bytes]) -> int:
    server.terminate()
    try:
        return server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
        raise


def test_it_runs_as_a_console_script_and_serves_over_http(tmp_path: Path) -> None:
    env = _environment(tmp_path / "data")
    checked = _script("check", env=env, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    # `check` has run the system checks once; the other steps skip them to stay quick.
    migrated = _script("migrate", "--verbosity", "0", "--skip-checks", env=env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr

    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    invalid = _script("catalogue", "--skip-checks", "validate", str(broken), env=env, cwd=tmp_path)
    assert invalid.returncode == 1
    assert f"{broken}:9: " in invalid.stdout
    assert "Traceback" not in invalid.stderr
    unknown = _script(
        "export", "999", "--skip-checks", env=env, cwd=tmp_path
    )  # the alias of export_project
    assert unknown.returncode == 1
    assert "no project with the id 999" in unknown.stderr

    deep = tmp_path / "deep.json"
    deep.write_text('{"a":' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    nested = _script("import", str(deep), "--org", "R", "--skip-checks", env=env, cwd=tmp_path)
    assert nested.returncode == 2
    assert (
        nested.stderr.strip() == f"CommandError: {deep}: the JSON is nested too deeply to be read."
    )
    assert "Traceback" not in nested.stderr

    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "powertriangle", "serve", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            assert _get_healthz(port, server, log) == (200, {"status": "ok"})
        finally:
            code = _stop(server)
    output = log.read_text(encoding="utf-8")
    # uvicorn shuts down gracefully, then re-raises the signal it caught.
    assert code in (0, -signal.SIGTERM), output
    assert "Finished server process" in output
    assert "Warning" not in output


def test_it_serves_the_demo_from_a_fresh_folder(tmp_path: Path) -> None:
    """No configuration at all: the database and key go to ./data/ beside where it runs. The
    coach logs in over real HTTP, opens a live stream, and stopping still takes a moment only."""
    port = _free_port()
    log = tmp_path / "demo.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "powertriangle", "demo", "--port", str(port)],
            env=_environment(None),
            cwd=tmp_path,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            assert _get_healthz(port, server, log) == (200, {"status": "ok"})
            stream = _open_live_stream_as_coach(f"http://127.0.0.1:{port}/")
            for path in ("join", "w/999/"):  # a participant's paths: never in the log
                with contextlib.suppress(urllib.error.HTTPError):
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5).close()
        finally:
            started = time.monotonic()
            _stop(server)
            stopped_after = time.monotonic() - started
        stream.close()
    output = log.read_text(encoding="utf-8")
    assert stopped_after < 5, output
    assert f"http://127.0.0.1:{port}/" in output
    assert "coach" in output
    assert DEMO_PASSWORD in output
    assert (tmp_path / "data" / "powertriangle.sqlite3").exists()
    # The access log: staff paths without any address, participants' paths not at all.
    assert "GET /accounts/login/ 200" in output
    assert "/join" not in output
    assert "/w/" not in output
    assert not re.search(r"127\.0\.0\.1:\d+ - ", output)  # uvicorn's "client - request"


def _open_live_stream_as_coach(base: str) -> http.client.HTTPResponse:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(f"{base}accounts/login/", timeout=5) as reply:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reply.read().decode())
    assert found is not None
    form = {"csrfmiddlewaretoken": found[1], "username": "coach", "password": DEMO_PASSWORD}
    login = urllib.request.Request(  # noqa: S310 - http on this machine
        f"{base}accounts/login/", data=urllib.parse.urlencode(form).encode(), method="POST"
    )
    with opener.open(login, timeout=5) as landing:
        assert PROJECT_TITLE in landing.read().decode()
    # A fresh database: the demo's open cycle, the third, has the id 3.
    stream = opener.open(f"{base}live/cycles/3/events", timeout=5)
    assert isinstance(stream, http.client.HTTPResponse)
    assert stream.headers["Content-Type"].startswith("text/event-stream")
    assert stream.read(1)
    return stream


@pytest.mark.parametrize(
    ("language", "ours", "theirs"),
    [
        (
            "sv",
            ["användning:", "flaggor:", "Visa den här hjälpen", "Hur mycket som skrivs ut"],
            ["usage:", "show this help message", "Verbosity level", "Display a full stack"],
        ),
        (
            "en",
            ["usage:", "options:", "Show this help and stop.", "Print without colours."],
            ["användning:", "Visa den här hjälpen", "Verbosity level"],
        ),
    ],
)
def test_demo_help_speaks_one_language(
    tmp_path: Path, language: str, ours: list[str], theirs: list[str]
) -> None:
    """`demo --help` in the installation's language, Django's own options included."""
    env = _environment(tmp_path)
    env["POWERTRIANGLE_LANGUAGE"] = language
    result = _script("demo", "--help", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for text in ours:
        assert text in result.stdout, text
    for text in theirs:
        assert text not in result.stdout, text
