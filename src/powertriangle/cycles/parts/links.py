"""The links part: how factors affect each other, within a dimension or across two."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from powertriangle.cycles import selectors
from powertriangle.cycles.models import Link
from powertriangle.cycles.parts.voices import voice_label
from powertriangle.cycles.parts.words import dimension_label, pair_label
from powertriangle.triangle.model import Dimension, dimension_pair


@dataclass
class LinkItem:
    link: Link
    voice: str
    where: str
    with_factor: bool = False  # out of sight because one of its factors is hidden


def where(a: Dimension, b: Dimension) -> str:
    """ "within Resources" or "across dimensions: Resources ↔ Contexts"."""
    pair = dimension_pair(a, b)
    if pair is None:
        return _("within %(dimension)s") % {"dimension": dimension_label(a)}
    return _("across dimensions: %(pair)s") % {"pair": pair_label(*pair)}


def link_items(links: Iterable[Link]) -> list[LinkItem]:
    return [
        LinkItem(
            link,
            voice_label(link),
            where(Dimension(link.factor_a.dimension), Dimension(link.factor_b.dimension)),
            selectors.hidden_with_factor(link),
        )
        for link in links
    ]
