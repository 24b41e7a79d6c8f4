"""Answers when something goes wrong on our side: never a traceback, always the user's language.

- A full disk (SQLite's "database or disk is full", PostgreSQL's disk_full 53100, ENOSPC):
  503 with "nothing has been saved", as a page, or as JSON on the API. The write was rolled
  back with its transaction, so the sentence is true.
- 404, 403, 405 and 500: pages of our own with a way back. The 500 page is rendered without a
  request context, so it needs neither the database nor the session.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DISK_FULL_SQLSTATE = "53100"


def is_storage_full(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the database or its disk is full."""
    seen: BaseException | None = exc
    for _depth in range(5):
        if seen is None:
            return False
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC:
            return True
        if getattr(seen, "sqlstate", None) == DISK_FULL_SQLSTATE:
            return True
        if isinstance(seen, DatabaseError) and "disk is full" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def storage_full_message() -> str:
    return _("The server cannot save right now. Nothing of what you wrote has been saved.")


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class FailureMiddleware:
    """A full disk is a 503 with a sentence; a bare 405 gets a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not wants_json(request):
            allowed = response.get("Allow", "")
            response = render(request, "core/error.html", _error(405), status=405)
            response["Allow"] = allowed
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_storage_full(exc):
            return None
        logger.error("storage full: %s", exc)
        message = storage_full_message()
        if wants_json(request):
            return JsonResponse({"detail": message}, status=503)
        html = render_to_string("core/500.html", {"title": _("Nothing saved"), "text": message})
        return HttpResponse(html, status=503)


def _error(status: int) -> dict[str, object]:
    titles = {
        403: (
            _("Not allowed"),
            _("You cannot do this here. If you think you should, ask your coach."),
        ),
        404: (_("Not found"), _("There is no such page, or it is not yours to see.")),
        405: (
            _("Not possible like this"),
            _("This page cannot be used like this. Go back and try again."),
        ),
    }
    title, text = titles[status]
    return {"status": status, "title": title, "text": text}


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": _("Not found")}, status=404)
    return render(request, "core/error.html", _error(404), status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": _("Not allowed")}, status=403)
    return render(request, "core/error.html", _error(403), status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """No request context: the database or the session may be what failed."""
    text = _("Something went wrong on our side. Please try again in a moment.")
    if wants_json(request):
        return JsonResponse({"detail": text}, status=500)
    html = render_to_string("core/500.html", {"title": _("Something went wrong"), "text": text})
    return HttpResponse(html, status=500)
