"""API tokens: getting one, using it, and everything that is not a valid bearer token."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from powertriangle.accounts.tokens import token_issue
from tests.conftest import PASSWORD, World

TOKEN_URL = "/api/v1/auth/token"


def bearer(user: User, *, csrf_checks: bool = False) -> Client:
    key = token_issue(username=user.username, password=PASSWORD)
    assert key is not None
    return Client(
        enforce_csrf_checks=csrf_checks,
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_it_issues_a_token_that_opens_the_api(world: World) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        TOKEN_URL, {"username": "alice", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    projects = client.get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert projects.status_code == 200
    assert [p["title"] for p in projects.json()] == ["Safe return home"]


def test_it_refuses_a_wrong_password_with_a_clear_message(world: World) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for username, password in (("alice", "wrong"), ("nobody", PASSWORD)):
        response = client.post(
            TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
        )
        assert response.status_code == 401
        assert response.json() == {"detail": "The username or password is not right."}


def test_it_names_the_missing_credentials(world: World) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        TOKEN_URL, {"username": "alice"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "password", "message": "This field is required."}]
    }


def test_it_answers_401_without_a_valid_bearer_token(world: World) -> None:
    key = token_issue(username="alice", password=PASSWORD)
    for header in (
        None,
        "",
        "Bearer",
        "Bearer not-a-token",
        "Bearer " + "x" * 5000,
        f"Token {key}",
        f"Basic {key}",
        "Bearer \x00\x01",
    ):
        headers = {} if header is None else {"Authorization": header}
        response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/projects", headers=headers)
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"] == "Bearer"
        assert "Authorization: Bearer" in response.json()["detail"]


def test_it_does_not_accept_a_browser_session(world: World) -> None:
    client = world.client_for(world.coach)
    assert client.get("/api/v1/projects").status_code == 401


def test_it_refuses_a_token_of_a_deactivated_account(world: World) -> None:
    client = bearer(world.coach)
    User.objects.filter(pk=world.coach.pk).update(is_active=False)
    assert client.get("/api/v1/projects").status_code == 401


def test_it_needs_no_csrf_token_with_a_bearer_token(world: World) -> None:
    client = bearer(world.coach, csrf_checks=True)
    response = client.post(
        f"/api/v1/projects/{world.project.pk}/members",
        {"display_name": "Karin", "role": "relative"},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_it_answers_in_the_language_asked_for(world: World) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="sv").get("/api/v1/projects")
    assert response.status_code == 401
    assert response["Content-Language"] == "sv"
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/projects")
    assert response["Content-Language"] == "en"


EXPECTED_OPERATIONS = {
    ("post", "/api/v1/auth/token"),
    ("get", "/api/v1/auth/tokens"),
    ("delete", "/api/v1/auth/tokens/{token_id}"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/organisations"),
    ("post", "/api/v1/cycles/{cycle_id}/workshops"),
    ("get", "/api/v1/workshops/{workshop_id}"),
    ("patch", "/api/v1/workshops/{workshop_id}"),
    ("post", "/api/v1/workshops/{workshop_id}/open"),
    ("post", "/api/v1/workshops/{workshop_id}/close"),
    ("post", "/api/v1/workshops/{workshop_id}/advance"),
    ("post", "/api/v1/workshops/{workshop_id}/timer"),
    ("get", "/api/v1/projects"),
    ("post", "/api/v1/projects"),
    ("get", "/api/v1/projects/{project_id}"),
    ("patch", "/api/v1/projects/{project_id}"),
    ("get", "/api/v1/projects/{project_id}/members"),
    ("post", "/api/v1/projects/{project_id}/members"),
    ("get", "/api/v1/projects/{project_id}/cycles"),
    ("post", "/api/v1/projects/{project_id}/cycles"),
    ("get", "/api/v1/cycles/{cycle_id}"),
    ("post", "/api/v1/cycles/{cycle_id}/advance"),
    ("put", "/api/v1/cycles/{cycle_id}/attendance"),
    ("get", "/api/v1/cycles/{cycle_id}/metrics"),
    ("get", "/api/v1/cycles/{cycle_id}/factors"),
    ("post", "/api/v1/cycles/{cycle_id}/factors"),
    ("post", "/api/v1/factors/{factor_id}/hide"),
    ("get", "/api/v1/cycles/{cycle_id}/links"),
    ("post", "/api/v1/cycles/{cycle_id}/links"),
    ("post", "/api/v1/links/{link_id}/hide"),
    ("post", "/api/v1/cycles/{cycle_id}/votes"),
    ("delete", "/api/v1/cycles/{cycle_id}/votes"),
    ("get", "/api/v1/cycles/{cycle_id}/actions"),
    ("post", "/api/v1/cycles/{cycle_id}/actions"),
    ("patch", "/api/v1/actions/{action_id}"),
    ("post", "/api/v1/actions/{action_id}/hide"),
    ("get", "/api/v1/cycles/{cycle_id}/reviews"),
    ("patch", "/api/v1/reviews/{review_id}"),
    ("get", "/api/v1/catalogue"),
    ("get", "/api/v1/projects/{project_id}/export"),
    ("post", "/api/v1/import"),
}


def test_it_serves_an_openapi_document_listing_every_operation(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"] == {
        "title": "powertriangle",
        "version": "1",
        "description": spec["info"]["description"],
    }
    listed = {(method, path) for path, item in spec["paths"].items() for method in item}
    assert listed == EXPECTED_OPERATIONS
    token = spec["paths"]["/api/v1/auth/token"]["post"]
    assert "security" not in token
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if path != "/api/v1/auth/token":
                assert operation["security"] == [{"BearerToken": []}], (method, path)
    # No interactive docs page: it would load its assets from a CDN.
    assert Client().get("/api/v1/docs").status_code == 404


def test_it_lists_the_model_words_as_enum_values(db: None) -> None:
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    expected = {
        "Dimension": ["resources", "discourses", "contexts"],
        "Polarity": ["barrier", "enabler"],
        "Level": ["person", "unit", "organisation"],
        "Stage": ["reaction", "interaction", "action", "closed"],
        "ActionKind": ["handle_barrier", "reinforce_enabler"],
        "ActionStatus": ["planned", "doing", "done", "dropped"],
        "Role": [
            "person_in_need_of_care",
            "relative",
            "professional",
            "coach",
            "manager",
            "supporter",
        ],
    }
    for name, values in expected.items():
        assert schemas[name]["enum"] == values, name
