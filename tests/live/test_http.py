"""The live channel over real HTTP: uvicorn in a subprocess (one worker, SQLite, memory broker),
plain HTTP clients as screens, posts through the JSON API."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live.support import LiveServer, Seed, SSEClient, prepare, server_env


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seed]]:
    data_dir: Path = tmp_path_factory.mktemp("live-http")
    env = server_env(data_dir)
    seed = prepare(env)
    server = LiveServer(env, data_dir / "server.log")
    server.start()
    try:
        yield server, seed
    finally:
        server.stop()


def _screen(server: LiveServer, seed: Seed, last_event_id: str | None = None) -> SSEClient:
    client = SSEClient(
        server.url,
        f"/live/cycles/{seed.cycle}/events",
        cookie=f"{seed.session_cookie}={seed.coach_session}",
        last_event_id=last_event_id,
    )
    assert client.status == 200, server.log_tail()
    return client


def test_a_post_through_the_api_reaches_every_open_screen(live: tuple[LiveServer, Seed]) -> None:
    server, seed = live
    screens = [_screen(server, seed) for _ in range(3)]
    try:
        assert screens[0].headers["content-type"] == "text/event-stream"
        assert screens[0].headers["x-accel-buffering"] == "no"
        factor = server.post_factor(seed, "Nobody answers the phone at night")
        for screen in screens:
            event = screen.next_event()
            assert event.event == "factor.created"
            data = event.json()
            assert (data["id"], data["text"], data["speaker"]) == (
                factor["id"],
                "Nobody answers the phone at night",
                "Nadia",
            )
            assert screen.retry == "2000"
    finally:
        for screen in screens:
            screen.close()


def test_a_screen_that_reconnects_catches_up_on_what_it_missed(
    live: tuple[LiveServer, Seed],
) -> None:
    server, seed = live
    screen = _screen(server, seed)
    server.post_factor(seed, "first")
    seen = screen.next_event()
    screen.close()
    server.post_factor(seed, "missed one")
    server.post_factor(seed, "missed two")
    again = _screen(server, seed, last_event_id=seen.id)
    try:
        caught = again.events(2)
        assert [e.json()["text"] for e in caught] == ["missed one", "missed two"]
        assert [int(e.id) for e in caught] == [int(seen.id) + 1, int(seen.id) + 2]
        server.post_factor(seed, "live again")
        assert again.next_event().json()["text"] == "live again"
    finally:
        again.close()


def test_after_a_server_restart_screens_get_everything(live: tuple[LiveServer, Seed]) -> None:
    server, seed = live
    screen = _screen(server, seed)
    server.post_factor(seed, "before the crash")
    seen = screen.next_event()
    server.post_factor(seed, "just before the crash")
    server.kill()
    screen.close()
    server.start()  # same data folder, same port
    server.post_factor(seed, "after the restart")
    by_header = _screen(server, seed, last_event_id=seen.id)
    by_query = SSEClient(
        server.url,
        f"/live/cycles/{seed.cycle}/events?after={seen.id}",
        cookie=f"{seed.session_cookie}={seed.coach_session}",
    )
    try:
        for client in (by_header, by_query):
            texts = [e.json()["text"] for e in client.events(2)]
            assert texts == ["just before the crash", "after the restart"]
    finally:
        by_header.close()
        by_query.close()


def test_a_screen_from_another_log_is_told_to_reload(live: tuple[LiveServer, Seed]) -> None:
    server, seed = live
    screen = _screen(server, seed, last_event_id="999999")
    try:
        event = screen.next_event()
        assert event.event == "reset"
        head = int(event.id)
        assert event.json() == {"seq": head}
        assert head < 999999
        server.post_factor(seed, "after the reset")
        following = screen.next_event()
        assert (int(following.id), following.json()["text"]) == (head + 1, "after the reset")
    finally:
        screen.close()


def test_strangers_get_404_over_http(live: tuple[LiveServer, Seed]) -> None:
    server, seed = live
    for cookie in ("", f"{seed.session_cookie}={seed.outsider_session}"):
        client = SSEClient(server.url, f"/live/cycles/{seed.cycle}/events", cookie=cookie)
        try:
            assert client.status == 404
        finally:
            client.close()


def test_open_screens_hold_no_thread_and_no_database_connection(
    live: tuple[LiveServer, Seed],
) -> None:
    server, seed = live
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status")
    screens = [_screen(server, seed) for _ in range(40)]
    try:
        server.post_factor(seed, "to all forty")
        for screen in screens:
            assert screen.next_event().json()["text"] == "to all forty"  # streaming, subscribed
        threads = int(
            next(x for x in status.read_text().splitlines() if x.startswith("Threads:")).split()[1]
        )
        assert threads < 30, f"{threads} threads for 40 open screens"
        database = Path(server.env["POWERTRIANGLE_DATA_DIR"]) / "powertriangle.sqlite3"
        fds = Path(f"/proc/{server.process.pid}/fd")
        open_db = sum(1 for fd in fds.iterdir() if _points_to(fd, database))
        assert open_db <= 2, f"{open_db} database connections for 40 open screens"
    finally:
        for screen in screens:
            screen.close()


def _points_to(fd: Path, target: Path) -> bool:
    try:
        return Path(os.readlink(fd)) == target
    except OSError:
        return False
