"""What the `powertriangle` commands share: reading files and turning service errors into
messages for the terminal. A CommandError is printed without a traceback and exits with 1."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
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


def _standard_help() -> dict[str, str]:
    """Django's and argparse's own options, in the command's language (their texts are not
    translated upstream, so `--help` in Swedish would be half English)."""
    return {
        "help": _("Show this help and stop."),
        "version": _("Show the version and stop."),
        "verbosity": _("How much to print: 0 least, 1 normal, 2 more, 3 most."),
        "settings": _(
            "The Python path of a settings module; else DJANGO_SETTINGS_MODULE is used "
            "(powertriangle.settings)."
        ),
        "pythonpath": _("A folder to add to the Python path."),
        "traceback": _("Show the full traceback of an error."),
        "no_color": _("Print without colours."),
        "force_color": _("Print in colour even when the output is not a terminal."),
        "skip_checks": _("Skip the system checks."),
    }


class _Formatter(DjangoHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix else _("usage: "))


class PowerCommand(BaseCommand):
    """A command whose description is translated: set `summary` with gettext_lazy. Its whole
    `--help` is in the command's language, Django's standard options included."""

    summary: StrOrPromise = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.summary)
        kwargs.setdefault("formatter_class", _Formatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        texts = _standard_help()
        for action in parser._actions:
            if action.dest in texts:
                action.help = texts[action.dest]
        parser._optionals.title = _("options")
        return parser
