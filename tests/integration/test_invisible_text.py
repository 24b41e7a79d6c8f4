"""Text made only of invisible or format characters counts as empty in every field, so that no
page ever shows a link or a heading with nothing in it."""

from __future__ import annotations

import pytest
from django.test import Client

from powertriangle.accounts.tokens import token_issue
from powertriangle.projects.models import Project
from tests.conftest import PASSWORD, World

BLANKS = ["\u200b", "\u180e", "\ufeff", "\u200f\u200b", " \u3164 ", "\u2800", "\u00a0\u2060"]


def _api(world: World) -> Client:
    key = token_issue(username=world.coach.username, password=PASSWORD)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("blank", BLANKS)
def test_the_api_refuses_a_project_title_that_shows_nothing(world: World, blank: str) -> None:
    before = Project.objects.count()
    response = _api(world).post(
        "/api/v1/projects",
        {
            "organisation_id": world.unit.pk,
            "title": blank,
            "esther_question": blank,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["detail"]}
    assert fields == {
        "title": "This field cannot be empty.",
        "esther_question": "This field cannot be empty.",
    }
    assert Project.objects.count() == before


def test_invisible_characters_at_the_ends_are_trimmed_and_inside_kept(world: World) -> None:
    response = _api(world).post(
        "/api/v1/projects",
        {
            "organisation_id": world.unit.pk,
            "title": "\u200bHemma\u200d igen\ufeff",
            "esther_question": "Vad är bäst för Esther?\u180e",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    project = Project.objects.get(pk=response.json()["id"])
    assert project.title == "Hemma\u200d igen"
    assert project.esther_question == "Vad är bäst för Esther?"


def test_the_project_form_refuses_a_blank_title(world: World) -> None:
    client = world.client_for(world.coach)
    response = client.post(
        "/projects/new",
        {"organisation": world.unit.pk, "title": "\u200b", "esther_question": "\ufeff"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code in (200, 422)
    assert "This field cannot be empty." in response.content.decode()
    assert not Project.objects.filter(title__contains="\u200b").exists()
