"""`powertriangle seed-demo`: add the demo project and accounts (once; running it again is safe)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.ops.demo import DemoInfo, demo_seed
from powertriangle.ops.management.command_base import PowerCommand, error_from


def print_demo_login(out: OutputWrapper, info: DemoInfo) -> None:
    if info.created:
        out.write(_("Demo project created in %(org)s.") % {"org": info.organisation})
    else:
        out.write(_("The demo project is already there; nothing was changed."))
    out.write(
        _("Log in as %(coach)s (improvement coach) or %(manager)s (manager), password: %(pw)s")
        % {"coach": info.coach_username, "manager": info.manager_username, "pw": info.password}
    )


class Command(PowerCommand):
    summary = gettext_lazy("Add the demo organisation, accounts and Esther project (idempotent).")

    def handle(self, *args: Any, **options: Any) -> None:
        print_demo_login(self.stdout, seeded())


def seeded() -> DemoInfo:
    try:
        return demo_seed()
    except ValidationError as exc:
        raise error_from(exc) from None
