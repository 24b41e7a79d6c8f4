"""`powertriangle housekeeping`: remove what is past its retention (ops.housekeeping)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.ops.housekeeping import housekeep
from powertriangle.ops.management.command_base import PowerCommand


class Command(PowerCommand):
    summary = gettext_lazy(
        "Remove what is kept only for a while: old live events, failure counters, expired "
        "sessions and API tokens (the server does this every hour by itself)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        labels = {
            "live_events": _("Live events"),
            "failure_counters": _("Failure counters"),
            "sessions": _("Expired sessions"),
            "api_tokens": _("Expired API tokens"),
            "form_keys": _("One-time form keys"),
        }
        for what, n in housekeep().items():
            self.stdout.write(_("%(what)s: %(n)d removed") % {"what": labels[what], "n": n})
