"""bench/durability.py in its short form: the real server under concurrent API writers, killed
with SIGKILL three times; every acknowledged write must be there and the SQLite file intact.
The full check (50 kills, 20 writers) is `.venv/bin/python bench/durability.py`."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "bench" / "durability.py"
LAST_LINE = re.compile(r"acknowledged=(\d+) present=(\d+) runs=(\d+)")


def test_it_keeps_every_acknowledged_write_through_three_kills() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--runs",
            "3",
            "--writers",
            "5",
            "--seconds-per-run",
            "1",
            "--max-seconds",
            "240",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    lines = result.stdout.strip().splitlines()
    assert lines, output
    match = LAST_LINE.fullmatch(lines[-1])
    assert match, output
    acknowledged, present, runs = (int(group) for group in match.groups())
    assert result.returncode == 0, output
    assert runs == 3
    assert acknowledged > 0, output
    assert present == acknowledged
    assert lines[-2].startswith("integrity_failures=0 lost=0 error_answers=0 "), output
    assert sum("integrity ok" in line for line in lines) == 3, output


def durability_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("durability", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("durability", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_its_check_reports_an_acknowledged_write_that_is_missing(tmp_path: Path) -> None:
    db = tmp_path / "powertriangle.sqlite3"
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE cycles_factor (id INTEGER PRIMARY KEY, cycle_id, text)")
        conn.executemany(
            "INSERT INTO cycles_factor (cycle_id, text) VALUES (?, ?)",
            [(1, "durability kept"), (1, "durability in flight"), (2, "durability elsewhere")],
        )
        conn.commit()
    found = durability_script().check(
        db, 1, {"durability kept", "durability lost", "durability elsewhere"}
    )
    assert found.integrity == ["ok"]
    assert found.present == 1
    assert found.missing == ["durability elsewhere", "durability lost"]
    assert found.unacknowledged_present == 1
