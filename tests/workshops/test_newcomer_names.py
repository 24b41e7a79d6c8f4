"""Newcomers cannot pass for a member: names are compared as people see them (NFKC, invisible
characters removed, case folded), invisible characters are refused in names, and newcomers are
marked as such to the coach."""

from __future__ import annotations

import pytest
from django.urls import reverse

from powertriangle.projects.models import Member
from powertriangle.workshops.models import Participant, Workshop
from tests.conftest import World
from tests.workshops.conftest import join, phone

TAKEN = "That name is already taken. Tap your name in the list."


def _join_as(workshop: Workshop, name: str) -> tuple[int, str]:
    client = phone()
    client.get(reverse("workshops:join_token", args=[workshop.join_token]))
    response = client.post(
        reverse("workshops:join_submit", args=[workshop.pk]),
        {"token": workshop.join_token, "display_name": name, "role": "relative"},
    )
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["Esther", "esther", " ESTHER ", "Ｅｓｔｈｅｒ", "Esther\u200b", "Est\u200bher"],
    ids=["same", "lower", "upper-spaced", "fullwidth", "zero-width-end", "zero-width-inside"],
)
def test_it_refuses_a_newcomer_who_looks_like_a_member(
    world: World, workshop: Workshop, name: str
) -> None:
    before = Member.objects.count()
    status, page = _join_as(workshop, name)
    assert status == 422
    if "\u200b" in name.strip("\u200b "):
        assert "cannot contain invisible characters" in page
    else:
        assert TAKEN in page
    assert Member.objects.count() == before
    assert not Participant.objects.filter(workshop=workshop).exists()


@pytest.mark.parametrize("char", ["\u200b", "\u200f", "\u180e", "\ufeff", "\u3164", "\u2800"])
def test_invisible_characters_inside_a_name_are_refused(
    world: World, workshop: Workshop, char: str
) -> None:
    status, page = _join_as(workshop, f"Ki{char}m")
    assert status == 422
    assert "A name cannot contain invisible characters" in page
    assert not Member.objects.filter(display_name__startswith="Ki").exists()


def test_a_newcomer_is_marked_for_the_coach(world: World, workshop: Workshop) -> None:
    join(workshop, name="Kim", role="relative")
    kim = Member.objects.get(display_name="Kim")
    assert kim.newcomer
    assert not Member.objects.get(pk=world.esther.pk).newcomer
    page = world.client_for(world.coach).get(
        reverse("projects:detail", args=[world.project.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    row = page.content.decode().split("Kim", 1)[1].split("</th>", 1)[0]
    assert "joined from a phone" in row


def test_the_coach_cannot_add_a_second_member_who_looks_the_same(world: World) -> None:
    client = world.client_for(world.coach)
    response = client.post(
        reverse("projects:member_add", args=[world.project.pk]),
        {"display_name": "NADIA", "role": "professional"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "There is already a member with this name" in response.content.decode()
    assert Member.objects.filter(project=world.project, display_name__iexact="nadia").count() == 1
