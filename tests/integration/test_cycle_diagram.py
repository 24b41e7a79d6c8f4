"""The triangle picture and the metric sentences: what people read, checked as text."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.utils import translation

from powertriangle.cycles.parts.figure import FactorShape, triangle_figure
from powertriangle.cycles.parts.metrics import metric_rows, undisclosed_note
from powertriangle.cycles.parts.voices import voice_label
from powertriangle.cycles.services.contributions import (
    factor_create,
    factor_set_hidden,
    link_create,
)
from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.triangle.metrics import ActionFacts, CycleFacts, FactorFacts, cycle_metrics
from powertriangle.triangle.model import Dimension, Polarity, RoleGroup, Stage
from tests.conftest import World
from tests.integration.cycle_client import english, text_of, url

CR, PRO, UND = RoleGroup.CARE_RECEIVERS, RoleGroup.PROFESSIONALS, RoleGroup.UNDISCLOSED
R, D, C = Dimension.RESOURCES, Dimension.DISCOURSES, Dimension.CONTEXTS
BAR, ENA = Polarity.BARRIER, Polarity.ENABLER


def test_it_serves_the_triangle_as_svg_with_a_text_alternative(world: World) -> None:
    coach = world.coach
    made = [
        factor_create(
            by=coach,
            cycle=world.cycle,
            dimension=d,
            polarity=p,
            text=f"{d} {p}",
            author=world.nurse,
        )
        for d, p in (
            ("resources", "barrier"),
            ("resources", "barrier"),
            ("resources", "enabler"),
            ("discourses", "enabler"),
            ("contexts", "barrier"),
        )
    ]
    factor_set_hidden(by=coach, factor=made[1], hidden=True)
    cycle = cycle_advance(by=coach, cycle=world.cycle)
    link_create(
        by=coach, cycle=cycle, factor_a=made[0], factor_b=made[3], note="a", author=world.nurse
    )
    link_create(
        by=coach, cycle=cycle, factor_a=made[0], factor_b=made[2], note="b", author=world.nurse
    )
    response = english(world, coach).get(url("triangle_svg", cycle.pk))
    svg = text_of(response)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'role="img"' in svg
    assert '<title id="triangle-title">The power triangle of cycle 1</title>' in svg
    desc = re.search(r'<desc id="triangle-desc">(.*?)</desc>', svg)
    assert desc is not None
    assert desc.group(1) == (
        "Resources: 1 barrier, 1 enabler; Discourses: 0 barriers, 1 enabler; "
        "Contexts: 1 barrier, 0 enablers; 2 links, 1 across dimensions. Stage now: Interaction."
    )
    assert svg.count('class="dot dot-barrier"') == 2  # the hidden one is left out
    assert svg.count('class="dot dot-enabler"') == 2
    assert svg.count("<line ") == 2 + 2  # two links, two legend lines
    assert svg.count('stroke-dasharray="7 6"') == 2  # the within-Resources link and legend

    page = text_of(english(world, coach).get(url("detail", cycle.pk)))
    figure = page[page.index('<figure id="triangle"') : page.index("</figure>")]
    for part in ("<svg", "<table>", "<figcaption"):
        assert part in figure
    assert figure.index("<svg") < figure.index("<table>")
    assert re.search(r"<th scope=\"row\">Resources</th><td>1</td><td>1</td>", figure)
    assert re.search(r"<th scope=\"row\">Resources ↔ Discourses</th><td>1</td>", figure)
    assert re.search(r"<th scope=\"row\">Within one dimension</th><td>1</td>", figure)


def test_it_highlights_the_current_stage_round_the_triangle() -> None:
    with translation.override("en"):
        figure = triangle_figure(
            [FactorShape(1, "resources", "barrier", "x")], [], stage=Stage.ACTION, cycle_number=2
        )
    assert [(a.label, a.current, a.anchor) for a in figure.arrows] == [
        ("1. Reaction", False, "end"),
        ("2. Interaction", False, "middle"),
        ("3. Action", True, "start"),
    ]
    assert [r.anchor for r in figure.regions] == ["end", "start", "middle"]
    assert [d.polarity for d in figure.dots] == ["barrier"]


def facts(**kwargs: object) -> CycleFacts:
    base: dict[str, object] = {"present": (), "factors": (), "links": (), "actions": ()}
    base.update(kwargs)
    return CycleFacts(**base)  # type: ignore[arg-type]


def rows_of(data: CycleFacts, *, follow: bool = False) -> dict[str, tuple[str, str]]:
    with translation.override("en"):
        return {
            r.label: (r.value, r.sentence)
            for r in metric_rows(cycle_metrics(data), show_follow_through=follow)
        }


def test_it_says_not_enough_data_instead_of_zero() -> None:
    rows = rows_of(facts(), follow=True)
    for label in (
        "Voice of care receivers",
        "Voice of professionals",
        "Uptake",
        "Ownership",
        "Balance in Resources",
        "Follow-through",
    ):
        assert rows[label][0] == "Not enough data yet", label
        assert "0 %" not in rows[label][1]
    assert rows["Uptake"][1] == "There are no actions in this cycle yet."
    assert rows["Balance in Contexts"][1] == "No factors in Contexts yet."
    assert rows["Coverage"] == ("0 of 3", "0 of 3 dimensions have at least one factor.")
    assert rows["Follow-through"][1] == "The previous cycle had no actions to follow up."
    assert rows["Links Resources ↔ Discourses"] == (
        "0",
        "No links yet between Resources and Discourses.",
    )
    assert "Follow-through" not in rows_of(facts())


def test_it_puts_the_numbers_into_plain_sentences() -> None:
    factors = (
        FactorFacts(1, R, BAR, CR),
        FactorFacts(2, R, ENA, CR),
        FactorFacts(3, D, BAR, PRO),
        FactorFacts(4, D, BAR, PRO),
        FactorFacts(5, C, BAR, PRO),
        FactorFacts(6, C, ENA, UND),
    )
    actions = (ActionFacts(frozenset({1}), frozenset({CR}), PRO),)
    rows = rows_of(
        facts(
            present=(CR, CR, PRO, PRO),
            factors=factors,
            actions=actions,
            previous_actions=4,
            previous_done_at_review=1,
        ),
        follow=True,
    )
    assert rows["Voice of care receivers"] == (
        "0.7",
        "Care receivers made 33 % of the contributions while being 50 % of those present "
        "(voice ratio 0.7: heard less than their share).",
    )
    assert rows["Voice of professionals"][1].endswith(
        "(voice ratio 1.3: heard more than their share)."
    )
    assert rows["Uptake"] == (
        "100 %",
        "100 % of the actions build on at least one factor raised by care receivers.",
    )
    assert rows["Balance in Resources"] == (
        "50 %",
        "Enablers make up 50 % of the factors in Resources (1 of 2).",
    )
    assert rows["Coverage"] == ("3 of 3", "3 of 3 dimensions have at least one factor.")
    assert rows["Follow-through"][0] == "25 %"
    with translation.override("en"):
        note = undisclosed_note(cycle_metrics(facts(factors=factors)))
    assert note == (
        "1 anonymous contribution is left out of the voice figures, so that nobody can be "
        "recognised from it."
    )


def test_it_says_in_proportion_near_one_and_the_design_example() -> None:
    factors = tuple(FactorFacts(i, R, BAR, CR if i < 2 else PRO) for i in range(5))
    rows = rows_of(facts(present=(CR, CR, PRO, PRO), factors=factors))
    assert rows["Voice of care receivers"][1] == (
        "Care receivers made 40 % of the contributions while being 50 % of those present "
        "(voice ratio 0.8: heard less than their share)."
    )
    even = tuple(FactorFacts(i, R, BAR, CR if i < 2 else PRO) for i in range(4))
    assert rows_of(facts(present=(CR, PRO), factors=even))["Voice of care receivers"][1].endswith(
        "(voice ratio 1.0: heard in proportion to their share)."
    )
    nobody_here = rows_of(facts(factors=even))["Voice of care receivers"]
    assert nobody_here[0] == "Not enough data yet"
    assert "Mark who is here" in nobody_here[1]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            {"anonymous": False, "voice_group": CR, "author": "Esther", "on_behalf_of": None},
            "Esther",
        ),
        (
            {"anonymous": False, "voice_group": CR, "author": "Sara", "on_behalf_of": "Esther"},
            "Esther (with support from Sara)",
        ),
        (
            {"anonymous": True, "voice_group": UND, "author": None, "on_behalf_of": None},
            "Anonymous",
        ),
        (
            {"anonymous": True, "voice_group": PRO, "author": None, "on_behalf_of": None},
            "Anonymous, a professional",
        ),
        (
            {"anonymous": False, "voice_group": PRO, "author": None, "on_behalf_of": None},
            "A former member",
        ),
    ],
)
def test_it_says_who_said_it(item: dict[str, object], expected: str) -> None:
    with translation.override("en"):
        assert voice_label(SimpleNamespace(**item)) == expected
