"""`powertriangle member PROJECT_ID [MEMBER_ID] [--out FILE] [--erase HOW --yes]`: a person's
data rights from the command line: list a project's members, export everything about one,
erase one."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.ops.management.command_base import PowerCommand, dump_json, write_text
from powertriangle.ops.management.commands.export_project import project_by_id
from powertriangle.projects import selectors
from powertriangle.projects.models import Member, Project
from powertriangle.projects.rights.erasure import ErasureMode, erasure_plan, member_erase
from powertriangle.projects.rights.subject import member_data


def member_by_id(project: Project, raw: str) -> Member:
    member = selectors.member_of(project, raw)
    if member is None:
        raise CommandError(
            _("Project %(project)d has no member with the id %(id)s.")
            % {"project": project.pk, "id": raw}
        )
    return member


class Command(PowerCommand):
    summary = gettext_lazy(
        "List a project's members, export everything about one (JSON), or erase one."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("project_id", metavar="PROJECT_ID", help=_("The project's id."))
        parser.add_argument(
            "member_id", metavar="MEMBER_ID", nargs="?", help=_("The member's id (see the list).")
        )
        parser.add_argument(
            "--out", metavar="FILE", help=_("Write the export to FILE instead of the screen.")
        )
        parser.add_argument(
            "--erase",
            choices=[mode.value for mode in ErasureMode],
            help=_(
                "Erase the member: 'anonymise' keeps what they said without their name, "
                "'delete' deletes it."
            ),
        )
        parser.add_argument(
            "--yes", action="store_true", help=_("Erase without asking (needed with --erase).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        project = project_by_id(options["project_id"])
        if options["member_id"] is None:
            for member in selectors.members_listed(project.pk):
                self.stdout.write(f"{member.pk}\t{member.display_name}\t{member.role}")
            return
        member = member_by_id(project, options["member_id"])
        if options["erase"] is not None:
            self._erase(member, ErasureMode(options["erase"]), confirmed=options["yes"])
            return
        text = dump_json(member_data(member))
        if options["out"] is None:
            self.stdout.write(text, ending="")
            return
        write_text(options["out"], text)
        self.stdout.write(_("Written to %(path)s.") % {"path": options["out"]})

    def _erase(self, member: Member, mode: ErasureMode, *, confirmed: bool) -> None:
        plan = erasure_plan(member)
        summary = _(
            "%(contributions)d contributions, %(dots)d dots, responsible for %(owned)d actions."
        ) % {"contributions": plan.contributions, "dots": plan.dots, "owned": plan.actions_owned}
        if not confirmed:
            raise CommandError(
                _("Nothing was erased (%(summary)s) Add --yes to erase.") % {"summary": summary}
            )
        member_erase(by=None, member=member, mode=mode)
        self.stdout.write(
            _("Member %(id)d erased: %(summary)s") % {"id": member.pk, "summary": summary}
        )
