"""Counting failures, not successes, so that a whole room behind one address is never locked
out by people who type their code or password right. Fixed windows in the database."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone

from powertriangle.core.models import FailureCount


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


BUCKETS_PER_WINDOW = 10


def _bucket_seconds(window_seconds: int) -> int:
    return max(1, window_seconds // BUCKETS_PER_WINDOW)


def _bucket(window_seconds: int, now: dt.datetime | None = None) -> dt.datetime:
    """The start of the bucket `now` falls in."""
    seconds = _bucket_seconds(window_seconds)
    epoch = int((now or timezone.now()).timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def failures(scope: str, key: str, *, window_seconds: int, now: dt.datetime | None = None) -> int:
    """Failures recorded for `key` in the window that ends now (the current bucket and the
    ones before it, `window_seconds` in all)."""
    current = _bucket(window_seconds, now)
    oldest = current - dt.timedelta(seconds=window_seconds - _bucket_seconds(window_seconds))
    found = FailureCount.objects.filter(
        scope=scope, key_hash=_hash(key), window_start__gte=oldest, window_start__lte=current
    ).aggregate(n=Sum("count"))["n"]
    return int(found or 0)


def is_limited(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    return failures(scope, key, window_seconds=window_seconds) >= limit


def record_failure(scope: str, key: str, *, window_seconds: int) -> int:
    """Count one failure and return the window's total for `key`."""
    window = _bucket(window_seconds)
    key_hash = _hash(key)
    with transaction.atomic():
        updated = FailureCount.objects.filter(
            scope=scope, key_hash=key_hash, window_start=window
        ).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    FailureCount.objects.create(
                        scope=scope, key_hash=key_hash, window_start=window, count=1
                    )
            except IntegrityError:  # another request created the row first
                FailureCount.objects.filter(
                    scope=scope, key_hash=key_hash, window_start=window
                ).update(count=F("count") + 1)
    return failures(scope, key, window_seconds=window_seconds)


def clear_failures(scope: str, key: str) -> None:
    FailureCount.objects.filter(scope=scope, key_hash=_hash(key)).delete()


def prune(older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    deleted, _ = FailureCount.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted


def client_address(request: HttpRequest) -> str:
    """The client's address as the server sees it (set up the proxy to pass REMOTE_ADDR)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")
