"""Retention of the live log: every event is kept at least the retention, old ones go (by the
command, when a workshop closes, and by the server's own hourly prune), and a screen that
needed pruned events is told to reload instead of silently missing them."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from powertriangle.cycles.services.cycles import cycle_start
from powertriangle.live import stream
from powertriangle.live.models import LiveEvent
from powertriangle.live.publish import publish
from powertriangle.live.retention import PeriodicPrune
from powertriangle.live.services import live_log_prune, prune_cutoff
from powertriangle.live.store import stream_head
from powertriangle.projects.services import project_create
from powertriangle.workshops.services import workshop_close, workshop_create, workshop_open
from tests.conftest import World
from tests.live.support import free_port, prepare, server_env

DAY = dt.timedelta(days=1)


def _publish(cycle_id: int, n: int, *, days_ago: float = 0) -> int:
    with transaction.atomic():
        seq = publish(cycle_id=cycle_id, kind="workshop.timer", data={"n": n})
    if days_ago:
        LiveEvent.objects.filter(cycle_id=cycle_id, seq=seq).update(
            created_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    return seq


def _seqs(cycle_id: int) -> list[int]:
    return list(
        LiveEvent.objects.filter(cycle_id=cycle_id).order_by("seq").values_list("seq", flat=True)
    )


@pytest.mark.django_db
def test_every_event_is_kept_at_least_the_retention_even_one_that_keeps_only_its_day(
    world: World,
) -> None:
    midnight = timezone.now().astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    now = midnight + dt.timedelta(hours=23, minutes=30)
    # An anonymous event published at 23:20 is stored at midnight: 23.5 "hours" old at once.
    anonymous = _publish(world.cycle.pk, 1)
    yesterday = _publish(world.cycle.pk, 2)
    older = _publish(world.cycle.pk, 3)
    for seq, created in (
        (anonymous, midnight),
        (yesterday, midnight - dt.timedelta(hours=2)),
        (older, midnight - DAY - dt.timedelta(minutes=1)),
    ):
        LiveEvent.objects.filter(cycle=world.cycle, seq=seq).update(created_at=created)
    hours = dt.timedelta(hours=24)
    assert prune_cutoff(hours, now) == midnight - DAY
    assert live_log_prune(older_than=hours, now=now) == 1
    assert _seqs(world.cycle.pk)[-2:] == [anonymous, yesterday]
    # A day later yesterday's has gone; the anonymous one stays until its whole day has.
    assert live_log_prune(older_than=hours, now=now + DAY) == 1
    assert _seqs(world.cycle.pk)[-1] == anonymous
    assert live_log_prune(older_than=hours, now=now + 2 * DAY, cycle_ids=[world.cycle.pk]) > 0
    assert anonymous not in _seqs(world.cycle.pk)


@pytest.fixture
def _english() -> Iterator[None]:
    """The command's messages are compared in English (the default language is Swedish)."""
    with translation.override("en"):
        yield


@pytest.mark.django_db
@pytest.mark.usefixtures("_english")
def test_the_command_removes_what_is_past_retention_and_says_so(
    world: World, settings: Any
) -> None:
    settings.POWERTRIANGLE_LIVE_RETENTION_HOURS = 72
    cycle = world.cycle.pk
    old = _publish(cycle, 1, days_ago=5)
    recent = _publish(cycle, 2, days_ago=2)
    new = _publish(cycle, 3)
    out = io.StringIO()
    call_command("live_prune", stdout=out)
    assert "Removed 1 live event stored before" in out.getvalue()
    assert old not in _seqs(cycle)
    assert {recent, new} <= set(_seqs(cycle))
    out = io.StringIO()
    call_command("live_prune", "--older-than-hours", "24", stdout=out)
    assert "Removed 1 live event stored before" in out.getvalue()
    assert _seqs(cycle)[-1:] == [new]
    assert recent not in _seqs(cycle)
    out = io.StringIO()
    call_command("live_prune", "--older-than-hours", "24", stdout=out)  # idempotent
    assert "Removed 0 live events" in out.getvalue()


