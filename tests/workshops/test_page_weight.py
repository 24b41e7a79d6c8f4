"""GOALS P5: the participant's phone page is at most 30 KB compressed in total (the page, its
scripts, styles and pictures, gzip), with no request to another site."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from powertriangle.core.static_files import unhashed_name
from powertriangle.cycles.models import Cycle
from powertriangle.cycles.services.contributions import factor_create
from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.workshops.models import Workshop
from tests.conftest import World
from tests.workshops.conftest import join

BUDGET = 30 * 1024
ASSET = re.compile(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"#][^"]*)"')


def weight(html: str) -> tuple[int, dict[str, int]]:
    """Gzip size (level 6, as a web server would send it) of the page and everything it loads."""
    sizes = {"page": len(gzip.compress(html.encode(), 6))}
    for url in ASSET.findall(html):
        if url.startswith("data:"):
            continue
        assert url.startswith("/"), f"a request to another site: {url}"
        path = finders.find(unhashed_name(url.removeprefix("/static/")))
        assert isinstance(path, str), url
        sizes[url] = len(gzip.compress(Path(path).read_bytes(), 6))
    return sum(sizes.values()), sizes


def _thirty_factors(world: World) -> None:
    for n in range(30):
        factor_create(
            by=world.coach,
            cycle=world.cycle,
            dimension=("resources", "discourses", "contexts")[n % 3],
            polarity=("barrier", "enabler")[n % 2],
            text=f"A realistic sentence about how we work together, number {n}",
            author=world.nurse,
        )


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_phone_page_stays_within_30_kb(
    world: World,
    anonymous: bool,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    workshop: Workshop = request.getfixturevalue("anonymous_workshop" if anonymous else "workshop")
    _thirty_factors(world)
    # A supporter's page has the most on it (whom they speak for) when names are shown.
    client: Client = (
        join(workshop, role="relative") if anonymous else join(workshop, member=world.supporter.pk)
    )
    page = reverse("workshops:phone", args=[workshop.pk])
    totals = {}
    for stage in ("reaction", "interaction", "action"):
        if stage != "reaction":
            cycle_advance(by=world.coach, cycle=Cycle.objects.get(pk=world.cycle.pk))
        query = "?dimension=resources&polarity=barrier" if stage == "reaction" else ""
        html = client.get(page + query).content.decode()
        total, sizes = weight(html)
        totals[stage] = total
        assert total <= BUDGET, (stage, sizes)
    with capsys.disabled():
        kind = "anonymous" if anonymous else "with names"
        print(f"\nphone page ({kind}), 30 factors, gzip bytes: {totals} (budget {BUDGET})")
