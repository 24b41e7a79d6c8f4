"""`powertriangle backup` and `powertriangle restore`.

The SQLite round trip runs the real commands in subprocesses against a file database of their
own (the test database is in memory), while another process keeps adding factors through the
services: the backup must pass `PRAGMA integrity_check`, and a restore into a fresh data folder
must hold exactly the backup's rows. On PostgreSQL (DATABASE_URL=postgres://...) a pg_dump and
pg_restore round trip runs on the test database. Bad files are refused with a clear message."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from powertriangle.cycles.models import Factor
from powertriangle.cycles.services.contributions import factor_create
from powertriangle.live.models import LiveStream
from powertriangle.ops.backup import pg_environment, sqlite_counts, sqlite_problems
from powertriangle.orgs.models import Organisation
from powertriangle.orgs.services import organisation_create
from powertriangle.projects.models import Project
from tests.conftest import World

REPO_ROOT = Path(__file__).resolve().parents[2]
STEP_TIMEOUT = 120.0
WAIT_TIMEOUT = 60.0
DB_FILE = "powertriangle.sqlite3"

# Seeds a project, then adds factors through the services from 4 threads until the stop file
# appears (or 60 s pass, or 5,000 factors are written): run with the data folder's environment.
WRITERS = """
import os, sys, threading, time
import django
django.setup()
from django.db import connection
from powertriangle.accounts.services import user_create
from powertriangle.cycles.services.contributions import factor_create
from powertriangle.live.models import LiveStream
from powertriangle.cycles.services.cycles import cycle_start
from powertriangle.orgs.services import organisation_create
from powertriangle.projects.services import member_add, project_create

stop_file = sys.argv[1]
unit = organisation_create(name="Backup unit", kind="unit")
coach = user_create(username="backup", password="a long backup passphrase 42",
                    organisation=unit, role="coach")
project = project_create(by=coach, organisation=unit, title="Backup check",
                         esther_question="What is best for Esther if the disk dies?")
member = member_add(by=coach, project=project, display_name="Esther",
                    role="person_in_need_of_care")
cycle = cycle_start(by=coach, project=project)
deadline = time.monotonic() + 60

def write(name):
    try:
        for number in range(1250):
            if os.path.exists(stop_file) or time.monotonic() > deadline:
                return
            factor_create(by=coach, cycle=cycle, dimension="resources", polarity="barrier",
                          text=f"{name} {number}", author=member)
    finally:
        connection.close()

