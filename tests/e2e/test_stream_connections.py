"""Open live streams hold no database connection while they wait, on the real server (uvicorn,
SQLite in a file): coaches' screens connect one after the other, each in a session of its own,
and the server's process then has no more descriptors on the database file than before.
(A burst of many screens at once still leaves connections for Python's garbage collector to
close: `bench/live` shows it; see the README's serving floor.)"""

from __future__ import annotations

import http.client
import os
import re
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

from tests.e2e.conftest import Server, seed_live_project
from tests.e2e.support import COACH, PASSWORD

STREAMS = 12


class Browserless:
    """A logged-in coach over plain HTTP: cookies kept, CSRF token sent."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> str:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return text

    def open_stream(self, path: str) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request("GET", path, headers={"Cookie": cookie, "Accept": "text/event-stream"})
        response = connection.getresponse()
        assert response.status == 200, response.status
        response.read1(64)  # the stream has begun: its first frame came
        return connection


def _database_descriptors(server: Server) -> int:
    database = str(Path(server.log).parent / "powertriangle.sqlite3")
    count = 0
    for fd in Path(f"/proc/{server.process.pid}/fd").iterdir():
        try:
            count += os.readlink(fd) == database
        except OSError:
            continue
    return count


def _logged_in(server: Server) -> Browserless:
    coach = Browserless(server.url)
    login = coach.request("GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)
    assert token is not None
    coach.request(
        "POST",
        "/accounts/login/",
        {"username": COACH, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    assert "sessionid" in coach.cookies
    return coach


def test_open_streams_hold_no_database_connection(server: Server) -> None:
    """Each screen in a session of its own whose first page is the stream: the request reads
    the session, the user and their language, and would move the session's end on."""
    cycle = seed_live_project(server)["cycle"]
    screens = [_logged_in(server) for _ in range(STREAMS)]
    before = _database_descriptors(server)
    streams = [screen.open_stream(f"/live/cycles/{cycle}/events") for screen in screens]
    try:
        time.sleep(1.0)
        held = _database_descriptors(server)
        # At most a couple more than before (the hub's own reads); one per stream would be
        # STREAMS more.
        assert held - before <= 2, (before, held)
    finally:
        for stream in streams:
            stream.close()
