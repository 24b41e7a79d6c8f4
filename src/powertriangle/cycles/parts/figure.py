"""The figure part: the triangle diagram's coordinates from `triangle.geometry.layout()` plus the
cycle's arrows, computed here in Python; `cycles/triangle.svg` only draws them. The same content
comes as words (`desc`) and table rows (`counts`, `pairs`) for those who do not see the picture."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from powertriangle.catalogue.texts import in_reader_language
from powertriangle.core.choices import StageChoice
from powertriangle.cycles import selectors
from powertriangle.cycles.models import Cycle
from powertriangle.cycles.parts.words import dimension_label, pair_label
from powertriangle.triangle.geometry import Point, layout, polygon_points
from powertriangle.triangle.model import (
    CYCLE_STAGES,
    DIMENSION_PAIRS,
    Dimension,
    Polarity,
    Stage,
    dimension_pair,
)

DIAGRAM_SIZE = 600.0
RING_GAP = 28.0  # the cycle's ring runs this far outside the triangle's corners
ARC_GAP_DEGREES = 12.0  # space left between two stage arrows
LABEL_GAP = 16.0  # between a stage's arrow and its label


@dataclass(frozen=True)
class FigureDot:
    factor_id: int
    polarity: str
    cx: str
    cy: str
    r: str
    x: str  # the square's corner, for barriers
    y: str
    side: str
    title: str


@dataclass(frozen=True)
class FigureLine:
    x1: str
    y1: str
    x2: str
    y2: str
    cross_dimension: bool


@dataclass(frozen=True)
class FigureRegion:
    dimension: str
    label: str
    points: str
    label_x: str
    label_y: str
    anchor: str  # text-anchor: labels grow away from the triangle
    fill: str
    stroke: str


# Light fills with strong borders and labels (the labels pass WCAG AA on white).
REGION_COLOURS: dict[Dimension, tuple[str, str]] = {
    Dimension.RESOURCES: ("#e3edf7", "#1c5d99"),
    Dimension.DISCOURSES: ("#efe8f6", "#6a3d9a"),
    Dimension.CONTEXTS: ("#e2f1e9", "#1b6e4a"),
}


@dataclass(frozen=True)
class StageArrow:
    stage: str
    label: str
    path: str
    label_x: str
    label_y: str
    anchor: str
    current: bool


@dataclass(frozen=True)
class CountRow:
    label: str
    barriers: int
    enablers: int


@dataclass(frozen=True)
class TriangleFigure:
    view_box: str
    regions: tuple[FigureRegion, ...]
    dots: tuple[FigureDot, ...]
    lines: tuple[FigureLine, ...]
    arrows: tuple[StageArrow, ...]
    legend_y: str
    legend_y2: str
    legend_y3: str
    title: str
    desc: str
    counts: tuple[CountRow, ...]
    pairs: tuple[tuple[str, int], ...]
    within: int


class FactorShape(NamedTuple):
    id: int
    dimension: str
    polarity: str
    text: str


def _n(value: float) -> str:
    return f"{value:.1f}"


def _anchor(dx: float) -> str:
    if abs(dx) < 1:
        return "middle"
    return "end" if dx < 0 else "start"


def _arrows(centre: Point, radius: float, stage: Stage) -> tuple[StageArrow, ...]:
    """Three clockwise arcs round the triangle: reaction from the apex, then interaction, action."""
    arrows = []
    for i, step in enumerate(CYCLE_STAGES):
        start = math.radians(-90 + 120 * i + ARC_GAP_DEGREES / 2)
        end = math.radians(-90 + 120 * (i + 1) - ARC_GAP_DEGREES / 2)
        middle = (start + end) / 2
        x1, y1 = centre.x + radius * math.cos(start), centre.y + radius * math.sin(start)
        x2, y2 = centre.x + radius * math.cos(end), centre.y + radius * math.sin(end)
        path = f"M {_n(x1)} {_n(y1)} A {_n(radius)} {_n(radius)} 0 0 1 {_n(x2)} {_n(y2)}"
        label = _("%(number)d. %(stage)s") % {
            "number": i + 1,
            "stage": StageChoice(step.value).label,
        }
        # Side labels sit just inside the ring, the bottom one just below it.
        if abs(math.cos(middle)) < 0.01:
            at, anchor = radius + LABEL_GAP + 12, "middle"
        else:
            at, anchor = radius - LABEL_GAP, "end" if math.cos(middle) > 0 else "start"
        arrows.append(
            StageArrow(
                step.value,
                label,
                path,
                _n(centre.x + at * math.cos(middle)),
                _n(centre.y + at * math.sin(middle) + 6),
                anchor,
                step == stage,
            )
        )
    return tuple(arrows)


def figure_summary(counts: dict[Dimension, dict[Polarity, int]], links: int, across: int) -> str:
    parts = [
        _("%(dimension)s: %(barriers)s, %(enablers)s")
        % {
            "dimension": dimension_label(d),
            "barriers": ngettext("%(n)d barrier", "%(n)d barriers", c[Polarity.BARRIER])
            % {"n": c[Polarity.BARRIER]},
            "enablers": ngettext("%(n)d enabler", "%(n)d enablers", c[Polarity.ENABLER])
            % {"n": c[Polarity.ENABLER]},
        }
        for d, c in counts.items()
    ]
    link_part = ngettext(
        "%(n)d link, %(across)d across dimensions",
        "%(n)d links, %(across)d across dimensions",
        links,
    ) % {"n": links, "across": across}
    return "; ".join([*parts, link_part]) + "."


def triangle_figure(
    factors: Sequence[FactorShape],
    links: Sequence[tuple[int, int]],
    *,
    stage: Stage,
    cycle_number: int,
) -> TriangleFigure:
    """Everything the SVG template draws, plus the same content as words and table rows."""
    diagram = layout(
        [(f.id, Dimension(f.dimension), Polarity(f.polarity)) for f in factors],
        links,
        size=DIAGRAM_SIZE,
    )
    by_id = {f.id: f for f in factors}
    left, apex, right = diagram.outer
    centre = Point((left.x + apex.x + right.x) / 3, (left.y + apex.y + right.y) / 3)
    regions = tuple(
        FigureRegion(
            d.value,
            dimension_label(d),
            polygon_points(region.corners),
            _n(region.label_at.x),
            _n(region.label_at.y + 6),
            _anchor(region.label_at.x - centre.x),
            *REGION_COLOURS[d],
        )
        for d, region in diagram.regions.items()
    )
    dots = []
    for dot in diagram.dots:
        factor = by_id[dot.factor_id]
        # A square of the same area as the circle, so neither kind looks more important.
        side = dot.r * math.sqrt(math.pi)
        title = _("%(polarity)s in %(dimension)s: %(text)s") % {
            "polarity": _("Barrier") if dot.polarity == Polarity.BARRIER else _("Enabler"),
            "dimension": dimension_label(dot.dimension),
            "text": factor.text,
        }
        dots.append(
            FigureDot(
                dot.factor_id,
                dot.polarity.value,
                _n(dot.at.x),
                _n(dot.at.y),
                _n(dot.r),
                _n(dot.at.x - side / 2),
                _n(dot.at.y - side / 2),
                _n(side),
                title,
            )
        )
    lines = tuple(
        FigureLine(_n(ln.start.x), _n(ln.start.y), _n(ln.end.x), _n(ln.end.y), ln.cross_dimension)
        for ln in diagram.lines
    )
    radius = math.hypot(apex.x - centre.x, apex.y - centre.y) + RING_GAP
    counts = {d: dict.fromkeys(Polarity, 0) for d in Dimension}
    for f in factors:
        counts[Dimension(f.dimension)][Polarity(f.polarity)] += 1
    pair_counts = dict.fromkeys(DIMENSION_PAIRS, 0)
    within = 0
    for line in diagram.lines:
        pair = dimension_pair(
            Dimension(by_id[line.a].dimension), Dimension(by_id[line.b].dimension)
        )
        if pair is None:
            within += 1
        else:
            pair_counts[pair] += 1
    across = sum(pair_counts.values())
    top = centre.y - radius - 24
    bottom = centre.y + radius + 176
    stage_name = StageChoice(stage.value).label
    desc = figure_summary(counts, len(diagram.lines), across)
    desc += " " + _("Stage now: %(stage)s.") % {"stage": stage_name}
    return TriangleFigure(
        view_box=f"-30 {_n(top)} {_n(DIAGRAM_SIZE + 60)} {_n(bottom - top)}",
        regions=regions,
        dots=tuple(dots),
        lines=lines,
        arrows=_arrows(centre, radius, stage),
        legend_y=_n(centre.y + radius + 82),
        legend_y2=_n(centre.y + radius + 118),
        legend_y3=_n(centre.y + radius + 154),
        title=_("The power triangle of cycle %(number)d") % {"number": cycle_number},
        desc=desc,
        counts=tuple(
            CountRow(dimension_label(d), c[Polarity.BARRIER], c[Polarity.ENABLER])
            for d, c in counts.items()
        ),
        pairs=tuple((pair_label(a, b), n) for (a, b), n in pair_counts.items()),
        within=within,
    )


def figure_for(cycle: Cycle) -> TriangleFigure:
    """The triangle of the cycle's visible factors (in the order they were named) and links."""
    factors = [
        FactorShape(pk, dimension, polarity, in_reader_language(text, entry))
        for pk, dimension, polarity, text, entry in selectors.factors_visible(cycle)
        .order_by("created_at", "id")
        .values_list("pk", "dimension", "polarity", "text", "catalogue_entry_id")
    ]
    links = list(selectors.links_visible(cycle).values_list("factor_a_id", "factor_b_id"))
    return triangle_figure(factors, links, stage=Stage(cycle.stage), cycle_number=cycle.number)
