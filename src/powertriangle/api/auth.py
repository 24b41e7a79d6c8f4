"""Bearer-token authentication for the API. There is no session authentication here, so a
browser's cookies never act on the API and CSRF does not apply."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from powertriangle.accounts.tokens import token_user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_user(token.strip())
        if user is not None:
            request.user = user
        return user


def user_of(request: HttpRequest) -> User:
    """The account an authenticated operation acts for."""
    user = getattr(request, "auth", None)
    assert isinstance(user, User)
    return user
