"""Who may open a cycle's stream (the stream itself is tested over real HTTP)."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.urls import reverse

from tests.conftest import World


def test_coaches_and_managers_of_the_project_get_an_event_stream(world: World) -> None:
    url = reverse("live:cycle_events", args=[world.cycle.pk])
    for user in (world.coach, world.manager):
        response = world.client_for(user).get(url)
        assert response.status_code == 200
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "text/event-stream"
        assert response["Cache-Control"] == "no-cache"
        assert response["X-Accel-Buffering"] == "no"
        # Never iterated (the stream would not end) and not closed: closing fires
        # request_finished, which would close the test's own database connection.


def test_everyone_else_gets_404_and_no_get_writes(world: World) -> None:
    url = reverse("live:cycle_events", args=[world.cycle.pk])
    for user in (None, world.outsider, world.outside_manager):
        assert world.client_for(user).get(url).status_code == 404
    missing = reverse("live:cycle_events", args=[world.cycle.pk + 1000])
    assert world.client_for(world.coach).get(missing).status_code == 404
    assert world.client_for(world.coach).post(url).status_code in (403, 405)
