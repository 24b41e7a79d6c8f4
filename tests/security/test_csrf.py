"""CSRF: every state-changing page and partial refuses a request without the token (403) and
writes nothing, whether it comes from the coach, a visitor (public forms) or a workshop's phone;
with the token the same request goes through (so the 403 is about the token). The API
authenticates by bearer token only: a browser's session cookie never acts on it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.security.access_rules import Kind, Outcome, Persona, Row
from tests.security.access_table import TABLE
from tests.security.access_table_api import API
from tests.security.personas import join
from tests.security.probes import outcome, request_form, request_json, url_of
from tests.security.snapshot import changed, snapshot
from tests.security.teams import Team, Teams, session_client


def _page_writes() -> list[tuple[Row, str]]:
    return [
        (row, method)
        for row in TABLE.values()
        if row.kind != Kind.API and " /" not in row.key
        for method in row.methods
        if Row.writes(method)
    ]


def _body(row: Row, method: str, team: Team) -> dict[str, object]:
    build = row.public_data if row.kind == Kind.PUBLIC else row.ops[method].data
    return build(team) if build is not None else {}


def _may(row: Row, method: str, who: str) -> bool:
    """Whether `who` ("anonymous" or "participant") could write here at all."""
    if row.kind == Kind.PUBLIC:
        return who == "anonymous"
    return row.ops[method].policy[Persona(who)] == Outcome.OK


def test_every_state_changing_page_refuses_a_request_without_the_csrf_token(
    teams: Teams,
) -> None:
    client = session_client(teams.ours.coach, enforce_csrf_checks=True)
    anonymous = Client(enforce_csrf_checks=True)
    phone = join(teams.ours, enforce_csrf_checks=True) if teams.ours.workshop else None
    failures: list[str] = []
    tried = 0
    before = snapshot()
    for row, method in _page_writes():
        url = url_of(row, None if not row.params else teams.ours)
        data = _body(row, method, teams.ours)
        for who, sender in (("coach", client), ("anonymous", anonymous), ("participant", phone)):
            if sender is None:
                continue
            if who != "coach" and not _may(row, method, who):
                continue  # refused before any write anyway (login page or 404)
            for headers in ({}, {"HX-Request": "true"}):
                tried += 1
                response = request_form(sender, method, url, data, {}, headers)
                if response.status_code != 403:
                    failures.append(f"{method} {row.key} {headers} as {who}: {outcome(response)}")
                after = snapshot()
                if after != before:
                    failures.append(f"{method} {row.key} as {who}: {changed(before, after)}")
                    before = after
    print(f"\nstate-changing requests without a CSRF token: {tried}")
    assert not failures, "\n".join(failures)
    assert tried >= 30


def test_the_same_write_goes_through_with_the_token(teams: Teams) -> None:
    """The control: the refusal above is the missing token, not something else."""
    client = session_client(teams.ours.coach, enforce_csrf_checks=True)
    client.get(reverse("projects:detail", args=[teams.ours.project.pk]))
    token = client.cookies["csrftoken"].value
    row = TABLE["projects:member_add"]
    data = {**_body(row, "POST", teams.ours), "csrfmiddlewaretoken": token}
    before = snapshot()
    response = request_form(client, "POST", url_of(row, teams.ours), data, {}, {})
    assert response.status_code == 302
    assert changed(before, snapshot()) == ["projects.member (6 → 7 rows)"]


def test_the_api_never_acts_on_a_session_cookie(teams: Teams) -> None:
    """Logged in with a session (and even with a CSRF token), but no bearer token: 401 on every
    operation, and nothing is written."""
    client = session_client(teams.ours.coach, enforce_csrf_checks=True)
    client.get(reverse("projects:list"))
    headers = {"X-CSRFToken": client.cookies["csrftoken"].value}
    failures: list[str] = []
    before = snapshot()
    for row in API:
        if row.kind == Kind.PUBLIC:
            continue
        method, op = next(iter(row.ops.items()))
        data = op.data(teams.ours) if op.data else None
        query = op.query(teams.ours) if op.query else {}
        url = url_of(row, teams.ours if row.params else None)
        for sent in ({}, headers):
            response = request_json(client, method, url, data, query, sent)
            if response.status_code != 401:
                failures.append(f"{row.key} {sent}: {outcome(response)}")
    after = snapshot()
    assert not failures, "\n".join(failures)
    assert after == before, changed(before, after)
