"""`powertriangle adduser`: an account for a coach or a manager in an organisation."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.accounts.services import user_create
from powertriangle.ops.management.command_base import (
    PowerCommand,
    error_from,
    organisation_from_path,
    password_from,
)
from powertriangle.ops.management.commands.createadmin import add_password_arguments
from powertriangle.orgs.models import OrgMembership

OPTIONS = {"username": "USERNAME", "password": "--password", "role": "--role", "org": "--org"}


class Command(PowerCommand):
    summary = gettext_lazy(
        "Create an account for an improvement coach or a manager in an organisation; "
        "the organisation path is created as needed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", metavar="USERNAME", help=_("The new account's username."))
        add_password_arguments(parser)
        parser.add_argument(
            "--org",
            required=True,
            metavar="PATH",
            help=_('Where the account works, e.g. "Region/Municipality/Unit".'),
        )
        parser.add_argument(
            "--role",
            default=OrgMembership.Role.COACH.value,
            help=_("coach (works in the organisation) or manager (reads its whole subtree)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = password_from(options["password"], options["password_file"])
        role = options["role"]
        if role not in OrgMembership.Role.values:
            raise CommandError(
                _("--role: choose coach or manager, not “%(role)s”.") % {"role": role}
            )
        # The organisation path and the account are created together, or not at all.
        with transaction.atomic():
            organisation = organisation_from_path(options["org"])
            try:
                user = user_create(
                    username=options["username"],
                    password=password,
                    organisation=organisation,
                    role=role,
                )
            except ValidationError as exc:
                raise error_from(exc, OPTIONS) from None
        self.stdout.write(
            _("Account %(name)s created: %(role)s in %(org)s.")
            % {
                "name": user.username,
                "role": OrgMembership.Role(role).label,
                "org": organisation.name,
            }
        )
