"""Errors that services raise; every entry point maps them to its own kind of answer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

__all__ = ["ConflictError", "Http404", "ValidationError"]


class ConflictError(Exception):
    """Someone else changed the object since it was read (its version moved on)."""
