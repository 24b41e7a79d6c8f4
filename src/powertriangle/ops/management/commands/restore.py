"""`powertriangle restore FILE [--yes]`: replace every record with a backup from `backup`.

SQLite: the file must pass `PRAGMA integrity_check`; it is copied in through the online backup
API, so a running server never reads a half-copied file. PostgreSQL: pg_restore --clean
--if-exists in one transaction."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.ops.backup import BackupError, backup_restore, restore_check
from powertriangle.ops.management.command_base import PowerCommand
from powertriangle.ops.management.commands.backup import summary


class Command(PowerCommand):
    summary = gettext_lazy(
        "Replace every record in the database with a backup made by `powertriangle backup`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE", help=_("The backup file to restore."))
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Do not ask for confirmation (needed when there is no terminal)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            restore_check(path)
            if not options["yes"]:
                self._confirm(path)
            report = backup_restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Restored %(path)s; integrity check: ok.") % {"path": report.path}
            if report.engine == "sqlite"
            else _("Restored %(path)s with pg_restore.") % {"path": report.path}
        )
        if report.counts:
            self.stdout.write(
                _("Rows in the database now: %(summary)s.") % {"summary": summary(report)}
            )
        if report.needs_migrate:
            self.stdout.write(
                _("The backup comes from an older version: run `powertriangle migrate` now.")
            )

    def _confirm(self, path: str) -> None:
        database = str(connection.settings_dict["NAME"])
        if not sys.stdin.isatty():
            raise CommandError(
                _("Restoring replaces every record in %(database)s; add --yes to confirm.")
                % {"database": database}
            )
        answer = input(
            _("Replace every record in %(database)s with %(path)s? Type yes to go on: ")
            % {"database": database, "path": path}
        )
        if answer.strip().lower() not in {"yes", _("yes").lower()}:
            raise CommandError(_("Nothing was restored."))
