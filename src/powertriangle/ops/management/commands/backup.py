"""`powertriangle backup FILE`: a consistent copy of the whole database, checked before it is kept.

SQLite: the online backup API and `PRAGMA integrity_check` on the copy; PostgreSQL: pg_dump's
custom format. The server may keep running meanwhile."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.ops.backup import BackupError, BackupReport, backup_create
from powertriangle.ops.management.command_base import PowerCommand

# The tables worth naming in the summary, with what they hold.
SUMMARY_TABLES = (
    ("projects_project", gettext_lazy("projects")),
    ("cycles_cycle", gettext_lazy("cycles")),
    ("cycles_factor", gettext_lazy("factors")),
    ("cycles_action", gettext_lazy("actions")),
)


def summary(report: BackupReport) -> str:
    """“projects 3, cycles 5, factors 120, actions 14”, from the counts in the report."""
    parts = [
        f"{label} {report.counts[table]}"
        for table, label in SUMMARY_TABLES
        if table in report.counts
    ]
    return ", ".join(parts)


class Command(PowerCommand):
    summary = gettext_lazy(
        "Back up the whole database to FILE while the app may run (SQLite: online backup and "
        "integrity check; PostgreSQL: pg_dump's custom format)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", metavar="FILE", help=_("The backup file to write (replaced if it exists).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_create(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if report.engine == "sqlite":
            self.stdout.write(
                _("Backup written to %(path)s (%(size)d bytes); integrity check: ok.")
                % {"path": report.path, "size": report.size}
            )
        else:
            self.stdout.write(
                _("Backup written to %(path)s (%(size)d bytes, pg_dump custom format).")
                % {"path": report.path, "size": report.size}
            )
        if report.counts:
            self.stdout.write(_("Rows in the backup: %(summary)s.") % {"summary": summary(report)})
