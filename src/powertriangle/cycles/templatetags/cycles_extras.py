"""Small helpers for the cycle workspace templates."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, object] | None, key: str) -> object:
    """`notices|get_item:"votes"`: a value of a dict by a key built in the template."""
    if not mapping:
        return ""
    return mapping.get(str(key), "")


@register.filter
def same_value(first: object, second: object) -> bool:
    """Whether a posted value (a string) and an id (a number) are the same choice."""
    return first is not None and second is not None and str(first) == str(second)
