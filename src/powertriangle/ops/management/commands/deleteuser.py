"""`powertriangle deleteuser USERNAME --yes`: delete an account (an administrator's way to do
what a user does on the "Delete your account" page)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.accounts.services import user_delete
from powertriangle.ops.management.command_base import PowerCommand


class Command(PowerCommand):
    summary = gettext_lazy(
        "Delete an account with its tokens, memberships and sessions (project members stay)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", metavar="USERNAME", help=_("The account."))
        parser.add_argument("--yes", action="store_true", help=_("Delete without asking."))

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("There is no account “%(name)s”.") % {"name": options["username"]})
        if not options["yes"]:
            raise CommandError(
                _("Nothing was deleted. Add --yes to delete %(name)s.") % {"name": user}
            )
        user_delete(user=user)
        self.stdout.write(_("The account %(name)s is deleted.") % {"name": options["username"]})
