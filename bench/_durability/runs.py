"""One run of the check (start the server, write, kill it, check the file) and the totals over
all runs."""

from __future__ import annotations

import argparse
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench._durability.check import DB_FILE, check
from bench._durability.server import REQUEST_TIMEOUT, kill, start_server
from bench._durability.writers import Writes, get_token, writer


@dataclass
class Totals:
    runs: int = 0
    acknowledged: set[str] = field(default_factory=set)
    present: int = 0
    integrity_failures: int = 0
    lost: int = 0
    errors: int = 0
    cut_off: int = 0
    failures: list[str] = field(default_factory=list)


def one_run(
    number: int,
    args: argparse.Namespace,
    data_dir: Path,
    env: dict[str, str],
    ids: dict[str, int],
    token: str,
    rng: random.Random,
    totals: Totals,
) -> str:
    """Start, write, kill, check; returns the token (fetched in the first run)."""
    server = start_server(data_dir, env, number)
    stop = threading.Event()
    writes = Writes()
    threads: list[threading.Thread] = []
    delay = 0.0
    try:
        if not token:
            token = get_token(server)
        deadline = time.monotonic() + args.seconds_per_run + REQUEST_TIMEOUT
        threads = [
            threading.Thread(
                target=writer,
                args=(server, token, ids["cycle_id"], ids["member_id"], f"r{number}w{w}"),
                kwargs={"stop": stop, "deadline": deadline, "writes": writes},
                daemon=True,
            )
            for w in range(args.writers)
        ]
        for thread in threads:
            thread.start()
        delay = rng.uniform(min(0.2, args.seconds_per_run), args.seconds_per_run)
        time.sleep(delay)
    finally:
        kill(server)
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
    if any(thread.is_alive() for thread in threads):
        totals.failures.append(f"run {number}: a writer did not stop")
    totals.acknowledged.update(writes.acknowledged)
    totals.errors += len(writes.errors)
    totals.cut_off += writes.cut_off
    if writes.errors:
        totals.failures.append(
            f"run {number}: {len(writes.errors)} error answers, the first: {writes.errors[0]}\n"
            f"--- server log ---\n{server.log_tail()}"
        )
    result = check(data_dir / DB_FILE, ids["cycle_id"], totals.acknowledged)
    totals.runs += 1
    totals.present = result.present
    if result.integrity != ["ok"]:
        totals.integrity_failures += 1
        totals.failures.append(f"run {number}: integrity_check: {'; '.join(result.integrity[:5])}")
    if result.missing:
        totals.lost += len(result.missing)
        totals.failures.append(
            f"run {number}: {len(result.missing)} acknowledged writes missing, e.g. "
            f"{result.missing[0]!r}"
        )
    print(
        f"run {number}/{args.runs}: killed after {delay:.2f} s; acknowledged "
        f"{len(writes.acknowledged)} (total {len(totals.acknowledged)}), present "
        f"{result.present}, in flight {writes.cut_off} (of which committed: "
        f"{result.unacknowledged_present} in total), integrity {' '.join(result.integrity[:1])}",
        flush=True,
    )
    return token