threads = [threading.Thread(target=write, args=(f"writer {n}",)) for n in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
"""


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def env_for(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "POWERTRIANGLE_LANGUAGE"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "powertriangle.settings",
            "POWERTRIANGLE_DATA_DIR": str(data_dir),
            "POWERTRIANGLE_LANGUAGE": "en",
            "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "src"), env.get("PYTHONPATH", "")]),
        }
    )
    return env


def powertriangle(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "powertriangle", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )


def factor_count(db: Path) -> int:
    with closing(sqlite3.connect(db, timeout=30)) as conn:
        return int(conn.execute("SELECT count(*) FROM cycles_factor").fetchone()[0])


def wait_for_factors(db: Path, more_than: int, writers: subprocess.Popen[str]) -> int:
    deadline = time.monotonic() + WAIT_TIMEOUT
    while time.monotonic() < deadline:
        if db.exists():
            try:
                count = factor_count(db)
            except sqlite3.OperationalError:  # the table is not migrated yet
                count = 0
            if count > more_than:
                return count
        if writers.poll() is not None:
            pytest.fail(f"the writers stopped early:\n{writers.communicate()[1]}")
        time.sleep(0.05)
    pytest.fail(f"no more than {more_than} factors after {WAIT_TIMEOUT:.0f} s")


def file_facts(path: Path) -> tuple[list[str], dict[str, int]]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return sqlite_problems(conn), sqlite_counts(conn)


# ── SQLite: a backup while writers run, restored into a fresh data folder ──────────────────


def test_it_backs_up_while_writers_run_and_restores_the_same_rows(tmp_path: Path) -> None:
    live_env = env_for(tmp_path / "live")
    live_db = tmp_path / "live" / DB_FILE
    migrated = powertriangle(live_env, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    stop_file = tmp_path / "stop"
    writers = subprocess.Popen(
        [sys.executable, "-c", WRITERS, str(stop_file)],
        cwd=REPO_ROOT,
        env=live_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    backup = tmp_path / "backups" / "powertriangle.backup"
    backup.parent.mkdir()
    try:
        before = wait_for_factors(live_db, 20, writers)
        made = powertriangle(live_env, "backup", str(backup))
        after_backup = wait_for_factors(live_db, before + 20, writers)
    finally:
        stop_file.touch()
        try:
            _, errors = writers.communicate(timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            writers.kill()
            raise
    assert writers.returncode == 0, errors
    assert made.returncode == 0, made.stderr
    assert "integrity check: ok" in made.stdout

    problems, counts = file_facts(backup)
    assert problems == []
    # Taken while the writers ran: more factors than before it, fewer than in the end.
    assert before <= counts["cycles_factor"] < after_backup <= factor_count(live_db)
    assert counts["projects_project"] == 1
    assert f", factors {counts['cycles_factor']}," in made.stdout

    fresh_env = env_for(tmp_path / "fresh")
    restored = powertriangle(fresh_env, "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "integrity check: ok" in restored.stdout
    restored_problems, restored_counts = file_facts(tmp_path / "fresh" / DB_FILE)
    assert restored_problems == []
    assert restored_counts == counts
    # Restored streams start a new epoch: screens of the old one reload, never skip events.
    assert _epochs(backup)
    assert not set(_epochs(backup)) & set(_epochs(tmp_path / "fresh" / DB_FILE))
    # The restored installation works as it is.
    check = powertriangle(fresh_env, "migrate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr


def _epochs(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return [str(row[0]) for row in db.execute("SELECT epoch FROM live_livestream")]


def test_it_exits_with_1_and_a_message_for_a_missing_backup(tmp_path: Path) -> None:
    result = powertriangle(env_for(tmp_path / "data"), "restore", str(tmp_path / "nope"), "--yes")
    assert result.returncode == 1
    assert f"{tmp_path / 'nope'}: no such file." in result.stderr
    assert "Traceback" not in result.stderr


# ── refusals, on whichever database the suite runs ─────────────────────────────────────────


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=StringIO(), stderr=StringIO())
    return str(caught.value)


def broken_sqlite(path: Path) -> Path:
    """An SQLite file whose index disagrees with its table: integrity_check lists the rows."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (a)")
        conn.execute("CREATE INDEX ti ON t (a)")
        conn.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(100)])
        conn.commit()
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX ti ON t (a DESC)' WHERE name = 'ti'"
        )
        conn.commit()
    return path


@pytest.fixture
def some_data(db: None) -> int:
    """A little data that a refused restore must leave alone; returns the organisation count."""
    region = organisation_create(name="Region Jönköping", kind="region")
    organisation_create(name="Eksjö", kind="municipality", parent=region)
    return Organisation.objects.count()


def test_it_refuses_files_that_are_no_backup(tmp_path: Path, some_data: int) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.touch()
    assert refused("restore", str(tmp_path / "missing"), "--yes") == (
        f"{tmp_path / 'missing'}: no such file."
    )
    assert refused("restore", str(tmp_path), "--yes") == f"{tmp_path} is not a file."
    for path in (text, empty):
        assert refused("restore", str(path), "--yes") == (
            f"{path} is not a database backup (neither SQLite nor pg_dump's custom format)."
        )
    assert Organisation.objects.count() == some_data


