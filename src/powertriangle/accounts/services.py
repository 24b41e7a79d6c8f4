"""Accounts: creating users, API tokens and language preference."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.accounts.models import ApiToken, Preference
from powertriangle.core.text import clean_name, comparable
from powertriangle.orgs.models import Organisation
from powertriangle.orgs.services import membership_set

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


def user_create(
    *,
    username: object,
    password: object,
    organisation: Organisation | None = None,
    role: str = "coach",
    superuser: bool = False,
    check_password: bool = True,
) -> User:
    User = get_user_model()
    name = clean_name(username, field="username", max_length=150)
    if not isinstance(password, str) or not password:
        raise ValidationError({"password": _("Enter a password.")})
    if User.objects.filter(username=name).exists():
        raise ValidationError({"username": _("That username is taken.")}, code="taken")
    if check_password:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        if superuser:
            user = User.objects.create_superuser(username=name, password=password)
        else:
            user = User.objects.create_user(username=name, password=password)
        if organisation is not None:
            membership_set(user=user, organisation=organisation, role=role)
    assert isinstance(user, User)
    return user


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, username: object, password: object) -> str | None:
    """A new API token for valid credentials (returned once, stored only as a hash), else None."""
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    if not comparable(username):
        return None  # no account has such a name, and the database cannot even look for it
    user = authenticate(username=username, password=password)
    if user is None:
        return None
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_digest(key))
    return key


TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=5)


def token_user(key: str) -> User | None:
    if not key or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key)).first()
    if token is None or not token.user.is_active:
        return None
    # Bookkeeping only: refresh it at most every few minutes, so an API request that only reads
    # writes nothing, and a post is one write transaction instead of two.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def language_set(*, request: HttpRequest, response: HttpResponse, language: object) -> bool:
    """Remember the language for this browser, and for the account when logged in."""
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        return False
    assert isinstance(language, str)
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    if request.user.is_authenticated:
        Preference.objects.update_or_create(user=request.user, defaults={"language": language})
    return True
