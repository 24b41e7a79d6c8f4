"""Who may reach the cycle workspace: the coach reads and writes, the manager only reads,
everyone else gets 404 (never 403), and anonymous visitors are sent to the login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from powertriangle.cycles.models import (
    Action,
    ActionReview,
    Attendance,
    Cycle,
    Factor,
    Link,
    Vote,
)
from tests.conftest import World
from tests.history import Reviewed, one_cycle_reviewed


@pytest.fixture
def targets(world: World) -> Reviewed:
    return one_cycle_reviewed(world)


def reads(t: Reviewed) -> list[str]:
    return [
        reverse("cycles:detail", args=[t.first.pk]),
        reverse("cycles:detail", args=[t.second.pk]),
        reverse("cycles:triangle_svg", args=[t.first.pk]),
    ]


def writes(world: World, t: Reviewed) -> list[tuple[str, dict[str, object]]]:
    second = t.second.pk
    return [
        (reverse("cycles:start", args=[world.project.pk]), {"votes_per_member": 3}),
        (reverse("cycles:advance", args=[second]), {"to": "interaction", "version": 1}),
        (reverse("cycles:attendance", args=[second]), {"members": [world.esther.pk]}),
        (
            reverse("cycles:factor_create", args=[second]),
            {
                "dimension": "resources",
                "polarity": "barrier",
                "text": "x",
                "author": world.nurse.pk,
            },
        ),
        (reverse("cycles:factor_hidden", args=[t.first.pk, t.factor.pk]), {"hidden": "1"}),
        (
            reverse("cycles:link_create", args=[second]),
            {"factor_a": t.factor.pk, "factor_b": t.factor.pk, "note": "x"},
        ),
        (reverse("cycles:vote_cast", args=[second]), {"member": world.esther.pk}),
        (reverse("cycles:vote_remove", args=[second]), {"member": world.esther.pk}),
        (
            reverse("cycles:action_create", args=[second]),
            {"kind": "handle_barrier", "title": "x", "owners": [world.esther.pk]},
        ),
        (
            reverse("cycles:action_status", args=[t.first.pk, t.action.pk]),
            {"status": "done", "version": 1},
        ),
        (
            reverse("cycles:review_update", args=[second, t.review.pk]),
            {"status": "done", "note": "x", "version": 1},
        ),
    ]


def snapshot() -> tuple[object, ...]:
    return (
        list(Cycle.objects.values_list("pk", "stage", "version").order_by("pk")),
        list(Factor.objects.values_list("pk", "hidden").order_by("pk")),
        Link.objects.count(),
        Vote.objects.count(),
        list(Action.objects.values_list("pk", "status").order_by("pk")),
        list(ActionReview.objects.values_list("pk", "status", "note").order_by("pk")),
        sorted(Attendance.objects.values_list("cycle_id", "member_id")),
    )


@pytest.mark.parametrize("who", ["outsider", "outside_manager"])
def test_it_answers_404_to_people_from_elsewhere(world: World, targets: Reviewed, who: str) -> None:
    client = world.client_for(getattr(world, who))
    for path in reads(targets):
        assert client.get(path).status_code == 404, path
    before = snapshot()
    for path, data in writes(world, targets):
        assert client.post(path, data).status_code == 404, path
        assert client.post(path, data, headers={"HX-Request": "true"}).status_code == 404, path
    assert snapshot() == before


def test_it_sends_anonymous_visitors_to_the_login(world: World, targets: Reviewed) -> None:
    client = world.client_for(None)
    before = snapshot()
    for path in reads(targets):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("accounts:login")), path
    for path, data in writes(world, targets):
        assert client.post(path, data).status_code == 302, path
    assert snapshot() == before


def test_it_lets_a_manager_read_without_any_form(world: World, targets: Reviewed) -> None:
    client = world.client_for(world.manager)
    for path in reads(targets):
        assert client.get(path).status_code == 200, path
    html = client.get(reverse("cycles:detail", args=[targets.second.pk])).content.decode()
    assert "Longer visits" in html
    assert "<form" not in html.split('<main id="main"')[1]
    before = snapshot()
    for path, data in writes(world, targets):
        assert client.post(path, data).status_code == 404, path
    assert snapshot() == before


def test_it_answers_404_for_a_part_of_another_cycle(world: World, targets: Reviewed) -> None:
    """A factor, action or review id must belong to the cycle in the URL."""
    client = world.client_for(world.coach)
    second = targets.second.pk
    assert (
        client.post(
            reverse("cycles:factor_hidden", args=[second, targets.factor.pk]), {"hidden": "1"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("cycles:action_status", args=[second, targets.action.pk]),
            {"status": "done", "version": 1},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("cycles:review_update", args=[targets.first.pk, targets.review.pk]),
            {"status": "done", "note": "", "version": 1},
        ).status_code
        == 404
    )
    targets.factor.refresh_from_db()
    targets.action.refresh_from_db()
    assert (targets.factor.hidden, targets.action.status) == (False, "planned")


def test_it_answers_404_for_a_missing_cycle(world: World) -> None:
    client = world.client_for(world.coach)
    assert client.get(reverse("cycles:detail", args=[999999])).status_code == 404
    assert client.post(reverse("cycles:start", args=[999999])).status_code == 404


def test_it_never_changes_anything_on_get(world: World, targets: Reviewed) -> None:
    client = world.client_for(world.coach)
    before = snapshot()
    for path, _ in writes(world, targets):
        # "Hide" asks first on GET (its question, or back to a closed cycle); the rest refuse.
        asks = path.endswith("/hidden")
        assert client.get(path).status_code in ((200, 303) if asks else (405,)), path
        if asks:
            assert client.get(path, {"hidden": "1"}).status_code in (200, 303), path
    assert snapshot() == before
