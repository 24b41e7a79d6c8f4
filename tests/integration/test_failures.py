"""When something goes wrong on our side: a page (or JSON) in the user's language, a way back,
never a traceback; a full disk says nothing was saved, and nothing was."""

from __future__ import annotations

import errno
from collections.abc import Iterator

import psycopg
import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse

from powertriangle.accounts.tokens import token_issue
from powertriangle.core.failures import is_storage_full
from powertriangle.cycles.models import Factor
from tests.conftest import PASSWORD, World

# Posts until the database must grow: earlier tests leave free pages that are used up first.
FILL = 3_000
FULL_SV = "Servern kan inte spara just nu, inget av det du skrev har sparats."


def test_it_tells_a_full_disk_from_other_failures() -> None:
    assert is_storage_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_storage_full(DatabaseError("database or disk is full"))
    wrapped = DatabaseError("could not extend file")
    wrapped.__cause__ = psycopg.errors.DiskFull("could not extend file")
    assert is_storage_full(wrapped)
    assert not is_storage_full(DatabaseError("deadlock detected"))
    assert not is_storage_full(ValueError("disk is full"))


@pytest.fixture
def full_disk() -> Iterator[None]:
    """The SQLite database may not grow by a single page: every write fails as on a full disk."""
    if connection.vendor != "sqlite":
        pytest.skip("a full disk is simulated with SQLite's max_page_count")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA max_page_count = 1073741823")


def _big_factor(world: World) -> dict[str, str]:
    return {
        "dimension": "resources",
        "polarity": "barrier",
        "text": "x" * 400,
        "author": str(world.nurse.pk),
    }


# Transactional: on SQLITE_FULL SQLite may roll back the whole transaction, not only the
# statement, which would break a test's own enclosing transaction (as a request has none).
@pytest.mark.django_db(transaction=True)
def test_a_full_disk_is_a_clear_503_and_nothing_is_saved(world: World, full_disk: None) -> None:
    page = world.client_for(world.coach)
    before = Factor.objects.count()
    for n in range(FILL):  # enough rows to use up the free pages and need a new one
        body = _big_factor(world) | {"text": f"{n} " + "x" * 400}
        response = page.post(
            reverse("cycles:factor_create", args=[world.cycle.pk]), body, HTTP_ACCEPT_LANGUAGE="sv"
        )
        if response.status_code == 503:
            break
    assert response.status_code == 503
    html = response.content.decode()
    assert FULL_SV in html
    assert "Traceback" not in html
    assert Factor.objects.count() == before + n  # the refused one is not there


# Transactional: on SQLITE_FULL SQLite may roll back the whole transaction, not only the
# statement, which would break a test's own enclosing transaction (as a request has none).
@pytest.mark.django_db(transaction=True)
def test_the_api_answers_a_full_disk_in_json(world: World) -> None:
    key = token_issue(username="alice", password=PASSWORD)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            pytest.skip("a full disk is simulated with SQLite's max_page_count")
        cursor.execute("PRAGMA page_count")
        cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")
    try:
        for n in range(FILL):
            response = api.post(
                f"/api/v1/cycles/{world.cycle.pk}/factors",
                {
                    "dimension": "resources",
                    "polarity": "barrier",
                    "text": f"{n} " + "y" * 400,
                    "author_id": world.nurse.pk,
                },
                content_type="application/json",
            )
            if response.status_code == 503:
                break
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA max_page_count = 1073741823")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "The server cannot save right now. Nothing of what you wrote has been saved."
    }


@pytest.mark.parametrize(("language", "words"), [("sv", "Hittades inte"), ("en", "Not found")])
def test_a_missing_page_is_ours_in_the_user_s_language(
    world: World, language: str, words: str
) -> None:
    response = world.client_for(world.coach).get("/no/such/page", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    html = response.content.decode()
    assert f"<h1>{words}</h1>" in html
    assert 'href="/"' in html
    assert f'lang="{language}"' in html


def test_a_wrong_method_gets_a_page_not_an_empty_answer(world: World) -> None:
    response = world.client_for(world.coach).get(
        reverse("cycles:factor_create", args=[world.cycle.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 405
    assert "Not possible like this" in response.content.decode()
    assert response["Allow"] == "POST"
