"""API tokens: exchanging a username and password for one, listing and revoking one's own."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from powertriangle.accounts.models import ApiToken
from powertriangle.accounts.ratelimit import (
    TOO_MANY,
    login_blocked,
    login_failed,
    login_succeeded,
)
from powertriangle.accounts.tokens import (
    credentials_user,
    token_create,
    token_revoke,
    tokens_of,
)
from powertriangle.api.auth import user_of
from powertriangle.api.responses import ERRORS
from powertriangle.api.schemas import Detail, FieldErrors, TokenIn, TokenInfo, TokenOut
from powertriangle.core.ratelimit import client_address

router = Router(tags=["auth"])


def token_info(token: ApiToken) -> TokenInfo:
    return TokenInfo(
        id=token.pk,
        name=token.name,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        expires_at=token.expires_at,
    )


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: Detail, 422: FieldErrors, 429: Detail},
)
def token_exchange(request: HttpRequest, payload: TokenIn) -> Status[TokenOut | Detail]:
    """A new token for valid credentials. It is shown once; send it as `Authorization: Bearer`.
    It expires after `days` (default 90). Failed attempts are limited as for the login."""
    address = client_address(request)
    if login_blocked(username=payload.username, address=address):
        return Status(429, Detail(detail=str(TOO_MANY)))
    user = credentials_user(username=payload.username, password=payload.password)
    if user is None:
        login_failed(username=payload.username, address=address)
        return Status(401, Detail(detail=_("The username or password is not right.")))
    login_succeeded(username=payload.username, address=address)
    token, key = token_create(user=user, name=payload.name, days=payload.days)
    return Status(200, TokenOut(token=key, **token_info(token).model_dump()))


@router.get("/auth/tokens", response={200: list[TokenInfo], **ERRORS})
def token_list(request: HttpRequest) -> list[TokenInfo]:
    """Your own tokens (never their keys), newest first."""
    return [token_info(t) for t in tokens_of(user_of(request))]


@router.delete("/auth/tokens/{token_id}", response={204: None, **ERRORS})
def token_delete(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of your tokens (the one this request uses too, if you name it)."""
    if not token_revoke(user=user_of(request), token_id=token_id):
        raise Http404
    return Status(204, None)
