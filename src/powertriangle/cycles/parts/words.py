"""Small words every part uses: a percentage, "not enough data", a dimension's and a pair's name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from powertriangle.core.choices import DimensionChoice
from powertriangle.triangle.model import Dimension


def percent(share: float) -> str:
    return _("%(percent)s %%") % {"percent": round(share * 100)}


def not_enough() -> str:
    return _("Not enough data yet")


def dimension_label(dimension: Dimension | str) -> str:
    return str(DimensionChoice(str(dimension)).label)


def pair_label(a: Dimension | str, b: Dimension | str) -> str:
    return _("%(a)s ↔ %(b)s") % {"a": dimension_label(a), "b": dimension_label(b)}
