"""Limiting password guessing: after 10 failed logins for one username from one address within
a 15-minute window, that username is refused from that address until the window ends, even with
the right password. Only failures are counted, so a whole room behind one address that logs in
correctly is never locked out; other addresses and other usernames are not affected.

Used by the login page and by the API's token exchange, with the same counts (`core.ratelimit`,
in the database, so every worker process sees them).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from powertriangle.core import ratelimit

SCOPE = "login"
LIMIT = 10
WINDOW_SECONDS = 15 * 60
# Guessing across many usernames from one address: a cap far above what a room of people
# mistyping their own passwords ever reaches.
ADDRESS_SCOPE = "login-address"
ADDRESS_LIMIT = 200
TOO_MANY = _("Too many failed attempts. Try again in a few minutes.")


def _key(username: object, address: str) -> str:
    # Case and surrounding spaces do not make a new username to guess against.
    name = username.strip().casefold() if isinstance(username, str) else ""
    return f"{address}\n{name}"


def login_blocked(*, username: object, address: str) -> bool:
    """True when this username has failed too often from this address just now."""
    return ratelimit.is_limited(
        SCOPE, _key(username, address), limit=LIMIT, window_seconds=WINDOW_SECONDS
    ) or ratelimit.is_limited(
        ADDRESS_SCOPE, address, limit=ADDRESS_LIMIT, window_seconds=WINDOW_SECONDS
    )


def login_failed(*, username: object, address: str) -> None:
    ratelimit.record_failure(SCOPE, _key(username, address), window_seconds=WINDOW_SECONDS)
    ratelimit.record_failure(ADDRESS_SCOPE, address, window_seconds=WINDOW_SECONDS)


def login_succeeded(*, username: object, address: str) -> None:
    """A right password forgets this username's earlier failures from this address."""
    ratelimit.clear_failures(SCOPE, _key(username, address))
