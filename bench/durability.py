#!/usr/bin/env python3
"""Durability under SIGKILL: acknowledged writes survive a killed server, and the database stays
intact.

    .venv/bin/python bench/durability.py                  # the full check: 50 kills, 20 writers
    .venv/bin/python bench/durability.py --runs 3 --writers 5 --seconds-per-run 1   # short (tests)

In a fresh temporary data folder: `powertriangle migrate`, then a project with an open cycle and
a member (through the services), then, `--runs` times: start the real server (uvicorn on
127.0.0.1 and a free port), let `--writers` threads add factors with unique texts through the JSON
API (`POST /api/v1/cycles/{id}/factors`), SIGKILL the server after a random moment, open the
SQLite file with `sqlite3`, require `PRAGMA integrity_check` = ok and every text the server ever
acknowledged (answered 2xx) to be there. Each run checks all acknowledged writes so far.

The last line is `acknowledged=N present=N runs=R`; the exit status is 1 on any lost write,
integrity problem, error answer or a run that could not be completed. Traffic goes to 127.0.0.1
only; every loop is bounded in count and time (`--max-seconds` for the whole check).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# `check` is also read from here by tests/integration/test_durability.py.
from bench._durability.check import check  # noqa: E402, F401
from bench._durability.runs import Totals, one_run  # noqa: E402
from bench._durability.seed import seed  # noqa: E402
from bench._durability.server import run_step, server_env  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=50, help="server kills (default 50)")
    parser.add_argument("--writers", type=int, default=20, help="writer threads (default 20)")
    parser.add_argument(
        "--seconds-per-run", type=float, default=2.0, help="longest time before a kill (2)"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed, for a rerun")
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="give up after (1800)")
    parser.add_argument("--keep", action="store_true", help="keep the data folder afterwards")
    parser.add_argument("--seed-database", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed_database:
        seed()
        return 0
    if not (1 <= args.runs <= 1000 and 1 <= args.writers <= 200 and args.seconds_per_run > 0):
        parser.error("choose 1–1000 runs, 1–200 writers and a positive --seconds-per-run")
    seed_value = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed_value)
    started = time.monotonic()
    data_dir = Path(tempfile.mkdtemp(prefix="powertriangle-durability-"))
    env = server_env(data_dir)
    print(
        f"durability: {args.runs} runs, {args.writers} writers, kill within "
        f"{args.seconds_per_run} s, seed {seed_value}, data in {data_dir}",
        flush=True,
    )
    totals = Totals()
    try:
        run_step([sys.executable, "-m", "powertriangle", "migrate", "--no-input"], env, "migrate")
        out = run_step([sys.executable, __file__, "--seed-database"], env, "seeding")
        ids = json.loads(out.strip().splitlines()[-1])
        token = ""
        for number in range(1, args.runs + 1):
            if time.monotonic() - started > args.max_seconds:
                totals.failures.append(f"stopped after {args.max_seconds:.0f} s (--max-seconds)")
                break
            try:
                token = one_run(number, args, data_dir, env, ids, token, rng, totals)
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                totals.failures.append(f"run {number}: {exc}")
                break
    except (RuntimeError, subprocess.SubprocessError) as exc:
        totals.failures.append(str(exc))
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    if totals.runs < args.runs and not totals.failures:
        totals.failures.append(f"only {totals.runs} of {args.runs} runs completed")
    if totals.runs and not totals.acknowledged:
        totals.failures.append("the server acknowledged no write at all")
    for failure in totals.failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    print(
        f"integrity_failures={totals.integrity_failures} lost={totals.lost} "
        f"error_answers={totals.errors} in_flight_at_kill={totals.cut_off} "
        f"seconds={time.monotonic() - started:.1f}"
    )
    print(f"acknowledged={len(totals.acknowledged)} present={totals.present} runs={totals.runs}")
    return 0 if not totals.failures and totals.present == len(totals.acknowledged) else 1


if __name__ == "__main__":
    sys.exit(main())
