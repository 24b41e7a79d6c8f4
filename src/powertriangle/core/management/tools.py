"""What the `powertriangle` commands share: reading files and turning service errors into
messages for the terminal. A CommandError is printed without a traceback and exits with 1."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from powertriangle.orgs.models import Organisation
from powertriangle.orgs.services import organisation_get_or_create_path

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def error_from(exc: ValidationError, fields: Mapping[str, str] | None = None) -> CommandError:
    """A CommandError listing every message, each after the option it is about."""
    if not hasattr(exc, "error_dict"):
        return CommandError("\n".join(exc.messages))
    names = dict(fields or {})
    lines = []
    for field, messages in exc.message_dict.items():
        for message in messages:
            label = "" if field == NON_FIELD_ERRORS else names.get(field, field)
            lines.append(f"{label}: {message}" if label else message)
    return CommandError("\n".join(lines))


def read_text(path: str) -> str:
    """The UTF-8 text of a file, or `-` for standard input."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(_("%(path)s: no such file.") % {"path": path}) from None
    except IsADirectoryError:
        raise CommandError(_("%(path)s is a folder, not a file.") % {"path": path}) from None
    except UnicodeDecodeError:
        raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from None
    except OSError as exc:
        raise CommandError(
            _("%(path)s cannot be read: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None


# A file that cannot be read as a document at all exits with 2 (as a wrong option does); one
# that reads but is refused by the service exits with 1.
UNREADABLE = 2


def read_json(path: str) -> dict[str, Any]:
    """A JSON object from a file; a clear message with the place of a syntax error."""
    text = read_text(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            _("%(path)s:%(line)d:%(column)d: not valid JSON: %(reason)s")
            % {"path": path, "line": exc.lineno, "column": exc.colno, "reason": exc.msg},
            returncode=UNREADABLE,
        ) from None
    except RecursionError:
        raise CommandError(
            _("%(path)s: the JSON is nested too deeply to be read.") % {"path": path},
            returncode=UNREADABLE,
        ) from None
    if not isinstance(document, dict):
        raise CommandError(
            _("%(path)s must hold a JSON object.") % {"path": path}, returncode=UNREADABLE
        )
    return document


def dump_json(document: object) -> str:
    """JSON as the commands write it: readable, stable key order, letters kept as they are."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            _("%(path)s cannot be written: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None


def password_from(password: str | None, password_file: str | None) -> str:
    """The password given on the command line, or the first line of a file (`-`: stdin)."""
    if password is not None and password_file is not None:
        raise CommandError(_("Give either --password or --password-file, not both."))
    if password_file is not None:
        lines = read_text(password_file).splitlines()
        return lines[0] if lines else ""
    if password is None:
        raise CommandError(_("Give a password with --password or --password-file."))
    return password


def organisation_from_path(path: str) -> Organisation:
    """The organisation named by "Region/Municipality/Unit", created as needed."""
    try:
        with transaction.atomic():
            return organisation_get_or_create_path(path.strip().strip("/").split("/"))
    except ValidationError as exc:
        raise error_from(exc, {"org": "--org", "name": "--org"}) from None


class PowerCommand(BaseCommand):
    """A command whose description is translated: set `summary` with gettext_lazy."""

    summary: StrOrPromise = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.summary)
        return super().create_parser(prog_name, subcommand, **kwargs)