@pytest.mark.django_db
def test_closing_a_workshop_prunes_its_cycle_and_no_other(world: World) -> None:
    other = cycle_start(
        by=world.outsider,
        project=project_create(
            by=world.outsider,
            organisation=world.other_unit,
            title="Elsewhere",
            esther_question="What is best for Esther there?",
        ),
    )
    mine_old = _publish(world.cycle.pk, 1, days_ago=3)
    mine_new = _publish(world.cycle.pk, 2)
    theirs_old = _publish(other.pk, 1, days_ago=3)
    workshop = workshop_open(
        by=world.coach,
        workshop=workshop_create(by=world.coach, cycle=world.cycle, anonymous=False),
    )
    workshop_close(by=world.coach, workshop=workshop)
    kept = _seqs(world.cycle.pk)
    assert mine_old not in kept
    assert mine_new in kept
    assert LiveEvent.objects.get(cycle=world.cycle, seq=kept[-1]).kind == "workshop.closed"
    assert theirs_old in _seqs(other.pk)


@pytest.mark.django_db(transaction=True)
def test_the_server_prunes_at_start_and_then_again_and_again(world: World) -> None:
    cycle = world.cycle.pk
    first = _publish(cycle, 1, days_ago=3)
    kept = _publish(cycle, 2)
    pruner = PeriodicPrune(every=0.05).start()
    try:
        deadline = time.monotonic() + 10
        while first in _seqs(cycle) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert first not in _seqs(cycle)
        second = _publish(cycle, 3, days_ago=3)
        runs = pruner.runs
        while (second in _seqs(cycle) or pruner.runs <= runs) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert second not in _seqs(cycle)
    finally:
        pruner.stop()
    assert _seqs(cycle)[-1] == kept


async def _first_chunk(cycle_id: int, after: int | None) -> bytes:
    """What a (re)connecting screen is sent at once: the catch-up, or a reset."""
    body = stream.events(cycle_id, after)
    try:
        return await anext(body)
    finally:
        await body.aclose()


@pytest.mark.django_db(transaction=True)
def test_a_screen_that_missed_pruned_events_is_told_to_reload(world: World) -> None:
    cycle = world.cycle.pk
    seen = stream_head(cycle)
    missed = [_publish(cycle, n, days_ago=3 if n < 2 else 0) for n in range(4)]
    assert live_log_prune() == 2
    head = stream_head(cycle)
    assert head == missed[-1]

    # It had seen up to before the pruned ones: older than the oldest kept event.
    chunk = asyncio.run(_first_chunk(cycle, seen)).decode()
    assert f"id: {head}\nevent: reset\n" in chunk
    assert "workshop.timer" not in chunk
    # It had seen the pruned ones: it gets the rest, as usual.
    chunk = asyncio.run(_first_chunk(cycle, missed[1])).decode()
    assert "reset" not in chunk
    assert [line for line in chunk.splitlines() if line.startswith("id: ")] == [
        f"id: {seq}" for seq in missed[2:]
    ]
    # Up to date: nothing to send, nothing to reload, even with the whole log gone.
    LiveEvent.objects.filter(cycle_id=cycle).delete()
    assert "reset" not in asyncio.run(_first_chunk(cycle, head)).decode()
    assert "event: reset" in asyncio.run(_first_chunk(cycle, head - 1)).decode()


def test_powertriangle_serve_prunes_the_log_when_it_starts(tmp_path: Path) -> None:
    """The real command, on its own SQLite file: an event from years ago is gone once the
    server answers, a fresh one stays."""
    env = server_env(tmp_path)
    seed = prepare(env)
    database = tmp_path / "powertriangle.sqlite3"
    with sqlite3.connect(database) as db:
        for seq, created in ((10**6, "2020-01-01 00:00:00"), (10**6 + 1, "2999-01-01 00:00:00")):
            db.execute(
                "INSERT INTO live_liveevent (cycle_id, seq, kind, data, created_at)"
                " VALUES (?, ?, 'workshop.timer', '{}', ?)",
                (seed.cycle, seq, created),
            )
    port = free_port()
    log = tmp_path / "serve.log"

    def left() -> list[int]:
        with sqlite3.connect(database) as db:
            rows = db.execute("SELECT seq FROM live_liveevent WHERE seq >= ?", (10**6,))
            return [int(seq) for (seq,) in rows]

    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "powertriangle", "serve", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while left() != [10**6 + 1] and time.monotonic() < deadline:
                assert server.poll() is None, log.read_text(encoding="utf-8")
                time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert left() == [10**6 + 1], log.read_text(encoding="utf-8")
