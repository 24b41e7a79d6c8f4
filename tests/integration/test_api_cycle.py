"""A whole improvement project through the JSON API, as a client application would drive it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from powertriangle.accounts.tokens import token_issue
from powertriangle.cycles.models import Factor
from tests.conftest import PASSWORD, World

V1 = "/api/v1"


class Api:
    def __init__(self, user: User) -> None:
        key = token_issue(username=user.username, password=PASSWORD)
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")

    def call(self, method: str, path: str, body: object = None, status: int = 200) -> Any:
        send = getattr(self.client, method)
        if method == "get":
            response = send(V1 + path)
        else:  # no body is an empty body, as a client library would send it
            data = "" if body is None else body
            response = send(V1 + path, data, content_type="application/json")
        assert response.status_code == status, response.content
        return response.json()


def test_it_runs_a_project_through_two_cycles(world: World) -> None:
    api = Api(world.coach)
    project = api.call(
        "post",
        "/projects",
        {
            "organisation_id": world.unit.pk,
            "title": "Meals at home",
            "esther_question": "What is best for Esther at mealtimes?",
        },
        status=201,
    )
    assert project["can_write"] is True
    pid = project["id"]
    people = {
        name: api.call(
            "post",
            f"/projects/{pid}/members",
            {"display_name": name, "role": role, "profession": profession},
            status=201,
        )["id"]
        for name, role, profession in (
            ("Esther", "person_in_need_of_care", ""),
            ("Sven", "relative", ""),
            ("Nadia", "professional", "Nurse"),
            ("Sara", "supporter", ""),
            ("Alice", "coach", ""),
        )
    }
    members = api.call("get", f"/projects/{pid}/members")
    assert [m["role"] for m in members] == [
        "person_in_need_of_care",
        "relative",
        "professional",
        "supporter",
        "coach",
    ]
    cycle = api.call("post", f"/projects/{pid}/cycles", {"votes_per_member": 2}, status=201)
    cid = cycle["id"]
    assert (cycle["number"], cycle["stage"], cycle["next_stage"]) == (1, "reaction", "interaction")
    present = api.call("put", f"/cycles/{cid}/attendance", {"member_ids": list(people.values())})
    assert present["member_ids"] == sorted(people.values())

    barrier = api.call(
        "post",
        f"/cycles/{cid}/factors",
        {
            "dimension": "resources",
            "polarity": "barrier",
            "level": "unit",
            "text": "Meals arrive cold",
            "author_id": people["Esther"],
        },
        status=201,
    )
    supported = api.call(
        "post",
        f"/cycles/{cid}/factors",
        {
            "dimension": "discourses",
            "polarity": "enabler",
            "text": "Staff ask what she likes",
            "author_id": people["Sara"],
            "on_behalf_of_id": people["Esther"],
        },
        status=201,
    )
    assert supported["voice_group"] == "care_receivers"
    assert supported["on_behalf_of_id"] == people["Esther"]
    from_catalogue = api.call(
        "post",
        f"/cycles/{cid}/factors",
        {"catalogue_key": "res-no-one-to-help", "author_id": people["Nadia"]},
        status=201,
    )
    assert from_catalogue["catalogue_key"] == "res-no-one-to-help"
    assert from_catalogue["dimension"] == "resources"
    assert from_catalogue["polarity"] == "barrier"
    anonymous = api.call(
        "post",
        f"/cycles/{cid}/factors",
        {
            "dimension": "contexts",
            "polarity": "barrier",
            "text": "Nobody dares to say the menu is bad",
            "author_id": people["Nadia"],
            "anonymous": True,
        },
        status=201,
    )
    assert anonymous["author_id"] is None
    assert anonymous["anonymous"] is True
    assert Factor.objects.get(pk=anonymous["id"]).author_id is None
    listed = api.call("get", f"/cycles/{cid}/factors")
    assert len(listed) == 4
    assert all(f["author_id"] is None for f in listed if f["anonymous"])

    # Links and votes belong to the interaction stage.
    api.call("post", f"/cycles/{cid}/advance", {"to": "interaction"})
    link = api.call(
        "post",
        f"/cycles/{cid}/links",
        {
            "factor_a_id": supported["id"],
            "factor_b_id": barrier["id"],
            "note": "Asking takes time the cold meals show we lack",
            "author_id": people["Alice"],
        },
        status=201,
    )
    assert link["cross_dimension"] is True
    assert api.call("get", f"/cycles/{cid}/links")[0]["id"] == link["id"]
    vote = {"factor_id": barrier["id"], "member_id": people["Sven"]}
    assert api.call("post", f"/cycles/{cid}/votes", vote, status=201)["member_votes_left"] == 1
    assert api.call("post", f"/cycles/{cid}/votes", vote, status=201)["factor_votes"] == 2
    over = api.call("post", f"/cycles/{cid}/votes", vote, status=422)
    assert over["detail"][0]["field"] == "factor_id"
    taken_back = api.call("delete", f"/cycles/{cid}/votes", vote)
    assert (taken_back["removed"], taken_back["factor_votes"]) == (True, 1)
    hidden = api.call("post", f"/factors/{anonymous['id']}/hide", {"hidden": True})
    assert hidden["hidden"] is True
    assert len(api.call("get", f"/cycles/{cid}/factors")) == 3
    assert len(api.call("get", f"/cycles/{cid}/factors?include_hidden=true")) == 4

    read = api.call("post", f"/cycles/{cid}/advance", {"to": "action", "version": 2})
    action = api.call(
        "post",
        f"/cycles/{cid}/actions",
        {
            "kind": "handle_barrier",
            "title": "Heat the meal together",
            "factor_ids": [barrier["id"]],
            "owner_ids": [people["Esther"], people["Nadia"]],
            "due": "2030-05-01",
            "author_id": people["Alice"],
        },
        status=201,
    )
    assert (action["status"], action["due"]) == ("planned", "2030-05-01")
    assert action["owner_ids"] == sorted([people["Esther"], people["Nadia"]])
    metrics = api.call("get", f"/cycles/{cid}/metrics")
    assert (metrics["uptake"], metrics["ownership"], metrics["coverage"]) == (1.0, 1.0, 2)
    assert metrics["interaction_coverage"]["resources_discourses"] == 1
    assert metrics["dimension_balance"]["contexts"] is None  # its only factor is hidden
    assert metrics["follow_through"] is None
    assert metrics["voice"]["care_receivers"]["presence_share"] == 0.4
    done = api.call(
        "patch", f"/actions/{action['id']}", {"status": "done", "version": action["version"]}
    )
    assert (done["status"], done["version"]) == ("done", action["version"] + 1)
    closed = api.call("post", f"/cycles/{cid}/advance", {"version": read["version"]})
    assert closed["stage"] == "closed"
    assert closed["next_stage"] is None
    assert [s["stage"] for s in closed["stages"]] == ["reaction", "interaction", "action"]
    assert all(s["ended_at"] for s in closed["stages"])
    assert closed["counts"] == {
        "factors": 3,
        "links": 1,
        "votes": 1,
        "actions": 1,
        "reviews": 0,
        "present": 5,
    }

    second = api.call("post", f"/projects/{pid}/cycles", status=201)
    assert (second["number"], second["votes_per_member"]) == (2, 3)
    assert second["present_member_ids"] == sorted(people.values())
    reviews = api.call("get", f"/cycles/{second['id']}/reviews")
    assert [(r["action_id"], r["status"], r["reviewed"]) for r in reviews] == [
        (action["id"], "done", False)
    ]
    reviewed = api.call(
        "patch",
        f"/reviews/{reviews[0]['id']}",
        {"status": "done", "note": "Warm meals every day", "version": reviews[0]["version"]},
    )
    assert reviewed["reviewed"] is True
    assert api.call("get", f"/cycles/{second['id']}/metrics")["follow_through"] == 1.0
    cycles = api.call("get", f"/projects/{pid}/cycles")
    assert [(c["number"], c["stage"]) for c in cycles] == [(1, "closed"), (2, "reaction")]
    changed = api.call(
        "patch", f"/projects/{pid}", {"version": project["version"], "description": "Autumn"}
    )
    assert (changed["title"], changed["description"]) == ("Meals at home", "Autumn")


def test_it_keeps_markup_as_plain_text(world: World) -> None:
    api = Api(world.coach)
    text = '<script>alert("x")</script> & <b>bold</b>'
    created = api.call(
        "post",
        f"/cycles/{world.cycle.pk}/factors",
        {"dimension": "contexts", "polarity": "barrier", "text": text, "author_id": world.nurse.pk},
        status=201,
    )
    assert created["text"] == text
    response = api.client.get(f"{V1}/cycles/{world.cycle.pk}/factors")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()[0]["text"] == text
    assert Factor.objects.get().text == text


def test_it_gives_the_catalogue_in_either_language(world: World) -> None:
    api = Api(world.manager)
    english = api.call("get", "/catalogue?lang=en")
    swedish = api.call("get", f"/catalogue?lang=sv&project_id={world.project.pk}")
    assert english["lang"] == "en"
    assert swedish["lang"] == "sv"
    assert [f["key"] for f in english["factors"]] == [f["key"] for f in swedish["factors"]]
    assert english["factors"][0]["text"] != swedish["factors"][0]["text"]
    assert english["prompts"]
    assert {p["stage"] for p in english["prompts"]} <= {"reaction", "interaction", "action"}
    # Without `lang`, the request's language.
    response = api.client.get(f"{V1}/catalogue", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.json()["lang"] == "sv"
    wrong = api.call("get", "/catalogue?lang=de", status=422)
    assert wrong["detail"] == [{"field": "lang", "message": "Choose one of: sv, en."}]
