"""A newer default catalogue reaches an existing installation when it migrates: organisations
without their own catalogue get the new entries, factors keep the entries they used, and running
it again (or on an installation with its own default) changes nothing."""

from __future__ import annotations

import pytest

from powertriangle.catalogue.models import Catalogue, CatalogueEntry, Prompt
from powertriangle.catalogue.services import catalogue_for_organisation, default_catalogue_refresh
from powertriangle.cycles.services.contributions import factor_create
from powertriangle.triangle.catalogue import load_default_catalogue
from tests.conftest import World

MODELS = (Catalogue, CatalogueEntry, Prompt)


@pytest.mark.django_db
def test_a_newer_default_replaces_an_older_one(world: World) -> None:
    current = Catalogue.objects.get(is_default=True)
    assert current.version == load_default_catalogue().version  # loaded by the migrations
    assert default_catalogue_refresh(MODELS) is None  # already current: nothing to do
    # An installation that still has the first version, with a factor taken from it.
    Catalogue.objects.filter(pk=current.pk).update(version=1)
    old_entry = current.entries.get(key="res-understaffing")
    factor = factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="",
        polarity="",
        text="",
        author=world.nurse,
        catalogue_entry=old_entry,
    )

    fresh = default_catalogue_refresh(MODELS)

    assert fresh is not None
    assert list(Catalogue.objects.filter(is_default=True)) == [fresh]
    assert catalogue_for_organisation(world.unit) == fresh
    assert fresh.entries.filter(key="dis-unseen-resistance").exists()
    assert fresh.prompts.filter(key="reaction-own-power").exists()
    factor.refresh_from_db()
    assert factor.catalogue_entry == old_entry  # what a project used stays
    assert default_catalogue_refresh(MODELS) is None


@pytest.mark.django_db
def test_an_installations_own_default_is_left_alone(world: World) -> None:
    Catalogue.objects.filter(is_default=True).update(name="ours", version=1)
    assert default_catalogue_refresh(MODELS) is None
    assert Catalogue.objects.get(is_default=True).name == "ours"
