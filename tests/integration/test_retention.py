"""Retention: failure counters, expired sessions and expired API tokens are removed by the
server's hourly housekeeping and by `powertriangle housekeeping`; an idle session ends."""

from __future__ import annotations

import datetime as dt
import time
from io import StringIO

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from powertriangle.accounts.middleware import SEEN_KEY, TOUCH_SECONDS
from powertriangle.accounts.models import ApiToken
from powertriangle.accounts.tokens import token_create
from powertriangle.core import ratelimit
from powertriangle.core.models import FailureCount
from tests.conftest import World


def test_housekeeping_removes_what_is_past_its_retention(world: World) -> None:
    ratelimit.record_failure("login", "10.0.0.1\nalice", window_seconds=900)
    FailureCount.objects.update(window_start=timezone.now() - dt.timedelta(days=2))
    ratelimit.record_failure("login", "10.0.0.2\nalice", window_seconds=900)  # recent: kept
    old, _key = token_create(user=world.coach, name="old")
    token_create(user=world.coach, name="fresh")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    client = world.client_for(world.coach)
    client.get(reverse("projects:list"))
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    world.client_for(world.manager).get(reverse("projects:list"))  # a live session: kept
    out = StringIO()
    with translation.override("en"):
        call_command("housekeeping", stdout=out)
    assert "Failure counters: 1 removed" in out.getvalue()
    assert "Expired sessions: 1 removed" in out.getvalue()
    assert "Expired API tokens: 1 removed" in out.getvalue()
    assert FailureCount.objects.count() == 1
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["fresh"]
    assert Session.objects.count() == 1


def test_an_idle_session_ends_and_activity_moves_its_end_on(world: World) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client = world.client_for(world.coach)
    assert client.get(reverse("projects:list")).status_code == 200
    session = Session.objects.get()
    first_end = session.expire_date
    # Within a few minutes a request writes nothing; later it moves the end on.
    client.get(reverse("projects:list"))
    assert Session.objects.get().expire_date == first_end
    store = client.session
    store[SEEN_KEY] = int(time.time()) - TOUCH_SECONDS - 1
    store.save()
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(hours=1))
    client.get(reverse("projects:list"))
    assert Session.objects.get().expire_date > timezone.now() + dt.timedelta(hours=7)
    # Idle past the limit: the next request goes to the login page.
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
