"""A factor picked from the catalogue reads in the reader's language: picked in Swedish, it reads
in English on an English page (and back), while a text in someone's own words stays as written."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from powertriangle.catalogue.models import CatalogueEntry
from powertriangle.catalogue.services import catalogue_default
from powertriangle.catalogue.texts import in_reader_language
from powertriangle.cycles.services.contributions import factor_create
from powertriangle.workshops.selectors import board
from powertriangle.workshops.services import workshop_create
from tests.conftest import World

pytestmark = pytest.mark.django_db


def entry(key: str) -> CatalogueEntry:
    return catalogue_default().entries.get(key=key)


def test_a_pick_made_in_swedish_reads_in_english_for_an_english_reader(world: World) -> None:
    picked = entry("res-understaffing")
    with translation.override("sv"):
        factor = factor_create(
            by=world.coach,
            cycle=world.cycle,
            dimension="",
            polarity="",
            text="",
            author=world.esther,
            catalogue_entry=picked,
        )
    assert factor.text == picked.text_sv  # stored as picked
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("cycles:detail", args=[world.cycle.pk])).content.decode()
    assert picked.text_en in page
    assert picked.text_sv not in page
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    page = client.get(reverse("cycles:detail", args=[world.cycle.pk])).content.decode()
    assert picked.text_sv in page


def test_own_words_stay_as_written(world: World) -> None:
    picked = entry("res-no-time")
    own = "Vi hinner aldrig sitta ner med Esther"
    factor = factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="",
        polarity="",
        text=own,
        author=world.esther,
        catalogue_entry=picked,  # a suggestion picked, then the words changed
    )
    with translation.override("en"):
        assert factor.shown_text == own
    assert in_reader_language(own, None, "en") == own
    assert in_reader_language(picked.text_en, picked.pk, "sv") == picked.text_sv


def test_the_big_screen_shows_a_pick_in_the_reader_s_language(world: World) -> None:
    picked = entry("dis-listen")
    factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="",
        polarity="",
        text=picked.text_sv,
        author=world.nurse,
        catalogue_entry=picked,
    )
    workshop = workshop_create(by=world.coach, cycle=world.cycle, anonymous=False)
    with translation.override("en"):
        shown = board(workshop)
    texts = [f.text for d in shown.dimensions for f in d.factors]
    assert texts == [picked.text_en]
