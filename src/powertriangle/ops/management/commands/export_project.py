"""`powertriangle export PROJECT_ID`: a project with its cycles as one JSON document."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.exchange.services import project_export
from powertriangle.ops.management.command_base import (
    PowerCommand,
    dump_json,
    error_from,
    write_text,
)
from powertriangle.projects.models import Project


def project_by_id(raw: str) -> Project:
    project = Project.objects.filter(pk=int(raw)).first() if raw.isdecimal() else None
    if project is None:
        raise CommandError(_("There is no project with the id %(id)s.") % {"id": raw})
    return project


class Command(PowerCommand):
    summary = gettext_lazy(
        "Export a project, its members and cycles as JSON (to a file or the screen)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("project_id", metavar="PROJECT_ID", help=_("The project's id."))
        parser.add_argument(
            "--out", metavar="FILE", help=_("Write to FILE instead of standard output.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        project = project_by_id(options["project_id"])
        try:
            text = dump_json(project_export(by=None, project=project))
        except ValidationError as exc:
            raise error_from(exc) from None
        if options["out"] is None:
            self.stdout.write(text, ending="")
            return
        write_text(options["out"], text)
        self.stdout.write(
            _("Project %(id)d “%(title)s” written to %(path)s.")
            % {"id": project.pk, "title": project.title, "path": options["out"]}
        )
