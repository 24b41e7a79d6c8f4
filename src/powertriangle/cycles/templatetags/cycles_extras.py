"""Small helpers for the cycle workspace templates."""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.template import Context
from django.template.backends.utils import csrf_input
from django.utils.safestring import SafeString

from powertriangle.cycles.parts import controls
from powertriangle.cycles.parts.factors import FactorItem

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


@register.simple_tag
def vote_count(item: FactorItem, oob: bool = False) -> SafeString:
    return controls.vote_count(item, oob=oob)


@register.simple_tag(takes_context=True)
def hide_control(context: Context, url: str, hidden: bool, target: str, words: str) -> SafeString:
    request = context.get("request")
    csrf = csrf_input(request) if hidden and request is not None else ""
    return controls.hide_control(url, hidden=hidden, target=target, words=words, csrf=csrf)
