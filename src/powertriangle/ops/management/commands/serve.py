"""`powertriangle serve`: run the app with uvicorn (ASGI)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.ops.management.command_base import PowerCommand, error_from
from powertriangle.ops.serve import serve, serve_check, sqlite_warning

OPTIONS = {"host": "--host", "port": "--port", "workers": "--workers"}


def add_server_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help=_("Address to listen on."))
    parser.add_argument("--port", type=int, default=8000, help=_("Port to listen on."))


class Command(PowerCommand):
    summary = gettext_lazy("Run powertriangle with uvicorn (ASGI).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_server_arguments(parser)
        parser.add_argument(
            "--workers", type=int, default=1, help=_("Worker processes (SQLite wants one).")
        )
        parser.add_argument(
            "--proxy-headers",
            action="store_true",
            help=_("Trust X-Forwarded-For and X-Forwarded-Proto from --forwarded-allow-ips."),
        )
        parser.add_argument(
            "--forwarded-allow-ips",
            default=None,
            help=_("Proxy addresses to trust, comma-separated (default: 127.0.0.1)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port, workers = options["host"], options["port"], options["workers"]
        try:
            serve_check(host=host, port=port, workers=workers)
        except ValidationError as exc:
            raise error_from(exc, OPTIONS) from None
        warning = sqlite_warning(workers)
        if warning:
            self.stderr.write(self.style.WARNING(warning))
        self.check_migrations()
        self.stdout.flush()
        serve(
            host=host,
            port=port,
            workers=workers,
            proxy_headers=options["proxy_headers"],
            forwarded_allow_ips=options["forwarded_allow_ips"],
        )
