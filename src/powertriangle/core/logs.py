"""What the server writes in its log about requests: never who a participant is.

A log line with a phone's address and the moment of its `POST /w/2/factor` would tie an
anonymous contribution to a device. So by default (POWERTRIANGLE_ACCESS_LOG=staff) the server's
own access log (uvicorn's) is off, `AccessLogMiddleware` writes one line per request without
any address, and nothing at all for the participants' paths (`/w/…`, `/join`); Django's own
warnings about those paths (a 404, a 422) are dropped too. `full` turns uvicorn's access log
back on, with addresses, for every path: a privacy trade-off for an operator who needs it.
`off` writes no access lines.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("powertriangle.access")

PARTICIPANT_PREFIXES = ("/w/", "/join")


def is_participant_path(path: str) -> bool:
    return path.startswith(PARTICIPANT_PREFIXES)


class AccessLogMiddleware:
    """`GET /projects/ 200 12ms` for staff paths, in `staff` mode; nothing else, ever."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = settings.POWERTRIANGLE_ACCESS_LOG == "staff"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.enabled or is_participant_path(request.path):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        logger.info("%s %s %d %.0fms", request.method, request.path, response.status_code, elapsed)
        return response


class ParticipantPathFilter(logging.Filter):
    """Drops Django's request warnings (4xx) about participants' paths; errors stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return True
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        return not (isinstance(path, str) and is_participant_path(path))
