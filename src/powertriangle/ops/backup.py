"""Backups of the whole database, and restoring one, while the app may be running.

SQLite: SQLite's online backup API copies a consistent snapshot page by page (in WAL mode
writers go on meanwhile), the copy is checked with `PRAGMA integrity_check` before it replaces
FILE, and a restore copies back through the same API, so connections of a running server see
either the old or the restored database, never a half-copied file.
PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists` in one transaction,
with the connection settings passed through the environment (never a password on a command line).

The commands `powertriangle backup` and `powertriangle restore` call these functions; errors are
`BackupError`s with a message for the person at the terminal.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404 # runs pg_dump and pg_restore by absolute path, without a shell
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from powertriangle.live.services import live_epoch_renew

Engine = Literal["sqlite", "postgresql"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# libpq reads these from the environment; Django's OPTIONS of the same names are passed on.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}
# The tables a restore must find before it replaces anything.
_REQUIRED_TABLES = ("django_migrations", "projects_project", "cycles_factor")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    engine: Engine
    size: int  # bytes of the backup file
    counts: dict[str, int] = field(default_factory=dict)  # rows per table, when known
    needs_migrate: bool = False  # after a restore: the backup is older than this version


def current_engine() -> Engine:
    vendor = connection.vendor
    if vendor == "sqlite":
        return "sqlite"
    if vendor == "postgresql":
        return "postgresql"
    raise BackupError(
        _("Backups support SQLite and PostgreSQL only, not %(vendor)s.") % {"vendor": vendor}
    )


def file_kind(path: Path) -> Engine | None:
    """What a backup file holds, from its first bytes; None for anything else."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    return None


