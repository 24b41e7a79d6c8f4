"""Coordinates of the triangle diagram: regions tile the outer triangle, dots stay inside
their own region and never overlap, and the same input always gives the same picture."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from powertriangle.triangle.geometry import (
    Diagram,
    Point,
    area,
    contains,
    layout,
    polygon_points,
)
from powertriangle.triangle.model import Dimension, Polarity

R, D, C = Dimension.RESOURCES, Dimension.DISCOURSES, Dimension.CONTEXTS
BAR, ENA = Polarity.BARRIER, Polarity.ENABLER

Factor = tuple[int, Dimension, Polarity]


def factors(per_region: int, mixed: bool = True) -> list[Factor]:
    """`per_region` factors in every dimension; ids interleave the dimensions."""
    return [
        (3 * i + k, dimension, (ENA if i % 2 else BAR) if mixed else BAR)
        for i in range(per_region)
        for k, dimension in enumerate(Dimension)
    ]


def check(diagram: Diagram) -> None:
    for dot in diagram.dots:
        assert contains(diagram.regions[dot.dimension].corners, dot.at)
        assert dot.r >= 4
        others = [r for d, r in diagram.regions.items() if d != dot.dimension]
        assert not any(contains(region.corners, dot.at) for region in others)
    for one, two in itertools.combinations(diagram.dots, 2):
        distance = math.hypot(one.at.x - two.at.x, one.at.y - two.at.y)
        assert distance >= one.r + two.r


def test_outer_triangle_is_equilateral_apex_up_inside_the_viewbox() -> None:
    diagram = layout([], [])
    assert (diagram.width, diagram.height) == (600, 600)
    left, apex, right = diagram.outer
    sides = [
        math.dist((p.x, p.y), (q.x, q.y)) for p, q in ((left, apex), (apex, right), (right, left))
    ]
    assert sides == pytest.approx([sides[0]] * 3)
    assert apex.y < left.y == right.y
    assert left.x < apex.x < right.x
    for p in diagram.outer:
        assert 0 < p.x < 600
        assert 0 < p.y < 600


@pytest.mark.parametrize("size", [600, 300, 1234.5])
def test_regions_tile_the_outer_triangle(size: float) -> None:
    diagram = layout([], [], size=size)
    assert set(diagram.regions) == {R, D, C}
    total = sum(area(region.corners) for region in diagram.regions.values())
    assert total == pytest.approx(area(diagram.outer), abs=1e-6)
    for region in diagram.regions.values():
        assert area(region.corners) == pytest.approx(area(diagram.outer) / 3)
        assert contains(region.corners, region.centroid)
        assert not contains(diagram.outer, region.label_at)  # labels sit outside, by the edge


def test_regions_are_placed_as_documented() -> None:
    regions = layout([], []).regions
    assert regions[R].centroid.x < regions[C].centroid.x < regions[D].centroid.x
    assert regions[C].centroid.y > regions[R].centroid.y == pytest.approx(regions[D].centroid.y)


@pytest.mark.parametrize("per_region", [0, 1, 7, 60])
@pytest.mark.parametrize("mixed", [True, False])
def test_dots_inside_their_region_and_apart(per_region: int, mixed: bool) -> None:
    diagram = layout(factors(per_region, mixed), [])
    assert len(diagram.dots) == 3 * per_region
    check(diagram)


def test_barriers_and_enablers_on_two_sides() -> None:
    """Barriers in the half of a region met first clockwise (G, u, mid), enablers in the other."""
    diagram = layout(factors(10), [])
    for dimension, region in diagram.regions.items():
        g, u, v = region.corners
        mid = Point((u.x + v.x) / 2, (u.y + v.y) / 2)
        half = {BAR: (g, u, mid), ENA: (g, mid, v)}
        mine = [dot for dot in diagram.dots if dot.dimension is dimension]
        assert {dot.polarity for dot in mine} == {BAR, ENA}
        for dot in mine:
            assert contains(half[dot.polarity], dot.at)


def test_uneven_load_and_small_size() -> None:
    crowded = [(i, R, BAR) for i in range(60)] + [(100, C, ENA)]
    check(layout(crowded, []))
    small = layout(factors(20), [], size=300)
    for dot in small.dots:
        assert contains(small.regions[dot.dimension].corners, dot.at)


def test_deterministic_whatever_the_input_order() -> None:
    given = factors(25)
    links = [(0, 1), (4, 7), (2, 5)]
    first = layout(given, links)
    shuffled = list(given)
    random.Random(7).shuffle(shuffled)
    again = layout(shuffled, list(reversed(links)))
    assert first == again
    assert [dot.factor_id for dot in first.dots] == sorted(f[0] for f in given)


def test_duplicate_factor_ids_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        layout([(1, R, BAR), (1, D, ENA)], [])


def test_lines_skip_unknown_ids_and_flag_cross_dimension() -> None:
    given = [(1, R, BAR), (2, R, ENA), (3, D, BAR), (4, C, ENA)]
    diagram = layout(given, [(1, 2), (1, 3), (4, 3), (1, 99), (42, 43), (2, 2)])
    at = {dot.factor_id: dot.at for dot in diagram.dots}
    assert [(line.a, line.b) for line in diagram.lines] == [(1, 2), (1, 3), (4, 3)]
    assert [line.cross_dimension for line in diagram.lines] == [False, True, True]
    for line in diagram.lines:
        assert line.start == at[line.a]
        assert line.end == at[line.b]


def test_polygon_points() -> None:
    assert polygon_points((Point(0, 0), Point(10.04, 5.25), Point(1 / 3, 600))) == (
        "0.0,0.0 10.0,5.2 0.3,600.0"
    )
    region = layout([], []).regions[C]
    text = polygon_points(region.corners)
    assert len(text.split(" ")) == 3
    assert all(len(part.split(",")) == 2 for part in text.split(" "))


def test_point_in_triangle_is_strict() -> None:
    corners = (Point(0, 0), Point(10, 0), Point(0, 10))
    assert contains(corners, Point(1, 1))
    assert not contains(corners, Point(5, 5))  # on the hypotenuse
    assert not contains(corners, Point(-1, 1))
    assert contains((corners[0], corners[2], corners[1]), Point(1, 1))  # either orientation
