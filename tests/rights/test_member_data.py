"""Everything about one member, as a page and as a file: all that names them, nothing
anonymous, and the same on the command line."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from powertriangle.cycles.services.contributions import factor_create
from tests.conftest import World
from tests.rights.scene import NAME, PROFESSION, USERNAME, person_with_a_trace


@pytest.mark.django_db
def test_the_file_holds_everything_that_names_her(world: World) -> None:
    person = person_with_a_trace(world)
    client = world.client_for(world.coach)
    url = reverse("projects:member_data_download", args=[world.project.pk, person.member.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert NAME not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["member"] | {"added_at": None} == {
        "display_name": NAME,
        "role": "relative",
        "profession": PROFESSION,
        "active": True,
        "joined_from_a_phone": False,
        "added_at": None,
        "account": USERNAME,
    }
    said = {(c["kind"], c["text"], c["said_by"], c["on_behalf_of"]) for c in data["contributions"]}
    assert said == {
        ("factor", "Her own words", NAME, None),
        ("factor", "Said for her", world.nurse.display_name, NAME),
        ("factor", "Said for Esther", NAME, world.esther.display_name),
        ("link", "They pull apart", NAME, None),
        ("action", "Her plan", NAME, None),
    }
    assert sorted(d["factor"] for d in data["dots"]) == ["Her own words", "The nurse's view"]
    assert sorted(a["title"] for a in data["actions_owned"]) == ["Her plan", "Nurse's plan"]
    assert data["present_in_cycles"] == [world.cycle.number]
    assert len(data["workshops_joined"]) == 1


@pytest.mark.django_db
def test_the_page_shows_it_and_leaves_out_the_anonymous(world: World) -> None:
    person = person_with_a_trace(world)
    factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="resources",
        polarity="barrier",
        text="Nobody knows who said this",
        author=person.member,
        anonymous=True,
    )
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("projects:member_data", args=[world.project.pk, person.member.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for text in (
        "Her own words",
        "Said for her",
        "They pull apart",
        "Nurse&#x27;s plan",
        PROFESSION,
    ):
        assert text in html, text
    assert "Nobody knows who said this" not in html
    download = reverse("projects:member_data_download", args=[world.project.pk, person.member.pk])
    assert "Nobody knows who said this" not in client.get(download).content.decode()
    assert "Download as a file (JSON)" in html
