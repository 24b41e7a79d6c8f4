"""Who reaches what through the API: outsiders get 404 everywhere, managers only read, and a
stale version is a 409."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from powertriangle.accounts.tokens import token_issue
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link, Vote
from powertriangle.projects.models import Member, Project
from tests.conftest import PASSWORD, World
from tests.history import one_cycle_reviewed


@dataclass
class Ids:
    project: int
    cycle: int
    factor: int
    other_factor: int
    action: int
    review: int
    member: int
    organisation: int


@pytest.fixture
def ids(world: World) -> Ids:
    """The world's project with something of every kind: cycle 1 closed, cycle 2 in reaction."""
    made = one_cycle_reviewed(world)
    return Ids(
        project=world.project.pk,
        cycle=made.second.pk,
        factor=made.factor.pk,
        other_factor=made.other_factor.pk,
        action=made.action.pk,
        review=made.review.pk,
        member=world.esther.pk,
        organisation=world.unit.pk,
    )


def api(user: User) -> Client:
    key = token_issue(username=user.username, password=PASSWORD)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def call(client: Client, method: str, path: str, body: object = None) -> int:
    send = getattr(client, method)
    if method == "get":
        return int(send("/api/v1" + path).status_code)
    data = "" if body is None else body
    return int(send("/api/v1" + path, data, content_type="application/json").status_code)


def reads(i: Ids) -> list[tuple[str, str]]:
    return [
        ("get", f"/projects/{i.project}"),
        ("get", f"/projects/{i.project}/members"),
        ("get", f"/projects/{i.project}/cycles"),
        ("get", f"/projects/{i.project}/export"),
        ("get", f"/cycles/{i.cycle}"),
        ("get", f"/cycles/{i.cycle}/metrics"),
        ("get", f"/cycles/{i.cycle}/factors"),
        ("get", f"/cycles/{i.cycle}/links"),
        ("get", f"/cycles/{i.cycle}/actions"),
        ("get", f"/cycles/{i.cycle}/reviews"),
        ("get", f"/catalogue?project_id={i.project}"),
    ]


def writes(i: Ids) -> list[tuple[str, str, object]]:
    voice = {"author_id": i.member}
    return [
        ("patch", f"/projects/{i.project}", {"version": 1, "title": "Taken over"}),
        ("post", f"/projects/{i.project}/members", {"display_name": "Eve", "role": "relative"}),
        ("post", f"/projects/{i.project}/cycles", {}),
        ("post", f"/cycles/{i.cycle}/advance", {}),
        ("put", f"/cycles/{i.cycle}/attendance", {"member_ids": []}),
        (
            "post",
            f"/cycles/{i.cycle}/factors",
            {"dimension": "resources", "polarity": "barrier", "text": "x", **voice},
        ),
        ("post", f"/factors/{i.factor}/hide", {"hidden": True}),
        (
            "post",
            f"/cycles/{i.cycle}/links",
            {"factor_a_id": i.factor, "factor_b_id": i.other_factor, "note": "x", **voice},
        ),
        ("post", f"/cycles/{i.cycle}/votes", {"factor_id": i.factor, "member_id": i.member}),
        ("delete", f"/cycles/{i.cycle}/votes", {"factor_id": i.factor, "member_id": i.member}),
        (
            "post",
            f"/cycles/{i.cycle}/actions",
            {"kind": "handle_barrier", "title": "x", "owner_ids": [i.member], **voice},
        ),
        ("patch", f"/actions/{i.action}", {"status": "dropped", "version": 1}),
        ("patch", f"/reviews/{i.review}", {"status": "dropped", "note": "x", "version": 1}),
        (
            "post",
            "/projects",
            {"organisation_id": i.organisation, "title": "x", "esther_question": "y"},
        ),
        (
            "post",
            "/import",
            {"organisation_id": i.organisation, "document": {"format": "powertriangle.project"}},
        ),
    ]


def _snapshot() -> tuple[int, ...]:
    models = (Project, Member, Cycle, Factor, Link, Vote, Action, ActionReview)
    return (
        *(m.objects.count() for m in models),
        Factor.objects.filter(hidden=True).count(),
        Action.objects.filter(status="dropped").count(),
        Project.objects.filter(title="Taken over").count(),
    )


def test_it_answers_404_to_an_outsider_for_every_operation(world: World, ids: Ids) -> None:
    outsider = api(world.outsider)
    before = _snapshot()
    for method, path in reads(ids):
        assert call(outsider, method, path) == 404, path
    for method, path, body in writes(ids):
        assert call(outsider, method, path, body) == 404, (method, path)
    assert _snapshot() == before
    # And the outsider's own world is not affected.
    assert call(outsider, "get", f"/projects/{world.other_project.pk}") == 200


def test_it_answers_404_to_an_outside_manager(world: World, ids: Ids) -> None:
    olle = api(world.outside_manager)
    for method, path in reads(ids):
        assert call(olle, method, path) == 404, path


def test_it_lets_a_manager_read_but_not_write(world: World, ids: Ids) -> None:
    maria = api(world.manager)
    for method, path in reads(ids):
        assert call(maria, method, path) == 200, path
    before = _snapshot()
    for method, path, body in writes(ids):
        assert call(maria, method, path, body) == 404, (method, path)
    assert _snapshot() == before
    listed = maria.get("/api/v1/projects").json()
    assert [(p["id"], p["can_write"]) for p in listed] == [(ids.project, False)]


def test_it_answers_404_for_ids_that_do_not_exist(world: World, ids: Ids) -> None:
    coach = api(world.coach)
    missing = Ids(*(10**6 + n for n in range(8)))
    for method, path in reads(missing):
        assert call(coach, method, path) == 404, path
    for method, path, body in writes(missing):
        assert call(coach, method, path, body) == 404, (method, path)
    beyond_64_bits = Ids(*([2**70] * 8))
    for method, path in reads(beyond_64_bits):
        assert call(coach, method, path) == 404, path
    assert call(coach, "get", "/projects/-1") == 404


def test_it_answers_409_to_a_stale_version(world: World, ids: Ids) -> None:
    coach = api(world.coach)
    assert call(coach, "patch", f"/projects/{ids.project}", {"version": 1, "title": "New"}) == 200
    stale = coach.patch(
        f"/api/v1/projects/{ids.project}",
        {"version": 1, "title": "Older"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json() == {"detail": "Someone else changed this project. Reload and try again."}
    assert Project.objects.get(pk=ids.project).title == "New"
    assert call(coach, "patch", f"/reviews/{ids.review}", {"status": "done", "version": 1}) == 200
    assert call(coach, "patch", f"/reviews/{ids.review}", {"status": "doing", "version": 1}) == 409
    # The review moved the action on, so the version read before is stale too.
    assert call(coach, "patch", f"/actions/{ids.action}", {"status": "doing", "version": 1}) == 409
    assert Action.objects.get(pk=ids.action).status == "done"
    assert call(coach, "post", f"/cycles/{ids.cycle}/advance", {"version": 1}) == 200
    assert call(coach, "post", f"/cycles/{ids.cycle}/advance", {"version": 1}) == 409
    assert Cycle.objects.get(pk=ids.cycle).stage == "interaction"
