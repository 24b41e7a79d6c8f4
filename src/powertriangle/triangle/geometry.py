"""Coordinates for the triangle diagram (the paper's Fig. 2); the SVG itself is a template.

The outer triangle is equilateral, apex up, centred in a square viewBox of side `size`
(y grows downwards, as in SVG). It is split through its centroid G into three inner
triangles, each made of G and one outer edge, so that every pair of dimensions shares a
border (they interact) and the regions tile the outer triangle:

- resources: G + the left edge (bottom-left corner → apex),
- discourses: G + the right edge (apex → bottom-right corner),
- contexts: G + the bottom edge (bottom-right → bottom-left corner).

Read clockwise this is resources → discourses → contexts, the order of DIMENSION_PAIRS.
Each region is halved by the line from G to the middle of its outer edge: barriers sit
in the half met first clockwise, enablers in the other. Dots lie on a triangular lattice
kept at least r·1.2 from every border, so they never overlap (even across regions) and
every dot lies strictly inside its region. One radius is used for the whole diagram: the
largest (up to size/50) that fits every half; r ≥ 4 holds at the default size for up to
60 factors per region, whatever their polarity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from powertriangle.triangle.model import Dimension, Polarity

MARGIN = 0.1  # of size, on every side; room for the labels
LABEL_OFFSET = 0.05  # of size, outwards from the middle of a region's outer edge
INSET = 1.2  # distance of a dot's centre from any border, in radii
SPACING = 2.4  # distance between neighbouring dots' centres, in radii


@dataclass(frozen=True)
class Point:
    x: float
    y: float


Triangle = tuple[Point, Point, Point]


@dataclass(frozen=True)
class Region:
    dimension: Dimension
    corners: Triangle
    label_at: Point
    centroid: Point


@dataclass(frozen=True)
class Dot:
    factor_id: int
    dimension: Dimension
    polarity: Polarity
    at: Point
    r: float


@dataclass(frozen=True)
class Line:
    a: int
    b: int
    start: Point
    end: Point
    cross_dimension: bool


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    outer: Triangle
    regions: dict[Dimension, Region]
    dots: tuple[Dot, ...]
    lines: tuple[Line, ...]


def polygon_points(corners: Sequence[Point]) -> str:
    """SVG `points` attribute: "x1,y1 x2,y2 x3,y3", one decimal each."""
    return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in corners)


def centroid(corners: Sequence[Point]) -> Point:
    n = len(corners)
    return Point(sum(p.x for p in corners) / n, sum(p.y for p in corners) / n)


def area(corners: Sequence[Point]) -> float:
    """Unsigned area of a polygon (shoelace formula)."""
    twice = sum(
        p.x * q.y - q.x * p.y for p, q in zip(corners, (*corners[1:], corners[0]), strict=True)
    )
    return abs(twice) / 2


def edge_distances(p: Point, corners: Triangle) -> tuple[float, float, float]:
    """Signed distances from p to the three edges; all > 0 exactly when p is strictly inside."""
    a, b, c = corners
    orientation = 1.0 if (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x) > 0 else -1.0

    def side(u: Point, v: Point) -> float:
        cross = (v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x)
        return orientation * cross / math.hypot(v.x - u.x, v.y - u.y)

    return side(a, b), side(b, c), side(c, a)


def contains(corners: Triangle, p: Point) -> bool:
    """Point-in-triangle test, strict (a point on a border is outside)."""
    return min(edge_distances(p, corners)) > 0


def _midpoint(p: Point, q: Point) -> Point:
    return Point((p.x + q.x) / 2, (p.y + q.y) / 2)


@lru_cache(maxsize=512)  # 6 halves × every radius down to the smallest: < 512
def _lattice(half: Triangle, r: float) -> tuple[Point, ...]:
    """Lattice points at least INSET·r from every border, nearest the half's centroid first.

    Cached: every diagram of one size tries the same halves with the same shrinking radii, and
    finding the points is most of the work of drawing a few hundred factors."""
    d, inset, g = SPACING * r, INSET * r, centroid(half)
    dy = d * math.sqrt(3) / 2
    rows = math.ceil(max(abs(p.y - g.y) for p in half) / dy) + 1
    cols = math.ceil(max(abs(p.x - g.x) for p in half) / d) + 1
    found = []
    for i in range(-rows, rows + 1):
        shift = d / 2 if i % 2 else 0.0
        for j in range(-cols, cols + 1):
            p = Point(g.x + j * d + shift, g.y + i * dy)
            if min(edge_distances(p, half)) >= inset:
                found.append(p)
    found.sort(key=lambda p: (math.hypot(p.x - g.x, p.y - g.y), p.y, p.x))
    return tuple(found)


def _regions(size: float) -> tuple[Triangle, dict[Dimension, Region]]:
    side = size * (1 - 2 * MARGIN)
    height = side * math.sqrt(3) / 2
    top = (size - height) / 2
    apex = Point(size / 2, top)
    left, right = Point(size * MARGIN, top + height), Point(size * (1 - MARGIN), top + height)
    outer = (left, apex, right)
    g = centroid(outer)
    regions = {}
    edges = {
        Dimension.RESOURCES: (left, apex),
        Dimension.DISCOURSES: (apex, right),
        Dimension.CONTEXTS: (right, left),
    }
    for dimension, (u, v) in edges.items():
        m = _midpoint(u, v)
        away = math.hypot(m.x - g.x, m.y - g.y)
        offset = LABEL_OFFSET * size / away
        label = Point(m.x + (m.x - g.x) * offset, m.y + (m.y - g.y) * offset)
        corners = (g, u, v)
        regions[dimension] = Region(dimension, corners, label, centroid(corners))
    return outer, regions


def _halves(region: Region) -> dict[Polarity, Triangle]:
    g, u, v = region.corners
    m = _midpoint(u, v)
    return {Polarity.BARRIER: (g, u, m), Polarity.ENABLER: (g, m, v)}


def layout(
    factors: Sequence[tuple[int, Dimension, Polarity]],
    links: Sequence[tuple[int, int]],
    *,
    size: float = 600,
) -> Diagram:
    """Place one dot per factor (ordered by id) in its region's barrier or enabler half, and a
    line per link between two known factors (links to unknown ids are skipped)."""
    if size <= 0:
        raise ValueError("size must be positive")
    ordered = sorted(factors, key=lambda f: f[0])
    if len({f[0] for f in ordered}) != len(ordered):
        raise ValueError("factor ids must be unique")
    outer, regions = _regions(size)
    groups: dict[tuple[Dimension, Polarity], list[int]] = {}
    for factor_id, dimension, polarity in ordered:
        groups.setdefault((dimension, polarity), []).append(factor_id)
    halves = {(d, p): t for d, region in regions.items() for p, t in _halves(region).items()}

    r = size / 50
    while True:
        spots = {key: _lattice(halves[key], r)[: len(ids)] for key, ids in groups.items()}
        if all(len(spots[key]) == len(ids) for key, ids in groups.items()):
            break
        r *= 0.95
        if r < size / 2400:
            raise ValueError("too many factors to draw in one region")

    placed: dict[int, Dot] = {}
    for (dimension, polarity), ids in groups.items():
        reading_order = sorted(spots[(dimension, polarity)], key=lambda p: (p.y, p.x))
        for factor_id, at in zip(ids, reading_order, strict=True):
            placed[factor_id] = Dot(factor_id, dimension, polarity, at, r)
    dots = tuple(placed[f[0]] for f in ordered)

    lines = tuple(
        Line(a, b, placed[a].at, placed[b].at, placed[a].dimension != placed[b].dimension)
        for a, b in sorted(links)
        if a in placed and b in placed and a != b
    )
    return Diagram(size, size, outer, regions, dots, lines)
