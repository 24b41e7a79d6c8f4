"""Counting failures, not successes, so that a whole room behind one address is never locked
out by people who type their code or password right. Fixed windows in the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone

from powertriangle.core.models import Backoff, FailureCount


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
    """The client's address as the server sees it (behind a proxy: POWERTRIANGLE_TRUSTED_PROXY,
    and `powertriangle serve` takes the address from X-Forwarded-For). An IPv6 address counts
    by its /64 network: one device may hold a whole /64."""
    raw = str(request.META.get("REMOTE_ADDR") or "unknown")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


# ── Growing waits ──────────────────────────────────────────────────────────────────────────


def backoff_wait(
    scope: str,
    key: str,
    wait_after: Callable[[int], dt.timedelta],
    *,
    forget_after: dt.timedelta,
    now: dt.datetime | None = None,
) -> dt.timedelta:
    """How long `key` must still wait before its next attempt is looked at (0: go ahead)."""
    now = now or timezone.now()
    row = Backoff.objects.filter(scope=scope, key_hash=_hash(key)).first()
    if row is None or now - row.last_failure_at > forget_after:
        return dt.timedelta(0)
    left = row.last_failure_at + wait_after(row.failures) - now
    return max(left, dt.timedelta(0))


def backoff_failure(
    scope: str, key: str, *, forget_after: dt.timedelta, now: dt.datetime | None = None
) -> int:
    """Count one failure of `key` (its count starts again after a quiet `forget_after`);
    returns its failures now."""
    now = now or timezone.now()
    key_hash = _hash(key)
    with transaction.atomic():
        row = Backoff.objects.select_for_update().filter(scope=scope, key_hash=key_hash).first()
        if row is None:
            try:
                with transaction.atomic():
                    Backoff.objects.create(
                        scope=scope, key_hash=key_hash, failures=1, last_failure_at=now
                    )
                return 1
            except IntegrityError:  # another request made the row first
                row = Backoff.objects.select_for_update().get(scope=scope, key_hash=key_hash)
        failures = 1 if now - row.last_failure_at > forget_after else row.failures + 1
        Backoff.objects.filter(pk=row.pk).update(failures=failures, last_failure_at=now)
        return failures


def backoff_clear(scope: str, key: str) -> None:
    Backoff.objects.filter(scope=scope, key_hash=_hash(key)).delete()


def backoff_prune(older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - older_than
    deleted, _ = Backoff.objects.filter(last_failure_at__lt=cutoff).delete()
    return deleted
