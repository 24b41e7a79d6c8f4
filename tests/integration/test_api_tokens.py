"""API tokens are named, expire, are listed and revoked by their owner (page, API, command
line), and a password change revokes them all. Only a hash is ever stored."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from powertriangle.accounts.models import ApiToken
from tests.conftest import PASSWORD, World


def _exchange(username: str, **extra: object) -> dict[str, Any]:
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD, **extra},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def _bearer(key: object) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def test_a_token_has_a_name_an_expiry_and_only_its_hash_is_stored(world: World) -> None:
    body = _exchange("alice", name="Nightly report", days=7)
    assert isinstance(body, dict)
    key = str(body["token"])
    assert body["name"] == "Nightly report"
    expires = dt.datetime.fromisoformat(str(body["expires_at"]))
    assert abs((expires - timezone.now()) - dt.timedelta(days=7)) < dt.timedelta(minutes=1)
    stored = ApiToken.objects.get(pk=body["id"])
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(list(ApiToken.objects.values()))
    listed = _bearer(key).get("/api/v1/auth/tokens").json()
    assert [t["name"] for t in listed] == ["Nightly report"]
    assert "token" not in listed[0]
    # Expired: refused.
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now())
    assert _bearer(key).get("/api/v1/projects").status_code == 401


def test_the_default_lasts_90_days_and_a_year_is_the_most(world: World) -> None:
    body = _exchange("alice")
    assert isinstance(body, dict)
    expires = dt.datetime.fromisoformat(str(body["expires_at"]))
    assert abs((expires - timezone.now()) - dt.timedelta(days=90)) < dt.timedelta(minutes=1)
    too_long = Client().post(
        "/api/v1/auth/token",
        {"username": "alice", "password": PASSWORD, "days": 366},
        content_type="application/json",
    )
    assert too_long.status_code == 422


def test_the_owner_revokes_a_token_by_the_api_and_nobody_else_can(world: World) -> None:
    first, second = _exchange("alice", name="one"), _exchange("alice", name="two")
    assert isinstance(first, dict)
    assert isinstance(second, dict)
    other = _exchange("charlie")
    assert isinstance(other, dict)
    assert _bearer(other["token"]).delete(f"/api/v1/auth/tokens/{first['id']}").status_code == 404
    api = _bearer(second["token"])
    assert api.delete(f"/api/v1/auth/tokens/{first['id']}").status_code == 204
    assert _bearer(first["token"]).get("/api/v1/projects").status_code == 401
    assert api.get("/api/v1/projects").status_code == 200
    assert api.delete(f"/api/v1/auth/tokens/{second['id']}").status_code == 204
    assert api.get("/api/v1/projects").status_code == 401


def test_the_tokens_page_makes_one_shows_it_once_and_revokes(world: World) -> None:
    client = world.client_for(world.coach)
    page = client.post(
        reverse("accounts:tokens"), {"name": "Excel import", "days": 30}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    token = ApiToken.objects.get(user=world.coach)
    html = page.content.decode()
    key = html.split('<code class="token-key">', 1)[1].split("</code>", 1)[0]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    again = client.get(reverse("accounts:tokens"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Excel import" in again
    assert key not in again
    bad = client.post(reverse("accounts:tokens"), {"name": "x", "days": 0})
    assert bad.status_code == 422
    assert ApiToken.objects.count() == 1
    # Revoking someone else's token: 404, nothing changes.
    other = world.client_for(world.outsider)
    assert other.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    revoked = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert revoked.status_code == 302
    assert not ApiToken.objects.exists()


def test_a_password_change_revokes_every_token(world: World) -> None:
    body = _exchange("alice")
    assert isinstance(body, dict)
    _exchange("alice")
    client = world.client_for(world.coach)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase 43",
            "new_password2": "another long passphrase 43",
        },
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=world.coach).exists()
    assert _bearer(body["token"]).get("/api/v1/projects").status_code == 401


@pytest.mark.django_db
def test_the_command_line_lists_and_revokes(world: World) -> None:
    body = _exchange("alice", name="cron")
    assert isinstance(body, dict)
    out = StringIO()
    call_command("tokens", "alice", stdout=out)
    assert f"{body['id']}\tcron\t" in out.getvalue()
    with pytest.raises(CommandError, match="no token with the id 999"):
        call_command("tokens", "alice", "--revoke", "999")
    call_command("tokens", "alice", "--revoke", str(body["id"]), stdout=StringIO())
    assert not ApiToken.objects.exists()
    _exchange("alice")
    call_command("tokens", "alice", "--revoke-all", stdout=StringIO())
    assert not ApiToken.objects.exists()
