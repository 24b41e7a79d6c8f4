from __future__ import annotations

from django.db import models


class FailureCount(models.Model):
    """Failed attempts (logins, join codes) per key and fixed time window, for rate limits.

    Keys are stored hashed: the table never holds an address or a username in clear.
    Kept in the database so that every worker process sees the same counts.
    """

    scope = models.CharField(max_length=32)
    key_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key_hash", "window_start"], name="failure_window_unique"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="failure_window_idx")]

    def __str__(self) -> str:
        return f"{self.scope}: {self.count}"


class Backoff(models.Model):
    """Growing waits for one key (an address, an account and address): how many failures it
    has made and when the last was, so that its next attempt can be held back (ratelimit).
    Keys are hashed; the row is forgotten after a quiet spell."""

    scope = models.CharField(max_length=32)
    key_hash = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key_hash"], name="backoff_key_unique")
        ]
        indexes = [models.Index(fields=["last_failure_at"], name="backoff_last_idx")]

    def __str__(self) -> str:
        return f"{self.scope}: {self.failures}"