def test_it_refuses_a_backup_of_the_other_engine(tmp_path: Path, some_data: int) -> None:
    if connection.vendor == "sqlite":
        other = tmp_path / "dump.pgcustom"
        other.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 100)
        message = "is a backup from PostgreSQL, but this installation uses SQLite"
    else:
        other = tmp_path / "copy.sqlite3"
        with closing(sqlite3.connect(other)) as conn:
            conn.execute("CREATE TABLE t (a)")
        message = "is a backup from SQLite, but this installation uses PostgreSQL"
    assert message in refused("restore", str(other), "--yes")
    assert Organisation.objects.count() == some_data


def test_it_refuses_a_damaged_or_foreign_sqlite_file(tmp_path: Path, some_data: int) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite files are refused as the other engine's on PostgreSQL (test above)")
    damaged = broken_sqlite(tmp_path / "damaged.sqlite3")
    message = refused("restore", str(damaged), "--yes")
    assert message.startswith(f"{damaged} fails the integrity check; nothing was changed: ")
    assert "missing from index ti" in message
    foreign = tmp_path / "foreign.sqlite3"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE t (a)")
    assert refused("restore", str(foreign), "--yes") == (
        f"{foreign} is an SQLite database, but not a powertriangle backup; nothing was changed."
    )
    assert Organisation.objects.count() == some_data


def test_it_asks_for_yes_without_a_terminal(tmp_path: Path, some_data: int) -> None:
    # A file that passes the first look (right kind for this engine): then the question comes.
    backup = tmp_path / "backup"
    backup.write_bytes(
        (b"SQLite format 3\x00" if connection.vendor == "sqlite" else b"PGDMP") + b"\x00" * 100
    )
    # A missing file is refused before anything is asked.
    assert refused("restore", str(tmp_path / "missing")).endswith(": no such file.")
    message = refused("restore", str(backup))
    assert message.startswith("Restoring replaces every record in ")
    assert message.endswith("; add --yes to confirm.")
    assert Organisation.objects.count() == some_data


def test_it_refuses_a_backup_file_it_cannot_write(tmp_path: Path, some_data: int) -> None:
    assert refused("backup", str(tmp_path)) == (
        f"{tmp_path} is a folder; give the name of the backup file."
    )
    assert refused("backup", str(tmp_path / "no" / "backup")) == (
        f"The folder {tmp_path / 'no'} does not exist."
    )


def test_it_passes_the_database_password_in_the_environment_only() -> None:
    env = pg_environment(
        {
            "NAME": "powertriangle",
            "USER": "app",
            "PASSWORD": "secret words",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "verify-full"},
        }
    )
    assert env["PGPASSWORD"] == "secret words"
    assert (env["PGUSER"], env["PGHOST"], env["PGPORT"]) == ("app", "db.internal", "5433")
    assert (env["PGDATABASE"], env["PGSSLMODE"]) == ("powertriangle", "verify-full")


# ── PostgreSQL: pg_dump and pg_restore ─────────────────────────────────────────────────────


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://...)",
)
@pytest.mark.django_db(transaction=True)
def test_it_round_trips_postgresql_through_pg_dump(tmp_path: Path, world: World) -> None:
    assert connection.vendor == "postgresql"
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} not on PATH: apt-get install postgresql-client"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="contexts",
        polarity="enabler",
        text="Karin knows the evening routine",
        author=world.relative,
    )
    projects, factors = Project.objects.count(), Factor.objects.count()
    epoch = LiveStream.objects.get(cycle=world.cycle).epoch
    backup = tmp_path / "powertriangle.pgcustom"
    out = StringIO()
    call_command("backup", str(backup), stdout=out)
    assert backup.read_bytes().startswith(b"PGDMP")
    assert "pg_dump custom format" in out.getvalue()

    Project.objects.filter(pk=world.other_project.pk).delete()
    Factor.objects.all().delete()
    out = StringIO()
    call_command("restore", str(backup), "--yes", stdout=out)
    assert "Restored" in out.getvalue()
    assert (Project.objects.count(), Factor.objects.count()) == (projects, factors)
    assert Factor.objects.get().text == "Karin knows the evening routine"
    # The streams start a new epoch: screens of the old one reload instead of skipping.
    assert LiveStream.objects.get(cycle=world.cycle).epoch != epoch
