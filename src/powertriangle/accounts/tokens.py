"""API tokens: named, expiring, revocable, and only ever stored as a hash.

A token is shown once when it is made. It expires (POWERTRIANGLE_TOKEN_DAYS, default 90), its
owner lists and revokes it (the tokens page, `DELETE /api/v1/auth/tokens/{id}`, `powertriangle
tokens`), and changing the password revokes every token of the account. Logging out of the web
pages does not touch them: a token belongs to a script, not to a browser session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.accounts.models import ApiToken
from powertriangle.core.text import clean_text, comparable

NAME_MAX = 100
DAYS_MAX = 365
TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=5)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _clean(name: object, days: object) -> tuple[str, int]:
    errors: dict[str, list[str]] = {}
    try:
        clean_name = clean_text(name, field="name", max_length=NAME_MAX, required=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        clean_name = ""
    if days is None or days == "":
        days = settings.POWERTRIANGLE_TOKEN_DAYS
    if isinstance(days, bool) or not isinstance(days, int | str):
        days = -1
    try:
        number = int(days)
    except ValueError:
        number = -1
    if not 1 <= number <= DAYS_MAX:
        errors["days"] = [_("Choose from 1 to %(max)d days.") % {"max": DAYS_MAX}]
    if errors:
        raise ValidationError(errors)
    return clean_name, number


def token_create(*, user: User, name: object = "", days: object = None) -> tuple[ApiToken, str]:
    """A new token for `user` (already authenticated); returns it and its key, shown once."""
    clean_name, number = _clean(name, days)
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=_digest(key),
            name=clean_name,
            expires_at=timezone.now() + dt.timedelta(days=number),
        )
    return token, key


def credentials_user(*, username: object, password: object) -> User | None:
    """The active account these credentials are right for, else None."""
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    if not comparable(username):
        return None  # no account has such a name, and the database cannot even look for it
    user = authenticate(username=username, password=password)
    return user if isinstance(user, User) else None


def token_issue(
    *, username: object, password: object, name: object = "", days: object = None
) -> str | None:
    """A new API token for valid credentials (returned once, stored only as a hash), else None.
    Raises ValidationError for a bad name or number of days."""
    user = credentials_user(username=username, password=password)
    return None if user is None else token_create(user=user, name=name, days=days)[1]


def token_user(key: str) -> User | None:
    """The account of a valid, unexpired token, or None."""
    if not key or len(key) > 200 or not comparable(key):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(key), expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    # Bookkeeping only: refresh it at most every few minutes, so an API request that only reads
    # writes nothing, and a post is one write transaction instead of two.
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The account's tokens, newest first (expired ones too, until they are pruned)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_revoke(*, user: User, token_id: object) -> bool:
    """Revoke one of `user`'s own tokens; False when they have no such token."""
    try:
        pk = int(str(token_id))
    except ValueError:
        return False
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        return False
    token.delete()
    return True


def tokens_revoke_all(*, user: User) -> int:
    """Revoke every token of the account (a password change does); returns how many."""
    deleted, _rows = ApiToken.objects.filter(user=user).delete()
    return deleted


def tokens_prune(now: dt.datetime | None = None) -> int:
    """Delete expired tokens (retention); returns how many."""
    deleted, _rows = ApiToken.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
