"""Deleting one's own account (and an administrator deleting one): nothing naming the account
stays, its sessions end everywhere, its tokens stop working; the projects keep their members."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from powertriangle.accounts.tokens import token_issue
from powertriangle.projects.models import Member
from tests.conftest import PASSWORD, World
from tests.rights.scene import NAME, USERNAME, person_with_a_trace, rows_naming


def _logged_in(username: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_the_account_goes_with_its_sessions_and_tokens(world: World) -> None:
    person = person_with_a_trace(world)
    person.user.set_password(PASSWORD)
    person.user.save()
    key = token_issue(username=USERNAME, password=PASSWORD)
    assert key is not None
    here, elsewhere = _logged_in(USERNAME), _logged_in(USERNAME)
    page = here.get(reverse("accounts:delete"))
    assert page.status_code == 200
    assert world.project.title in page.content.decode()  # her name stays there: said before
    wrong = here.post(reverse("accounts:delete"), {"password": "not it"})
    assert wrong.status_code == 422
    assert "That is not your password." in wrong.content.decode()
    assert User.objects.filter(username=USERNAME).exists()
    done = here.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:login")
    assert not User.objects.filter(username=USERNAME).exists()
    assert rows_naming(USERNAME, "z@canary.test", "Her script") == []
    assert elsewhere.get(reverse("projects:list")).status_code == 302  # logged out there too
    api = Client().get("/api/v1/projects", headers={"authorization": f"Bearer {key}"})
    assert api.status_code == 401
    member = Member.objects.get(pk=person.member.pk)
    assert member.display_name == NAME
    assert member.user_id is None


@pytest.mark.django_db
def test_the_only_coach_is_told_before(world: World) -> None:
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "You are the only improvement coach of" in page
    assert world.unit.name in page


@pytest.mark.django_db
def test_an_administrator_deletes_an_account_from_the_command_line(world: World) -> None:
    person_with_a_trace(world)
    with pytest.raises(Exception, match="Add --yes"):
        call_command("deleteuser", USERNAME)
    assert User.objects.filter(username=USERNAME).exists()
    call_command("deleteuser", USERNAME, yes=True)
    assert rows_naming(USERNAME) == []
