"""The failure counter is a sliding window: failures just before a clock boundary still count
just after it, and failures older than the window no longer count."""

from __future__ import annotations

import datetime as dt

import pytest

from powertriangle.core import ratelimit
from powertriangle.core.models import FailureCount

pytestmark = pytest.mark.django_db

WINDOW = 600  # ten buckets of 60 s
T0 = dt.datetime(2026, 11, 22, 4, 10, tzinfo=dt.UTC)  # a ten-minute boundary


def _put(key: str, at: dt.datetime, count: int) -> None:
    FailureCount.objects.create(
        scope="test",
        key_hash=ratelimit._hash(key),
        window_start=ratelimit._bucket(WINDOW, at),
        count=count,
    )


def _seen(key: str, at: dt.datetime) -> int:
    return ratelimit.failures("test", key, window_seconds=WINDOW, now=at)


def test_failures_before_a_boundary_still_count_after_it() -> None:
    _put("room", T0 - dt.timedelta(seconds=5), 19)
    assert _seen("room", T0 - dt.timedelta(seconds=1)) == 19
    assert _seen("room", T0 + dt.timedelta(seconds=1)) == 19
    assert _seen("room", T0 + dt.timedelta(minutes=8)) == 19


def test_failures_leave_the_window_bucket_by_bucket() -> None:
    _put("room", T0, 3)
    _put("room", T0 + dt.timedelta(minutes=4), 4)
    assert _seen("room", T0 + dt.timedelta(minutes=9, seconds=59)) == 7
    assert _seen("room", T0 + dt.timedelta(minutes=10)) == 4
    assert _seen("room", T0 + dt.timedelta(minutes=13, seconds=59)) == 4
    assert _seen("room", T0 + dt.timedelta(minutes=14)) == 0


def test_failures_are_counted_per_key_and_in_the_current_bucket() -> None:
    _put("other", T0, 50)
    assert _seen("room", T0) == 0
    assert ratelimit.record_failure("test", "room", window_seconds=WINDOW) == 1
    assert ratelimit.record_failure("test", "room", window_seconds=WINDOW) == 2
    assert FailureCount.objects.filter(key_hash=ratelimit._hash("room")).count() == 1
    assert ratelimit.is_limited("test", "room", limit=2, window_seconds=WINDOW)
    assert not ratelimit.is_limited("test", "room", limit=3, window_seconds=WINDOW)
