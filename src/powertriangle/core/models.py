from __future__ import annotations

from django.conf import settings
from django.db import models

from powertriangle.core.ids import random_id


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


class FormKey(models.Model):
    """A web form's one-time key, stored in the same transaction as what the form made, so
    that submitting the same page again (Back and submit, a double click, a retry after a lost
    answer) makes nothing new: the person is shown what the first submit made (core.onetime).

    Only the day, and no object for an anonymous contribution: a key must not tell who typed
    it or exactly when. Removed after FORM_KEYS_KEPT by housekeeping.
    """

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=16)
    object_id = models.PositiveBigIntegerField(null=True)
    created_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="form_key_unique")]
        indexes = [models.Index(fields=["created_on"], name="form_key_day_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
