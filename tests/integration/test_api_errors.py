"""Bad input through the API: always a 4xx in one shape, with the field named, nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from powertriangle.accounts.tokens import token_issue
from powertriangle.cycles.models import Factor
from powertriangle.projects.models import Member
from tests.conftest import PASSWORD, World


def api(user: User) -> Client:
    key = token_issue(username=user.username, password=PASSWORD)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def post(client: Client, path: str, body: Any, status: int) -> Any:
    response = client.post("/api/v1" + path, body, content_type="application/json")
    assert response.status_code == status, response.content
    return response.json()


def factor(world: World, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "dimension": "resources",
        "polarity": "barrier",
        "text": "Too little time",
        "author_id": world.esther.pk,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"text": "   "}, [("text", "This field cannot be empty.")]),
        ({"text": "x" * 501}, [("text", "Keep it to 500 characters.")]),
        ({"text": "x" * 1_000_000}, [("text", "Keep it to 500 characters.")]),
        ({"text": 42}, [("text", "Enter text.")]),
        ({"text": {"nested": [1, {"a": None}]}}, [("text", "Enter text.")]),
        (
            {"text": "a\u202eb"},
            [("text", "The text contains invisible control characters; please retype it.")],
        ),
        (
            {"dimension": "power"},
            [("dimension", "Choose one of: resources, discourses, contexts.")],
        ),
        ({"polarity": "Barrier"}, [("polarity", "Choose one of: barrier, enabler.")]),
        ({"level": "region"}, [("level", "Choose one of: person, unit, organisation.")]),
        ({"author_id": "esther"}, [("author_id", "Enter a whole number.")]),
        ({"author_id": 2**64}, [("author_id", "Enter a number of at most 9223372036854775807.")]),
        ({"author_id": 0}, [("author_id", "Enter a number of at least 1.")]),
        ({"author_id": [1, 2]}, [("author_id", "Enter a whole number.")]),
        ({"anonymous": {"yes": True}}, [("anonymous", "Enter true or false.")]),
        # A misspelt field is refused rather than ignored (here it would reveal the author).
        ({"anonymus": True}, [("anonymus", "This field is not part of the request.")]),
        ({"author_id": 10**6}, [("author_id", "Choose a member of this project.")]),
        ({"author_id": ...}, [("author_id", "Choose who is speaking, or make it anonymous.")]),
        (
            {"catalogue_key": "no-such-key"},
            [("catalogue_key", "There is no such entry in this catalogue.")],
        ),
        ({"dimension": ...}, [("dimension", "Choose one of: resources, discourses, contexts.")]),
    ],
)
def test_it_names_the_field_of_a_bad_factor(
    world: World, changes: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    body = post(
        api(world.coach), f"/cycles/{world.cycle.pk}/factors", factor(world, **changes), 422
    )
    assert body == {"detail": [{"field": f, "message": m} for f, m in expected]}
    assert Factor.objects.count() == 0


def test_it_refuses_a_member_of_another_project_as_author(world: World) -> None:
    stranger = Member.objects.create(project=world.other_project, display_name="X", role="relative")
    body = post(
        api(world.coach),
        f"/cycles/{world.cycle.pk}/factors",
        factor(world, author_id=stranger.pk),
        422,
    )
    assert body["detail"] == [{"field": "author_id", "message": "Choose a member of this project."}]


def test_it_reports_every_bad_field_at_once(world: World) -> None:
    body = post(
        api(world.coach),
        f"/projects/{world.project.pk}/members",
        {"role": "king", "profession": "y" * 101},
        422,
    )
    assert sorted(e["field"] for e in body["detail"]) == ["display_name", "profession", "role"]


@pytest.mark.parametrize(
    ("raw", "status", "detail"),
    [
        ("{not json", 400, "The request body is not valid JSON."),
        ("[" * 100_000 + "]" * 100_000, 400, "The request body is not valid JSON."),
        ("[1, 2, 3]", 422, [{"field": "body", "message": "Send a JSON object."}]),
        ('"text"', 422, [{"field": "body", "message": "Send a JSON object."}]),
        ("", 422, [{"field": "body", "message": "This field is required."}]),
    ],
)
def test_it_survives_a_body_that_is_not_an_object(
    world: World, raw: str, status: int, detail: object
) -> None:
    response = api(world.coach).post(
        f"/api/v1/cycles/{world.cycle.pk}/factors", raw, content_type="application/json"
    )
    assert response.status_code == status
    assert response.json() == {"detail": detail}


def test_it_refuses_a_request_too_large_to_read(world: World) -> None:
    response = api(world.coach).post(
        f"/api/v1/cycles/{world.cycle.pk}/factors",
        '{"text": "' + "x" * 3_000_000 + '"}',
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large."}


def test_it_names_bad_items_of_a_list(world: World) -> None:
    client = api(world.coach)
    body = client.put(
        f"/api/v1/cycles/{world.cycle.pk}/attendance",
        {"member_ids": [world.esther.pk, "two", None]},
        content_type="application/json",
    ).json()
    assert body == {
        "detail": [
            {"field": "member_ids[1]", "message": "Enter a whole number."},
            {"field": "member_ids[2]", "message": "Enter a whole number."},
        ]
    }
    body = client.put(
        f"/api/v1/cycles/{world.cycle.pk}/attendance",
        {"member_ids": list(range(1, 502))},
        content_type="application/json",
    ).json()
    assert body == {"detail": [{"field": "member_ids", "message": "Choose at most 500."}]}


def test_it_answers_422_for_an_id_that_is_not_a_number(world: World) -> None:
    response = api(world.coach).get("/api/v1/cycles/abc/factors")
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "cycle_id", "message": "Enter a whole number."}]
    }


def test_it_maps_service_errors_onto_request_fields(world: World) -> None:
    client = api(world.coach)
    made = post(client, f"/cycles/{world.cycle.pk}/factors", factor(world), 201)
    # Links are for the interaction stage; the service says so under "stage".
    body = post(
        client,
        f"/cycles/{world.cycle.pk}/links",
        {
            "factor_a_id": made["id"],
            "factor_b_id": made["id"],
            "note": "x",
            "author_id": world.nurse.pk,
        },
        422,
    )
    assert body["detail"] == [
        {"field": "stage", "message": "That cannot be added during the Reaction stage."}
    ]
    client.post(f"/api/v1/cycles/{world.cycle.pk}/advance", "", content_type="application/json")
    body = post(
        client,
        f"/cycles/{world.cycle.pk}/links",
        {
            "factor_a_id": made["id"],
            "factor_b_id": made["id"],
            "note": "x",
            "author_id": world.nurse.pk,
        },
        422,
    )
    assert body["detail"] == [{"field": "factor_b_id", "message": "Choose two different factors."}]
    body = post(client, f"/cycles/{world.cycle.pk}/advance", {"to": "closed"}, 422)
    assert body["detail"] == [
        {"field": "stage", "message": "From Interaction the cycle can only move on to Action."}
    ]
    body = post(client, f"/cycles/{world.cycle.pk}/advance", {"to": "finished"}, 422)
    assert body["detail"] == [
        {"field": "to", "message": "Choose one of: reaction, interaction, action, closed."}
    ]


def test_it_refuses_an_action_that_does_not_fit_its_factors(world: World) -> None:
    client = api(world.coach)
    enabler = post(
        client, f"/cycles/{world.cycle.pk}/factors", factor(world, polarity="enabler"), 201
    )
    for _ in range(2):
        client.post(f"/api/v1/cycles/{world.cycle.pk}/advance", "", content_type="application/json")
    body = post(
        client,
        f"/cycles/{world.cycle.pk}/actions",
        {
            "kind": "handle_barrier",
            "title": "",
            "factor_ids": [enabler["id"]],
            "owner_ids": [],
            "due": "tomorrow",
            "author_id": world.coach_member.pk,
        },
        422,
    )
    assert body["detail"] == [{"field": "due", "message": "Enter a date as YYYY-MM-DD."}]
    body = post(
        client,
        f"/cycles/{world.cycle.pk}/actions",
        {
            "kind": "handle_barrier",
            "title": "",
            "factor_ids": [enabler["id"]],
            "owner_ids": [],
            "author_id": world.coach_member.pk,
        },
        422,
    )
    assert body["detail"] == [
        {"field": "title", "message": "This field cannot be empty."},
        {
            "field": "factor_ids",
            "message": "An action that handles a barrier must be linked to at least one barrier.",
        },
        {"field": "owner_ids", "message": "Choose at least one owner."},
    ]


@pytest.mark.parametrize("value", [0, 1, 0.0, 1.0, "true", "false", None])
def test_a_flag_is_true_or_false_and_nothing_else(world: World, value: object) -> None:
    client = api(world.coach)
    before = Factor.objects.count()
    refused = post(client, f"/cycles/{world.cycle.pk}/factors", factor(world, anonymous=value), 422)
    assert [error["field"] for error in refused["detail"]] == ["anonymous"]
    assert Factor.objects.count() == before
    made = post(client, f"/cycles/{world.cycle.pk}/factors", factor(world), 201)
    refused = post(client, f"/factors/{made['id']}/hide", {"hidden": value}, 422)
    assert [error["field"] for error in refused["detail"]] == ["hidden"]
    assert Factor.objects.get(pk=made["id"]).hidden is False
