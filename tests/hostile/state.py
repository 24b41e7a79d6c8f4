"""The database as one comparable value, and requests whose writes are always rolled back.

Every hostile request runs inside `rolled_back()`, so each one starts from the same scene: a
refused post can be compared with the state before it, and an accepted one cannot change what
the next case sees (a cycle moved on, a password changed)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model

# Sessions are the logins themselves; failure counters and waits are written on purpose by a
# refused login or join code (that is the rate limit); the timestamps are bookkeeping of a login
# and of a token's last use.
IGNORED_MODELS = frozenset({"sessions.session", "core.failurecount", "core.backoff"})
IGNORED_FIELDS: dict[str, frozenset[str]] = {
    "auth.user": frozenset({"last_login"}),
    "accounts.apitoken": frozenset({"last_used_at"}),
}

Snapshot = dict[str, str]

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.IGNORECASE
)
# Writes that are bookkeeping, not data (see IGNORED_*).
_BOOKKEEPING = re.compile(
    r'^\s*UPDATE\s+"?(auth_user|accounts_apitoken)"?\s+SET\s+"?(last_login|last_used_at)"?\s*=\s*\S+'
    r"\s+WHERE",
    re.IGNORECASE,
)


class Writes:
    """The tables written to while the block runs (bookkeeping left out). Watches the SQL
    through an execute wrapper: cheaper than Django's query log, which formats every query."""

    def __init__(self) -> None:
        self.tables: set[str] = set()
        self._ignored = _ignored_tables()

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        match = _WRITE.match(sql)
        if match and not _BOOKKEEPING.match(sql) and match.group(1) not in self._ignored:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)

    @contextmanager
    def watching(self) -> Iterator[Writes]:
        with connection.execute_wrapper(self):
            yield self


@cache
def _ignored_tables() -> frozenset[str]:
    return frozenset(
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.label_lower in IGNORED_MODELS
    )


def _models(tables: Collection[str] | None = None) -> list[type[Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.label_lower not in IGNORED_MODELS
        and (tables is None or m._meta.db_table in tables)
    ]


def snapshot(tables: Collection[str] | None = None) -> Snapshot:
    """Per model (of `tables`, or all), the row count and a checksum of every row's values."""
    found: Snapshot = {}
    for model in _models(tables):
        label = model._meta.db_table
        ignored = IGNORED_FIELDS.get(model._meta.label_lower, frozenset())
        columns = [f.attname for f in model._meta.concrete_fields if f.name not in ignored]
        rows = list(model._default_manager.order_by("pk").values_list(*columns))
        found[label] = f"{len(rows)}:{hashlib.sha256(repr(rows).encode()).hexdigest()}"
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The tables of `after` whose rows differ from `before`."""
    return sorted(label for label in after if before.get(label) != after[label])


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a transaction (a savepoint inside the test's) and undo it afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
