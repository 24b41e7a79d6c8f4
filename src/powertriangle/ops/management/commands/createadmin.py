"""`powertriangle createadmin`: a superuser, without questions (for scripts and containers)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.accounts.services import user_create
from powertriangle.ops.management.command_base import PowerCommand, error_from, password_from

OPTIONS = {"username": "--username", "password": "--password"}


def add_password_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--password", help=_("The password (it shows in the process list; prefer a file).")
    )
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        help=_("Read the password from the first line of FILE (- for standard input)."),
    )


class Command(PowerCommand):
    summary = gettext_lazy("Create an administrator account (superuser) without questions.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--username", required=True, help=_("The new account's username."))
        add_password_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        password = password_from(options["password"], options["password_file"])
        try:
            user = user_create(username=options["username"], password=password, superuser=True)
        except ValidationError as exc:
            raise error_from(exc, OPTIONS) from None
        self.stdout.write(_("Administrator %(name)s created.") % {"name": user.username})
