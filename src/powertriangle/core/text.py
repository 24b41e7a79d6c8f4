"""Cleaning of free text from people: the one place that decides what text is acceptable."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Bidirectional overrides and isolates can make text read differently from what it is.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_ALLOWED_CONTROLS = {"\n", "\t"}
# Letters and symbols that draw nothing, although Unicode does not call them format characters
# (Hangul fillers, the blank Braille pattern, Khmer inherent vowels, the grapheme joiner).
_BLANK_LOOKING = {chr(c) for c in (0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x17B4, 0x17B5, 0x034F)}
# Categories that draw nothing by themselves: format (U+200B, U+180E, U+FEFF, U+200F …),
# separators (spaces, line and paragraph separators) and controls.
_INVISIBLE_CATEGORIES = {"Cf", "Zs", "Zl", "Zp", "Cc"}


def is_invisible(char: str) -> bool:
    """Whether the character draws nothing (a format or space character, or a known blank)."""
    return char in _BLANK_LOOKING or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def _trim(text: str) -> str:
    """Strip whitespace and invisible characters from both ends."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or is_invisible(text[start])):
        start += 1
    while end > start and (text[end - 1].isspace() or is_invisible(text[end - 1])):
        end -= 1
    return text[start:end]


def clean_text(value: object, *, field: str, max_length: int, required: bool = True) -> str:
    """Return the text normalised (NFC, trimmed, CRLF → LF) or raise ValidationError for `field`.

    Markup is kept as plain text (it is escaped on every output), but control characters,
    bidirectional overrides, unpaired surrogates and over-long text are refused. Text made only
    of invisible characters (U+200B, U+180E, U+FEFF …) counts as empty: it would show nothing.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: _("Enter text.")}, code="type")
    text = _trim(unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")))
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


def clean_name(value: object, *, field: str, max_length: int) -> str:
    """A person's name, as `clean_text`, without any invisible character inside it: two names
    that look the same must be the same name (see `name_key`)."""
    text = clean_text(value, field=field, max_length=max_length)
    for char in text:
        if char in _ALLOWED_CONTROLS or (is_invisible(char) and not char == " "):
            raise ValidationError(
                {field: _("A name cannot contain invisible characters or line breaks.")},
                code="invisible",
            )
    return text


def name_key(name: str) -> str:
    """What two names are compared by: NFKC, invisible characters removed, spaces collapsed,
    case folded. "Esther", "ＥＳＴＨＥＲ" and "Est\u200bher" have the same key."""
    folded = unicodedata.normalize("NFKC", name)
    visible = "".join(" " if c.isspace() else c for c in folded if not is_invisible(c) or c == " ")
    return " ".join(visible.split()).casefold()


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
