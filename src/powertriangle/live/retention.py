"""The server prunes the live log by itself: once at start, then every hour.

`powertriangle serve` runs one `PeriodicPrune` thread in its main process, whatever the number
of workers (uvicorn's workers are separate processes; the main one only watches them), so one
DELETE by age runs per server and hour. Several servers on one PostgreSQL database each run
theirs: deleting by age is idempotent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from powertriangle.live.services import live_log_prune
from powertriangle.live.store import close_connections

logger = logging.getLogger(__name__)

EVERY_SECONDS = 3600.0


class PeriodicPrune:
    """A daemon thread that calls `task` (by default `live_log_prune()`; the server gives it
    all of ops.housekeeping) now and every `every` seconds until `stop()`. A failure (the
    database away for a moment) is logged and retried next time."""

    def __init__(
        self, every: float = EVERY_SECONDS, task: Callable[[], object] = live_log_prune
    ) -> None:
        self.every = every
        self.task = task
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="live-prune", daemon=True)

    def start(self) -> PeriodicPrune:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def prune_once(self) -> int:
        try:
            done = self.task()
        except Exception as exc:
            logger.warning("housekeeping failed: %s", exc)
            return 0
        finally:
            close_connections()
            self.runs += 1
        deleted = sum(done.values()) if isinstance(done, dict) else int(str(done or 0))
        if deleted:
            logger.info("housekeeping: removed %s past retention", done)
        return deleted

    def _run(self) -> None:
        while not self._stop.is_set():
            self.prune_once()
            self._stop.wait(self.every)
