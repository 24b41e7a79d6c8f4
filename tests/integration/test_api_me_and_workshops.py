"""A new API user can work from the OpenAPI document alone: who they are and where (the ids
POST /projects needs), the organisations as a tree, and the live workshop as the coach runs it."""

from __future__ import annotations

from django.test import Client

from powertriangle.accounts.tokens import token_issue
from powertriangle.workshops.models import Workshop
from tests.conftest import PASSWORD, World


def _api(username: str) -> Client:
    key = token_issue(username=username, password=PASSWORD)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def test_me_names_the_places_and_organisations_form_a_tree(world: World) -> None:
    alice = _api("alice")
    me = alice.get("/api/v1/me").json()
    assert me["username"] == "alice"
    assert me["places"] == [
        {
            "organisation_id": world.unit.pk,
            "organisation_name": "Hemtjänst Norr",
            "kind": "unit",
            "role": "coach",
        }
    ]
    # A project made with the id from /me, with nothing else known beforehand.
    made = alice.post(
        "/api/v1/projects",
        {
            "organisation_id": me["places"][0]["organisation_id"],
            "title": "From the document alone",
            "esther_question": "What is best for Esther?",
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    tree = _api("maria").get("/api/v1/organisations").json()  # a manager of Eksjö
    assert [(o["name"], o["may_start_projects"]) for o in tree] == [("Eksjö", False)]
    assert [c["name"] for c in tree[0]["children"]] == ["Hemtjänst Norr"]
    assert tree[0]["children"][0]["parent_id"] == world.municipality.pk
    coach_tree = alice.get("/api/v1/organisations").json()
    assert [(o["name"], o["may_start_projects"]) for o in coach_tree] == [("Hemtjänst Norr", True)]
    assert "Region Annan" not in str(coach_tree)


def test_a_script_runs_a_workshop_as_the_coach_does(world: World) -> None:
    api = _api("alice")
    made = api.post(
        f"/api/v1/cycles/{world.cycle.pk}/workshops",
        {"anonymous": False},
        content_type="application/json",
    )
    assert made.status_code == 201
    workshop = made.json()
    assert (workshop["status"], workshop["code"], workshop["join_url"]) == ("draft", None, None)
    url = f"/api/v1/workshops/{workshop['id']}"
    changed = api.patch(url, {"anonymous": True}, content_type="application/json").json()
    assert changed["anonymous"] is True
    opened = api.post(f"{url}/open").json()
    assert opened["status"] == "open"
    assert len(opened["code"]) == 9
    assert opened["join_url"].startswith("http://testserver/w/")
    assert api.patch(url, {"anonymous": False}, content_type="application/json").status_code == 422
    timer = api.post(f"{url}/timer", {"minutes": 5}, content_type="application/json").json()
    assert 290 <= timer["timer_seconds_left"] <= 300
    moved = api.post(f"{url}/advance", {"to": "interaction"}, content_type="application/json")
    assert moved.status_code == 200
    world.cycle.refresh_from_db()
    assert world.cycle.stage == "interaction"
    closed = api.post(f"{url}/close").json()
    assert (closed["status"], closed["code"]) == ("closed", None)
    # Another organisation's coach: 404, and nothing changes.
    outsider = _api("charlie")
    assert outsider.get(url).status_code == 404
    assert outsider.post(f"{url}/open").status_code == 404
    assert Workshop.objects.get().status == "closed"
