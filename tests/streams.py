"""Closing an unread event stream in a test without losing the test's database connection."""

from __future__ import annotations

from django.core import signals
from django.db import close_old_connections
from django.http.response import HttpResponseBase


def close_unread(response: HttpResponseBase) -> None:
    """Close `response` (an event stream never ends, so it is not read) without firing
    `close_old_connections`: inside a test's transaction it would close the test's own
    PostgreSQL connection (SQLite's in-memory test database ignores the close)."""
    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)
