from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from powertriangle.accounts.models import Preference

SEEN_KEY = "seen"
TOUCH_SECONDS = 10 * 60


class SessionIdleMiddleware:
    """A coach's or manager's session ends after POWERTRIANGLE_SESSION_IDLE_HOURS without a
    request (SESSION_COOKIE_AGE). Each request moves the end on, but the session is saved for
    that at most every few minutes, so that reading a page writes nothing most of the time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            if not isinstance(seen, int) or now - seen >= TOUCH_SECONDS:
                request.session[SEEN_KEY] = now  # saved with a new expiry by the middleware
        return self.get_response(request)


class UserLanguageMiddleware:
    """A logged-in user's chosen language wins over the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            language = (
                Preference.objects.filter(user=request.user)
                .values_list("language", flat=True)
                .first()
            )
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
