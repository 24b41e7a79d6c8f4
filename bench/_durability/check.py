"""Checking the database after a kill: integrity, and every acknowledged write present."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

DB_FILE = "powertriangle.sqlite3"


@dataclass(frozen=True)
class Check:
    integrity: list[str]  # ["ok"] when intact
    present: int  # acknowledged texts found
    missing: list[str]
    unacknowledged_present: int  # texts found whose answer never arrived (fine)


def check(db_path: Path, cycle_id: int, acknowledged: set[str]) -> Check:
    # A normal read-write open, as the server's would be: it recovers the WAL left by the kill.
    with closing(sqlite3.connect(db_path, timeout=30)) as db:
        integrity = [str(row[0]) for row in db.execute("PRAGMA integrity_check")]
        texts = {
            str(row[0])
            for row in db.execute("SELECT text FROM cycles_factor WHERE cycle_id = ?", (cycle_id,))
        }
    missing = sorted(acknowledged - texts)
    return Check(
        integrity,
        len(acknowledged) - len(missing),
        missing,
        len({t for t in texts if t.startswith("durability ")} - acknowledged),
    )
