"""`powertriangle demo`: a working demo from a fresh clone, with no configuration."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.ops.management.command_base import PowerCommand, error_from
from powertriangle.ops.management.commands.seed_demo import print_demo_login, seeded
from powertriangle.ops.management.commands.serve import OPTIONS, add_server_arguments
from powertriangle.ops.serve import serve, serve_check, serve_url


class Command(PowerCommand):
    summary = gettext_lazy(
        "Prepare the database, add the demo project and serve it on http://127.0.0.1:8000/."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_server_arguments(parser)
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help=_("Prepare the database and the demo, then stop without serving."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        try:
            serve_check(host=host, port=port, workers=1)
        except ValidationError as exc:
            raise error_from(exc, OPTIONS) from None
        if settings.PRODUCTION:
            # Say so before touching the database.
            seeded()
        call_command("migrate", verbosity=0, interactive=False)
        info = seeded()
        print_demo_login(self.stdout, info)
        if options["no_serve"]:
            return
        self.stdout.write(
            _("Open %(url)s in your browser. Stop with Ctrl+C.") % {"url": serve_url(host, port)}
        )
        self.stdout.flush()
        serve(host=host, port=port)
