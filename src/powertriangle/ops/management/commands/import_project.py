"""`powertriangle import FILE --org PATH`: a project exported by `powertriangle export`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.exchange.services import project_import
from powertriangle.ops.management.command_base import (
    PowerCommand,
    error_from,
    organisation_from_path,
    read_json,
)


class Command(PowerCommand):
    summary = gettext_lazy(
        "Import a project from a JSON file made by `powertriangle export` into an organisation."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE", help=_("The JSON file (- for standard input)."))
        parser.add_argument(
            "--org",
            required=True,
            metavar="PATH",
            help=_('The organisation to import into, e.g. "Region/Municipality/Unit".'),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = read_json(options["file"])
        # The organisation path is only created when the project comes in with it.
        with transaction.atomic():
            organisation = organisation_from_path(options["org"])
            try:
                project = project_import(by=None, organisation=organisation, document=document)
            except ValidationError as exc:
                raise error_from(exc) from None
        self.stdout.write(
            _("Imported project %(id)d “%(title)s” into %(org)s.")
            % {"id": project.pk, "title": project.title, "org": organisation.name}
        )
