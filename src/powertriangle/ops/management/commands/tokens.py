"""`powertriangle tokens USERNAME [--revoke ID | --revoke-all]`: an account's API tokens."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.accounts.tokens import token_revoke, tokens_of, tokens_revoke_all
from powertriangle.ops.management.command_base import PowerCommand


class Command(PowerCommand):
    summary = gettext_lazy("List an account's API tokens, or revoke one or all of them.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", metavar="USERNAME", help=_("The account."))
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--revoke", metavar="ID", help=_("Revoke the token with this id."))
        group.add_argument(
            "--revoke-all", action="store_true", help=_("Revoke every token of the account.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("There is no account “%(name)s”.") % {"name": options["username"]})
        if options["revoke_all"]:
            n = tokens_revoke_all(user=user)
            self.stdout.write(_("Revoked %(n)d tokens of %(name)s.") % {"n": n, "name": user})
            return
        if options["revoke"] is not None:
            if not token_revoke(user=user, token_id=options["revoke"]):
                raise CommandError(
                    _("%(name)s has no token with the id %(id)s.")
                    % {"name": user, "id": options["revoke"]}
                )
            self.stdout.write(_("Revoked the token %(id)s.") % {"id": options["revoke"]})
            return
        for token in tokens_of(user):
            used = token.last_used_at.date().isoformat() if token.last_used_at else "-"
            self.stdout.write(
                f"{token.pk}\t{token.name}\t{token.created_at.date().isoformat()}\t{used}\t"
                f"{token.expires_at.date().isoformat()}"
            )
