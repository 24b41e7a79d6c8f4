"""Running the app with uvicorn (ASGI): the live workshop's streams need it, runserver won't do."""

from __future__ import annotations

import uvicorn
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from powertriangle.live.retention import PeriodicPrune
from powertriangle.ops.housekeeping import housekeep

APPLICATION = "powertriangle.asgi:application"
WORKERS_MAX = 64


def serve_check(*, host: str, port: int, workers: int) -> None:
    """Refuse values uvicorn would only fail on later, with a message for a person."""
    errors: dict[str, str] = {}
    if not host.strip():
        errors["host"] = _("Give a host name or address, e.g. 127.0.0.1.")
    if not 1 <= port <= 65535:
        errors["port"] = _("Choose a port from 1 to 65535.")
    if not 1 <= workers <= WORKERS_MAX:
        errors["workers"] = _("Choose from 1 to %(max)d workers.") % {"max": WORKERS_MAX}
    if errors:
        raise ValidationError(errors)


def serve_url(host: str, port: int) -> str:
    """The address to open in a browser on this machine."""
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - a wildcard is only mapped to a local URL
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def sqlite_warning(workers: int, *, engine: str | None = None) -> str | None:
    """A warning when several workers would share one SQLite file (`engine`: the database's
    backend, by default the one configured)."""
    engine = engine or str(settings.DATABASES["default"]["ENGINE"])
    if workers > 1 and engine == "django.db.backends.sqlite3":
        return _(
            "SQLite wants one worker: with %(n)d workers they queue for the one database file, "
            "and the live workshop's updates stay inside each worker. Use --workers 1, or set "
            "DATABASE_URL to PostgreSQL for several workers."
        ) % {"n": workers}
    return None


def serve(
    *,
    host: str,
    port: int,
    workers: int = 1,
    proxy_headers: bool = False,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Run uvicorn until it is stopped (Ctrl+C or SIGTERM).

    Shutdown waits at most a second for open requests: live streams never end by themselves,
    so without a limit uvicorn would wait for every open screen to go away. Proxy headers
    (X-Forwarded-For/-Proto) are only trusted when asked for, from `forwarded_allow_ips`.
    Retention (ops.housekeeping) runs at start and every hour, from this process only.
    """
    serve_check(host=host, port=port, workers=workers)
    if settings.POWERTRIANGLE_TRUSTED_PROXY:
        proxy_headers = True
        forwarded_allow_ips = forwarded_allow_ips or settings.POWERTRIANGLE_TRUSTED_PROXY_IPS
    pruner = PeriodicPrune(task=housekeep).start()
    try:
        uvicorn.run(
            APPLICATION,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=proxy_headers,
            forwarded_allow_ips=forwarded_allow_ips,
            timeout_graceful_shutdown=1,
            # Django's ASGI handler does not speak the lifespan protocol.
            lifespan="off",
            server_header=False,
            # The access log records every phone's address with its posts (core/logs.py).
            access_log=settings.POWERTRIANGLE_ACCESS_LOG == "full",
        )
    finally:
        pruner.stop()
