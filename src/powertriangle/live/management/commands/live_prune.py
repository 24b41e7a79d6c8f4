"""`powertriangle live_prune [--older-than-hours N]`: remove old events from the live log."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from powertriangle.live.services import live_log_prune, prune_cutoff
from powertriangle.ops.management.command_base import PowerCommand


class Command(PowerCommand):
    summary = gettext_lazy(
        "Remove the live log's events past retention (screens that reconnect need only "
        "recent ones). The server also does this at start and every hour."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--older-than-hours",
            type=int,
            metavar="N",
            default=None,
            help=_("Keep every event at least N hours (default: %(hours)d, from the setting).")
            % {"hours": settings.POWERTRIANGLE_LIVE_RETENTION_HOURS},
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["older_than_hours"]
        if hours is None:
            hours = settings.POWERTRIANGLE_LIVE_RETENTION_HOURS
        if hours < 0:
            raise CommandError(_("--older-than-hours: give 0 or more hours."))
        older_than = dt.timedelta(hours=hours)
        now = timezone.now()
        deleted = live_log_prune(older_than=older_than, now=now)
        cutoff = prune_cutoff(older_than, now)
        self.stdout.write(
            ngettext(
                "Removed %(n)d live event stored before %(cutoff)s.",
                "Removed %(n)d live events stored before %(cutoff)s.",
                deleted,
            )
            % {"n": deleted, "cutoff": cutoff.isoformat(timespec="minutes")}
        )
