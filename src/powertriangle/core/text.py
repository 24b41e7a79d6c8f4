"""Cleaning of free text from people: the one place that decides what text is acceptable."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Bidirectional overrides and isolates can make text read differently from what it is.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(value: object, *, field: str, max_length: int, required: bool = True) -> str:
    """Return the text normalised (NFC, trimmed, CRLF → LF) or raise ValidationError for `field`.

    Markup is kept as plain text (it is escaped on every output), but control characters,
    bidirectional overrides, unpaired surrogates and over-long text are refused.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: _("Enter text.")}, code="type")
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if required and not text:
        raise ValidationError({field: _("This field cannot be empty.")}, code="required")
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("Keep it to %(max)d characters (this has %(n)d).")
                % {"max": max_length, "n": len(text)}
            },
            code="max_length",
        )
    for char in text:
        category = unicodedata.category(char)
        if char in _BIDI_CONTROLS or (category == "Cc" and char not in _ALLOWED_CONTROLS):
            raise ValidationError(
                {field: _("The text contains invisible control characters; please retype it.")},
                code="control",
            )
        if category == "Cs":
            raise ValidationError(
                {field: _("The text contains broken characters.")}, code="surrogate"
            )
    return text


def comparable(text: str) -> bool:
    """Whether a database can look `text` up at all: PostgreSQL refuses a NUL byte in text,
    and no database takes a lone surrogate. Check before using unchecked text in a query."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def clean_choice(value: object, *, field: str, choices: list[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValidationError(
            {field: _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}},
            code="invalid_choice",
        )
    return value
