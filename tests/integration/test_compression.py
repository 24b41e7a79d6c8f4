"""Pages and static files go compressed to a browser that accepts gzip; live event streams go
as they are, so that every event leaves at once, and so do the API's JSON answers."""

from __future__ import annotations

import gzip

import pytest
from django.http import StreamingHttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from powertriangle.accounts.tokens import token_issue
from powertriangle.core.middleware import CompressionMiddleware
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db


def test_a_page_goes_compressed_and_reads_the_same(world: World) -> None:
    client = world.client_for(world.coach)
    url = reverse("cycles:detail", args=[world.cycle.pk])
    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 3
    # Same page: only the masked CSRF tokens differ between two answers.
    assert gzip.decompress(packed.content).decode().count("<section") == (
        plain.content.decode().count("<section")
    )


def test_a_static_file_goes_compressed(world: World) -> None:
    response = world.client_for(None).get(
        "/static/powertriangle/app.css", headers={"accept-encoding": "gzip"}
    )
    assert response["Content-Encoding"] == "gzip"
    css = gzip.decompress(response.getvalue()).decode()
    assert ".visually-hidden" in css


def test_a_live_stream_is_never_compressed(world: World) -> None:
    request = RequestFactory().get("/live/cycles/1/events", HTTP_ACCEPT_ENCODING="gzip")
    stream = StreamingHttpResponse(iter([b"data: 1\n\n"]), content_type="text/event-stream")
    answered = CompressionMiddleware(lambda _request: stream).process_response(request, stream)
    assert isinstance(answered, StreamingHttpResponse)
    assert "Content-Encoding" not in answered
    assert b"".join(answered.streaming_content) == b"data: 1\n\n"  # type: ignore[arg-type]


def test_the_api_answers_uncompressed_json(world: World) -> None:
    key = token_issue(username=world.coach.username, password=PASSWORD)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.get("/api/v1/me", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response.json()["username"] == world.coach.username
