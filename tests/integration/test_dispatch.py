"""The server's application: a page goes whole to a thread of the pool and comes back in one
piece; a live stream's path goes to the ASGI handler.
Driven through the ASGI protocol itself, as uvicorn drives it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler

from powertriangle.ops.dispatch import (
    MAX_BODY,
    application_for,
    is_stream,
    wsgi_environ,
)

pytestmark = pytest.mark.django_db(transaction=True)


def http_scope(method: str, path: str, query: bytes = b"", **headers: str) -> dict[str, Any]:
    return {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "root_path": "",
        "query_string": query,
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.9", 51000),
    }


def run(
    scope: dict[str, Any], body: bytes = b"", pieces: int = 2
) -> tuple[int, dict[bytes, bytes], bytes]:
    """One request through the application; (status, headers, body)."""
    application = application_for(ASGIHandler(), WSGIHandler(), threads=2)  # type: ignore[arg-type]
    size = max(1, -(-len(body) // pieces))
    parts = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if parts:
            chunk = parts.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(parts)}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(application(scope, receive, send))  # type: ignore[arg-type]
    start, *bodies = sent
    assert start["type"] == "http.response.start"
    assert len(bodies) == 1, "a page answers in one piece"
    return start["status"], dict(start["headers"]), bodies[0]["body"]


def test_a_page_is_served_whole_by_the_pool() -> None:
    status, headers, body = run(http_scope("GET", "/healthz"))
    assert status == 200
    assert headers[b"content-type"] == b"application/json"
    assert body == b'{"status": "ok"}'


def test_a_post_s_body_and_headers_reach_django() -> None:
    form = b"username=alice&password=wrong"
    scope = http_scope(
        "POST",
        "/accounts/login/",
        content_type="application/x-www-form-urlencoded",
        content_length=str(len(form)),
        accept_language="en",
    )
    status, _headers, body = run(scope, form)
    assert status == 403  # the body was read: Django refused it for its missing CSRF token
    assert b"CSRF" in body or b"403" in body


def test_a_body_far_too_large_is_refused_before_it_is_all_read() -> None:
    scope = http_scope("POST", "/api/v1/projects", content_type="application/json")
    status, _headers, body = run(scope, b"x" * (MAX_BODY + 2**20), pieces=40)
    assert (status, body) == (413, b"The request is too large.")


def test_the_environ_follows_pep_3333() -> None:
    scope = http_scope("GET", "/sök/å", b"q=%C3%A5", accept="a", x_dup="1")
    scope["headers"].append((b"x-dup", b"2"))
    environ = wsgi_environ(scope, b"")
    assert environ["PATH_INFO"] == "/sök/å".encode().decode("latin-1")
    assert environ["QUERY_STRING"] == "q=%C3%A5"
    assert environ["HTTP_X_DUP"] == "1,2"
    assert environ["REMOTE_ADDR"] == "127.0.0.9"
    assert environ["wsgi.url_scheme"] == "http"


def test_only_coroutine_views_are_streams() -> None:
    assert is_stream("/w/12/events")
    assert is_stream("/workshops/3/present/events")
    assert is_stream("/live/cycles/7/events")
    assert not is_stream("/healthz")
    assert not is_stream("/cycles/7/")
    assert not is_stream("/no/such/page")
