"""The whole database as one comparable value: per model, the row count and a checksum of every
row's values. Two snapshots differ when any row of any model was added, removed or changed.

What is left out, and why (nothing else is):
- `sessions.Session`: the session rows are the logins themselves (the test clients log in before
  the first snapshot, and Django may re-save a session's expiry); they hold no project data.
- `auth.User.last_login`: written by logging in, which is not a request under test.
- `accounts.ApiToken.last_used_at`: bookkeeping of when a token was last presented; every API
  request, refused or not, refreshes it by design (to find unused tokens).
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.db import connection
from django.db.models import Model

IGNORED_MODELS = frozenset({"sessions.session"})
IGNORED_FIELDS: dict[str, frozenset[str]] = {
    "auth.user": frozenset({"last_login"}),
    "accounts.apitoken": frozenset({"last_used_at"}),
}

Snapshot = dict[str, tuple[int, str]]


def _label(model: type[Model]) -> str:
    return model._meta.label_lower


def _query(model: type[Model]) -> str:
    """Every stored column but the ignored ones, in primary-key order (plain SQL: this runs
    before and after each of several hundred requests, and the ORM would triple the time)."""
    ignored = IGNORED_FIELDS.get(_label(model), frozenset())
    quote = connection.ops.quote_name
    meta = model._meta
    names = [f.column for f in meta.concrete_fields if f.name not in ignored]
    assert meta.pk is not None
    assert meta.pk.column is not None
    columns = ", ".join(quote(name) for name in names if name is not None)
    table, key = quote(meta.db_table), quote(meta.pk.column)
    return f"SELECT {columns} FROM {table} ORDER BY {key}"  # noqa: S608 (quoted model names)


def snapshot() -> Snapshot:
    found: Snapshot = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            label = _label(model)
            if label in IGNORED_MODELS:
                continue
            cursor.execute(_query(model))
            rows = cursor.fetchall()
            found[label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The models whose rows differ, with their row counts before → after."""
    return [
        f"{label} ({before.get(label, (0, ''))[0]} → {after.get(label, (0, ''))[0]} rows)"
        for label in sorted(set(before) | set(after))
        if before.get(label) != after.get(label)
    ]