def sqlite_problems(db: sqlite3.Connection) -> list[str]:
    """What `PRAGMA integrity_check` finds wrong; empty when the database is ok."""
    rows = [str(row[0]) for row in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table (SQLite's own tables left out)."""
    names = [
        str(row[0])
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    counts: dict[str, int] = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        # The name comes from sqlite_master and is quoted as an identifier.
        counts[name] = int(db.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])  # noqa: S608  # nosec B608
    return counts


def sqlite_file_counts(path: Path) -> dict[str, int]:
    with closing(_open_readonly(path)) as db:
        return sqlite_counts(db)


def backup_create(target: str | Path) -> BackupReport:
    """Write a backup of the whole database to `target` (replaced only by a checked copy)."""
    path = Path(target)
    _check_target(path)
    if current_engine() == "sqlite":
        return _sqlite_backup(path)
    return _pg_backup(path)


def restore_check(source: str | Path) -> Engine:
    """Refuse, before anyone is asked to confirm, a file that cannot be restored here: missing,
    not a backup, or a backup of the other database engine."""
    engine = current_engine()
    _check_source(Path(source), engine)
    return engine


def backup_restore(source: str | Path) -> BackupReport:
    """Replace every record of the database with the backup in `source`."""
    path = Path(source)
    engine = restore_check(path)
    report = _sqlite_restore(path) if engine == "sqlite" else _pg_restore(path)
    needs_migrate = _needs_migrate()
    if not needs_migrate:  # (a migration gives the streams a new epoch by itself)
        # The live streams' numbers start again from the backup's: a new epoch, so that open
        # screens reload instead of taking the new events for ones they have already seen.
        live_epoch_renew()
    return BackupReport(report.path, report.engine, report.size, report.counts, needs_migrate)


# ── checks on the files ────────────────────────────────────────────────────────────────────


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise BackupError(
            _("%(path)s is a folder; give the name of the backup file.") % {"path": path}
        )
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    live = _live_sqlite_file()
    if live is not None and path.resolve() in _sqlite_files(live):
        raise BackupError(
            _("%(path)s is the live database itself; choose another file for the backup.")
            % {"path": path}
        )


def _check_source(path: Path, engine: Engine) -> None:
    if not path.exists():
        raise BackupError(_("%(path)s: no such file.") % {"path": path})
    if not path.is_file():
        raise BackupError(_("%(path)s is not a file.") % {"path": path})
    try:
        kind = file_kind(path)
    except OSError as exc:
        raise BackupError(
            _("%(path)s cannot be read: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None
    if kind is None:
        raise BackupError(
            _("%(path)s is not a database backup (neither SQLite nor pg_dump's custom format).")
            % {"path": path}
        )
    if kind != engine:
        raise BackupError(
            _(
                "%(path)s is a backup from %(kind)s, but this installation uses %(engine)s; "
                "restore it into an installation with the same database engine."
            )
            % {"path": path, "kind": _label(kind), "engine": _label(engine)}
        )
    live = _live_sqlite_file()
    if live is not None and path.resolve() in _sqlite_files(live):
        raise BackupError(_("%(path)s is the live database itself.") % {"path": path})


def _label(engine: Engine) -> str:
    return "SQLite" if engine == "sqlite" else "PostgreSQL"


def _needs_migrate() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# ── SQLite ─────────────────────────────────────────────────────────────────────────────────


def _live_sqlite_file() -> Path | None:
    """The live SQLite file, or None (PostgreSQL, or an in-memory test database)."""
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name).resolve()


def _sqlite_files(live: Path) -> set[Path]:
    return {live, Path(f"{live}-wal"), Path(f"{live}-shm"), Path(f"{live}-journal")}


def _live_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    return cast(sqlite3.Connection, connection.connection)


def _open_readonly(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(
            _("%(path)s cannot be opened as an SQLite database: %(reason)s")
            % {"path": path, "reason": exc}
        ) from None


def _sqlite_backup(path: Path) -> BackupReport:
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        with closing(sqlite3.connect(partial)) as copy:
            # One step: a consistent snapshot; in WAL mode writers are not held up meanwhile.
            _live_sqlite().backup(copy)
            # A backup is one self-contained file, whatever the live journal mode is.
            copy.execute("PRAGMA journal_mode=DELETE")
            problems = sqlite_problems(copy)
            counts = sqlite_counts(copy)
        if problems:
            raise BackupError(
                _("The copy fails the integrity check, so %(path)s was not written: %(problems)s")
                % {"path": path, "problems": "; ".join(problems[:5])}
            )
        os.replace(partial, path)
    except sqlite3.Error as exc:
        raise BackupError(
            _("The backup to %(path)s failed: %(reason)s") % {"path": path, "reason": exc}
        ) from None
    except OSError as exc:
        raise BackupError(
            _("%(path)s cannot be written: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(path, "sqlite", path.stat().st_size, counts)


def _sqlite_restore(path: Path) -> BackupReport:
    with closing(_open_readonly(path)) as source:
        try:
            problems = sqlite_problems(source)
            tables = {
                str(row[0])
                for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        except sqlite3.DatabaseError as exc:
            raise BackupError(
                _("%(path)s is not a usable SQLite database (%(reason)s); nothing was changed.")
                % {"path": path, "reason": exc}
            ) from None
        if problems:
            raise BackupError(
                _("%(path)s fails the integrity check; nothing was changed: %(problems)s")
                % {"path": path, "problems": "; ".join(problems[:5])}
            )
        missing = [name for name in _REQUIRED_TABLES if name not in tables]
        if missing:
            raise BackupError(
                _(
                    "%(path)s is an SQLite database, but not a powertriangle backup; "
                    "nothing was changed."
                )
                % {"path": path}
            )
        live = _live_sqlite()
        try:
            source.backup(live)
        except sqlite3.Error as exc:
            raise BackupError(
                _("Restoring %(path)s failed: %(reason)s") % {"path": path, "reason": exc}
            ) from None
    problems = sqlite_problems(live)
    if problems:
        raise BackupError(
            _("The restored database fails the integrity check: %(problems)s")
            % {"problems": "; ".join(problems[:5])}
        )
    return BackupReport(path, "sqlite", path.stat().st_size, sqlite_counts(live))


# ── PostgreSQL ─────────────────────────────────────────────────────────────────────────────


def pg_environment(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: libpq's variables from the Django settings."""
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = settings_dict.get(key)
        if value not in (None, ""):
            env[variable] = str(value)
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in _PG_OPTION_ENV.items():
        if options.get(option) not in (None, ""):
            env[variable] = str(options[option])
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "%(tool)s is not installed; install PostgreSQL's client tools "
                "(Debian: apt-get install postgresql-client)."
            )
            % {"tool": name}
        )
    return found


def _pg_run(args: list[str], what: str) -> None:
    env = pg_environment(connection.settings_dict)
    # Close our own connection, so that nothing of ours holds a lock while the tool works.
    connection.close()
    result = subprocess.run(  # noqa: S603  # nosec B603 # fixed arguments, absolute path, no shell
        args, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(what)s failed (exit %(code)d): %(error)s")
            % {"what": what, "code": result.returncode, "error": result.stderr.strip()}
        )


def _pg_backup(path: Path) -> BackupReport:
    pg_dump = _pg_tool("pg_dump")
    pg_restore = _pg_tool("pg_restore")
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        _pg_run([pg_dump, "--format=custom", "--no-password", f"--file={partial}"], "pg_dump")
        # The archive must read back whole before it replaces FILE.
        _pg_run([pg_restore, "--list", str(partial)], "pg_restore --list")
        os.replace(partial, path)
    except OSError as exc:
        raise BackupError(
            _("%(path)s cannot be written: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(path, "postgresql", path.stat().st_size)


def _pg_restore(path: Path) -> BackupReport:
    pg_restore = _pg_tool("pg_restore")
    name = str(connection.settings_dict["NAME"])
    _pg_run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            "--no-password",
            f"--dbname={name}",
            str(path),
        ],
        "pg_restore",
    )
    return BackupReport(path, "postgresql", path.stat().st_size, _pg_counts())


def _pg_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608  # nosec B608
            row = cursor.fetchone()
            counts[name] = int(row[0]) if row else 0
    return counts
