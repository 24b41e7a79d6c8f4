"""Limiting password guessing: after 10 failed logins for one username from one address within
a 15-minute window, that username is refused from that address until the window ends, even with
the right password. Only failures are counted, so a whole room behind one address that logs in
correctly is never locked out; other addresses and other usernames are not affected.

Guessing one account from many addresses: once an account has failed ACCOUNT_SLOW times within
the window (from any addresses), every address that has itself failed for it must wait before
its next attempt, twice as long after each failure (at most 15 minutes). The account is slowed,
never locked: an address that has not failed for it logs in at once, right password or not.

Used by the login page and by the API's token exchange, with the same counts (`core.ratelimit`,
in the database, so every worker process sees them).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from powertriangle.core import ratelimit

SCOPE = "login"
LIMIT = 10
WINDOW_SECONDS = 15 * 60
FORGET_AFTER = dt.timedelta(seconds=WINDOW_SECONDS)
# Guessing across many usernames from one address: a cap far above what a room of people
# mistyping their own passwords ever reaches.
ADDRESS_SCOPE = "login-address"
ADDRESS_LIMIT = 200
ACCOUNT_SCOPE = "login-account"
ACCOUNT_SLOW = 20
PAIR_SCOPE = "login-wait"
PAIR_WAIT_MAX = dt.timedelta(minutes=15)
TOO_MANY = _("Too many failed attempts. Try again in a few minutes.")


def _pair_wait(failures: int) -> dt.timedelta:
    if failures <= 0:
        return dt.timedelta(0)
    return min(dt.timedelta(seconds=2 ** min(failures, 20)), PAIR_WAIT_MAX)


def _account(username: object) -> str:
    return username.strip().casefold() if isinstance(username, str) else ""


def _key(username: object, address: str) -> str:
    # Case and surrounding spaces do not make a new username to guess against.
    return f"{address}\n{_account(username)}"


def login_blocked(*, username: object, address: str) -> bool:
    """True when this username has failed too often from this address just now, or when the
    account is being guessed from many addresses and this one has failed for it lately."""
    key = _key(username, address)
    if ratelimit.is_limited(SCOPE, key, limit=LIMIT, window_seconds=WINDOW_SECONDS):
        return True
    if ratelimit.is_limited(
        ADDRESS_SCOPE, address, limit=ADDRESS_LIMIT, window_seconds=WINDOW_SECONDS
    ):
        return True
    if not ratelimit.is_limited(
        ACCOUNT_SCOPE, _account(username), limit=ACCOUNT_SLOW, window_seconds=WINDOW_SECONDS
    ):
        return False
    wait = ratelimit.backoff_wait(PAIR_SCOPE, key, _pair_wait, forget_after=FORGET_AFTER)
    return wait > dt.timedelta(0)


def login_failed(*, username: object, address: str) -> None:
    key = _key(username, address)
    ratelimit.record_failure(SCOPE, key, window_seconds=WINDOW_SECONDS)
    ratelimit.record_failure(ADDRESS_SCOPE, address, window_seconds=WINDOW_SECONDS)
    ratelimit.record_failure(ACCOUNT_SCOPE, _account(username), window_seconds=WINDOW_SECONDS)
    ratelimit.backoff_failure(PAIR_SCOPE, key, forget_after=FORGET_AFTER)


def login_succeeded(*, username: object, address: str) -> None:
    """A right password forgets this username's earlier failures from this address."""
    ratelimit.clear_failures(SCOPE, _key(username, address))
    ratelimit.backoff_clear(PAIR_SCOPE, _key(username, address))
