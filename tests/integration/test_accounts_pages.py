"""Logging in and out and changing the password, through the real pages."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, World


def test_it_shows_the_login_page_with_what_the_tool_is_for(world: World) -> None:
    response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "what is best for Esther?" in body
    assert "No health records" in body
    assert 'name="username"' in body
    assert 'for="id_username"' in body


def test_it_logs_in_and_goes_to_the_projects(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "alice", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("projects:list")
    assert int(client.session[SESSION_KEY]) == world.coach.pk
    assert "Safe return home" in response.content.decode()


def test_it_refuses_a_wrong_password_with_a_message(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": "alice", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert "data-error-summary" in html
    # A login saves nothing: its message does not speak of saving.
    assert "You are not logged in:" in html
    assert "nothing has been saved" not in html


def test_it_follows_next_only_to_this_site(world: World) -> None:
    client = Client()
    url = reverse("projects:detail", args=[world.project.pk])
    login = reverse("accounts:login")
    response = client.post(f"{login}?next={url}", {"username": "alice", "password": PASSWORD})
    assert response["Location"] == url
    client = Client()
    response = client.post(
        f"{login}?next=https://evil.example/", {"username": "alice", "password": PASSWORD}
    )
    assert response["Location"] == reverse("projects:list")


def test_it_logs_out_only_by_post(world: World) -> None:
    client = world.client_for(world.coach)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_it_changes_the_password(world: World) -> None:
    client = world.client_for(world.coach)
    url = reverse("accounts:password_change")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'for="id_old_password"' in page.content.decode()
    new = "another long passphrase 77"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    world.coach.refresh_from_db()
    assert world.coach.check_password(new)
    assert client.get(reverse("accounts:password_change_done")).status_code == 200


def test_it_keeps_the_password_when_the_old_one_is_wrong(world: World) -> None:
    client = world.client_for(world.coach)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "x" * 20, "new_password2": "x" * 20},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    world.coach.refresh_from_db()
    assert world.coach.check_password(PASSWORD)


def test_it_asks_anonymous_visitors_to_log_in_before_changing_a_password(world: World) -> None:
    response = Client().get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
