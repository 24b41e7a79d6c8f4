"""`powertriangle catalogue validate|use|export-default`: work with factor catalogues (YAML)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from powertriangle.catalogue.services import catalogue_import
from powertriangle.ops.management.command_base import (
    PowerCommand,
    error_from,
    organisation_from_path,
    read_text,
)
from powertriangle.triangle.catalogue import (
    Catalogue,
    default_catalogue_path,
    load_catalogue,
    validate_catalogue,
)


def counts(catalogue: Catalogue) -> str:
    factors = len(catalogue.factors)
    prompts = len(catalogue.prompts)
    return ngettext("%(n)d factor", "%(n)d factors", factors) % {"n": factors} + (
        ", " + ngettext("%(n)d prompt", "%(n)d prompts", prompts) % {"n": prompts}
    )


class Command(PowerCommand):
    summary = gettext_lazy(
        "Check a catalogue file, let an organisation use it, or print the default catalogue."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        validate = actions.add_parser(
            "validate", help=_("Check a catalogue file and list every problem with its line.")
        )
        validate.add_argument("file", metavar="FILE")
        use = actions.add_parser(
            "use", help=_("Load a catalogue file and let an organisation and its subtree use it.")
        )
        use.add_argument("file", metavar="FILE")
        use.add_argument(
            "--org",
            required=True,
            metavar="PATH",
            help=_('The organisation, e.g. "Region/Municipality/Unit".'),
        )
        actions.add_parser(
            "export-default", help=_("Print the default catalogue, to copy and adapt.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export-default":
            self.stdout.write(default_catalogue_path().read_text(encoding="utf-8"), ending="")
            return
        path = options["file"]
        text = read_text(path)
        catalogue = self.checked(path, text)
        if options["action"] == "validate":
            summary = {"path": path, "counts": counts(catalogue)}
            self.stdout.write(_("%(path)s: ok (%(counts)s)") % summary)
            return
        with transaction.atomic():
            organisation = organisation_from_path(options["org"])
            try:
                stored = catalogue_import(text=text, organisation=organisation)
            except ValidationError as exc:
                raise error_from(exc) from None
        self.stdout.write(
            _("%(org)s and everything under it now use “%(title)s” (%(counts)s).")
            % {"org": organisation.name, "title": stored.title(), "counts": counts(catalogue)}
        )

    def checked(self, path: str, text: str) -> Catalogue:
        """The parsed catalogue; otherwise every problem as FILE:LINE: message, and exit 1."""
        problems = validate_catalogue(text)
        if problems:
            n = len(problems)
            for problem in problems:
                self.stdout.write(f"{path}:{problem.line}: {problem.message}")
            raise CommandError(
                ngettext("%(path)s: %(n)d problem found.", "%(path)s: %(n)d problems found.", n)
                % {"path": path, "n": n}
            )
        return load_catalogue(text)
