"""`{% workshop_link cycle writable %}`: the cycle page's way into a live workshop."""

from __future__ import annotations

from typing import Any

from django import template

from powertriangle.cycles.models import Cycle
from powertriangle.workshops.selectors import open_workshop_of

register = template.Library()


@register.inclusion_tag("workshops/partials/cycle_link.html")
def workshop_link(cycle: Cycle, writable: bool) -> dict[str, Any]:
    return {
        "cycle": cycle,
        "show": bool(writable) and cycle.is_open,
        "workshop": open_workshop_of(cycle) if writable else None,
    }
