"""Reading the values of a document one field at a time, each problem noted with its path.

Every reader reports its own problem and returns a harmless default, so one pass finds every
problem (up to MAX_PROBLEMS) rather than only the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from powertriangle.core.text import clean_text

MAX_ITEMS = 10_000  # per list
MAX_PROBLEMS = 50  # then stop: the first ones are enough to fix
REF_MAX = 40
MISSING = object()
T = TypeVar("T")


class Stop(Exception):
    """Too many problems, or a document that is not ours at all: stop reading."""


def at(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    name = str(key)[:REF_MAX]
    return f"{path}.{name}" if path else name


class FieldReader:
    def __init__(self) -> None:
        self.problems: dict[str, list[str]] = {}

    def fail(self, path: str, message: str) -> None:
        self.problems.setdefault(path or "document", []).append(message)
        if len(self.problems) >= MAX_PROBLEMS:
            raise Stop

    def fields(
        self, value: object, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if value is MISSING:  # already reported as a missing field
            return {}
        if not isinstance(value, dict):
            self.fail(path, _("Enter an object."))
            return {}
        for key in value:
            if key not in required and key not in optional:
                self.fail(at(path, key), _("This field is not part of the format."))
        for key in required:
            if key not in value:
                self.fail(at(path, key), _("This field is required."))
        return value

    def text(
        self, data: dict[str, Any], key: str, path: str, *, max_length: int, required: bool = True
    ) -> str:
        if key not in data:
            return ""
        try:
            return clean_text(
                data[key], field=at(path, key), max_length=max_length, required=required
            )
        except ValidationError as exc:
            for where, messages in exc.message_dict.items():
                for message in messages:
                    self.fail(where, message)
            return ""

    def choice(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        choices: list[str],
        *,
        default: str = "",
        optional: bool = False,
    ) -> str:
        value = data.get(key, MISSING)
        if value is MISSING or (optional and value in (None, "")):
            return default
        if not isinstance(value, str) or value not in choices:
            self.fail(
                at(path, key), _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}
            )
            return default
        return value

    def boolean(self, data: dict[str, Any], key: str, path: str, *, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(at(path, key), _("Enter true or false."))
            return default
        return value

    def integer(
        self, data: dict[str, Any], key: str, path: str, *, low: int, high: int, default: int
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                at(path, key),
                _("Enter a whole number from %(min)d to %(max)d.") % {"min": low, "max": high},
            )
            return default
        return value

    def moment(self, data: dict[str, Any], key: str, path: str) -> dt.datetime | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError
            parsed = dt.datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError
        except ValueError:
            self.fail(
                at(path, key),
                _("Enter a date and time with its time zone, e.g. 2025-03-01T09:30:00+00:00."),
            )
            return None
        return parsed

    def day(self, data: dict[str, Any], key: str, path: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(at(path, key), _("Enter a date as YYYY-MM-DD."))
            return None

    def items(self, data: dict[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(at(path, key), _("Enter a list."))
            return []
        if len(value) > MAX_ITEMS:
            self.fail(at(path, key), _("At most %(max)d items are allowed.") % {"max": MAX_ITEMS})
            return []
        return value

    def new_ref(self, data: dict[str, Any], path: str, taken: Mapping[str, object]) -> str | None:
        value = data.get("ref", MISSING)
        if value is MISSING:
            return None
        if not isinstance(value, str) or not 0 < len(value) <= REF_MAX:
            self.fail(
                at(path, "ref"),
                _("Enter a reference of 1 to %(max)d characters.") % {"max": REF_MAX},
            )
            return None
        if value in taken:
            self.fail(at(path, "ref"), _("This reference is used twice."))
            return None
        return value

    def ref(self, value: object, path: str, known: Mapping[str, T], message: str) -> T | None:
        if isinstance(value, str) and value in known:
            return known[value]
        self.fail(path, message)
        return None

    def refs(
        self, data: dict[str, Any], key: str, path: str, known: Mapping[str, T], message: str
    ) -> list[T]:
        found: dict[int, T] = {}
        for i, value in enumerate(self.items(data, key, path)):
            item = self.ref(value, at(at(path, key), i), known, message)
            if item is not None:
                found.setdefault(id(item), item)
        return list(found.values())
