"""Retention: what is kept only as long as it is needed, removed by the server every hour
(`powertriangle serve`) and by `powertriangle housekeeping` (e.g. from cron under another
server). Each task deletes by age, so any number of processes may run it at once.

- the live log: POWERTRIANGLE_LIVE_RETENTION_HOURS (live/services.py);
- failure counters and waits of the rate limits: a day (they count attempts within minutes or
  hours);
- sessions past their expiry (an idle one ends after POWERTRIANGLE_SESSION_IDLE_HOURS);
- API tokens past their expiry;
- one-time keys of web forms after two days (core/onetime.py).
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from powertriangle.accounts.tokens import tokens_prune
from powertriangle.core import joincodes, ratelimit
from powertriangle.core.onetime import form_keys_prune
from powertriangle.live.services import live_log_prune

FAILURES_KEPT = dt.timedelta(days=1)


def sessions_prune() -> int:
    """Delete expired sessions (Django's `clearsessions`); returns how many were removed."""
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        deleted, _rows = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        return deleted
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return 0


def housekeep() -> dict[str, int]:
    """Run every retention task once; how many rows each removed."""
    return {
        "live_events": live_log_prune(),
        "failure_counters": ratelimit.prune(FAILURES_KEPT)
        + ratelimit.backoff_prune(joincodes.FORGET_AFTER),
        "sessions": sessions_prune(),
        "api_tokens": tokens_prune(),
        "form_keys": form_keys_prune(),
    }
