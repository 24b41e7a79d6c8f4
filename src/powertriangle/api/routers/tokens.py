"""Exchanging a username and password for an API token."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from powertriangle.accounts.ratelimit import (
    TOO_MANY,
    login_blocked,
    login_failed,
    login_succeeded,
)
from powertriangle.accounts.services import token_issue
from powertriangle.api.schemas import Detail, FieldErrors, TokenIn, TokenOut
from powertriangle.core.ratelimit import client_address

router = Router(tags=["auth"])


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: Detail, 422: FieldErrors, 429: Detail},
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status[TokenOut | Detail]:
    """A new token for valid credentials. It is shown once; send it as `Authorization: Bearer`.
    After 10 failures for a username from one address: 429 for a few minutes (as the login)."""
    address = client_address(request)
    if login_blocked(username=payload.username, address=address):
        return Status(429, Detail(detail=str(TOO_MANY)))
    key = token_issue(username=payload.username, password=payload.password)
    if key is None:
        login_failed(username=payload.username, address=address)
        return Status(401, Detail(detail=_("The username or password is not right.")))
    login_succeeded(username=payload.username, address=address)
    return Status(200, TokenOut(token=key))
