"""Accounts: creating and deleting users, and the language preference."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from powertriangle.accounts.models import Preference
from powertriangle.core.text import clean_name
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


def sessions_end(*, user: User) -> int:
    """End every session of `user` (every browser they are logged in on); returns how many."""
    mine = [
        s.pk
        for s in Session.objects.iterator()
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    deleted, _rows = Session.objects.filter(pk__in=mine).delete()
    return deleted


def user_delete(*, user: User) -> None:
    """Delete the account: its tokens, memberships, preference and sessions go with it. The
    project members it was linked to stay, as the projects' record of who took part: a coach
    erases those (projects.rights.erasure)."""
    with transaction.atomic():
        sessions_end(user=user)
        user.delete()
