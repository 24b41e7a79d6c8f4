"""No GET changes state: every GET route of the table, as the coach, the manager and a phone that
joined the team's workshop (and the public ones without login), on valid objects, pages and htmx
partials and the API, leaves every row of the database as it was. Routes without GET answer a GET
with 405, also unchanged.

What the comparison leaves out is listed, with the reason, in `snapshot.py` (sessions,
`last_login`, a token's `last_used_at`). The default catalogue is loaded before the walk (see
`teams.build_teams`): it is read from its file on first use.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from powertriangle.accounts.models import ApiToken
from powertriangle.cycles.models import Factor
from tests.security.access_rules import Kind, Persona, Row
from tests.security.access_table import TABLE
from tests.security.personas import Clients
from tests.security.probes import body_text, outcome, request_form, request_json, url_of
from tests.security.routes import API_METHODS
from tests.security.snapshot import changed, snapshot
from tests.security.teams import Team, Teams

ACCOUNTS = (Persona.COACH, Persona.MANAGER)


def _url(row: Row, team: Team) -> str:
    return url_of(row, team if row.params else None)


def _get(
    clients: Clients, row: Row, who: Persona | None, team: Team, htmx: bool
) -> tuple[str, str]:
    """GET the row as `who` (None: without login); the outcome and the body."""
    user = {Persona.COACH: team.coach, Persona.MANAGER: team.manager}.get(who) if who else None
    op = row.ops.get("GET")
    query = op.query(team) if op is not None and op.query else {}
    headers = {"HX-Request": "true"} if htmx else {}
    if " /" in row.key:  # the API: bearer token, no session
        if user is not None:
            headers["Authorization"] = f"Bearer {clients.token(user)}"
        response = request_json(Client(), "GET", _url(row, team), None, query, headers)
    elif who == Persona.PARTICIPANT:
        phone = clients.participant(team, who)
        assert phone is not None
        response = request_form(phone, "GET", _url(row, team), None, query, headers)
    else:
        response = request_form(clients.session(user), "GET", _url(row, team), None, query, headers)
    got = outcome(response)
    body_text(response)
    return got, f"HTTP {response.status_code}"


def test_no_get_changes_the_database(teams: Teams, clients: Clients) -> None:
    failures: list[str] = []
    tried = 0
    before = snapshot()
    for row in TABLE.values():
        if "GET" not in row.methods:
            continue
        people: tuple[Persona | None, ...] = (
            (None, Persona.COACH) if row.kind == Kind.PUBLIC else ACCOUNTS
        )
        if clients.phones and row.kind != Kind.PUBLIC:
            people += (Persona.PARTICIPANT,)  # the phone of the team's workshop
        for team in teams.both():
            for who in people:
                for htmx in (False, True) if row.kind in (Kind.PAGE, Kind.PUBLIC) else (False,):
                    tried += 1
                    got, status = _get(clients, row, who, team, htmx)
                    label = f"GET {row.key} as {who or 'anonymous'} against {team.name}"
                    expected = row.ops["GET"].policy[who or Persona.ANONYMOUS] if row.ops else None
                    if expected is not None and got != expected:
                        failures.append(f"{label}: unexpected {got}")
                    if row.kind == Kind.PUBLIC and status.startswith("HTTP 5"):
                        failures.append(f"{label}: {status}")
        # Compared once per route (every persona, team and htmx or not): enough to name the
        # route, and a full comparison per request would double the time of this walk.
        after = snapshot()
        if after != before:
            failures.append(f"GET {row.key} changed {changed(before, after)}")
            before = after
    print(f"\nGET requests compared before and after: {tried}")
    assert not failures, "\n".join(failures)


def test_a_get_to_a_route_without_get_is_405_and_changes_nothing(
    teams: Teams, clients: Clients
) -> None:
    """The table's methods are the route's methods: a GET where only writes are accepted is
    refused as a method, not served."""
    failures: list[str] = []
    before = snapshot()
    api_get_paths = {key.split(" ", 1)[1] for key in TABLE if key.startswith("GET /")}
    for row in TABLE.values():
        if "GET" in row.methods:
            continue
        team = teams.ours
        if " /" in row.key:
            path_template = row.key.split(" ", 1)[1]
            if path_template in api_get_paths:
                continue  # the same path answers GET as another operation
            headers = {"Authorization": f"Bearer {clients.token(team.coach)}"}
            response = request_json(Client(), "GET", _url(row, team), None, {}, headers)
        else:
            response = request_form(
                clients.session(team.coach), "GET", _url(row, team), None, {}, {}
            )
        if response.status_code != 405:
            failures.append(f"GET {row.key}: HTTP {response.status_code}")
    after = snapshot()
    assert not failures, "\n".join(failures)
    assert after == before, changed(before, after)
    assert set(API_METHODS) >= {m.lower() for row in TABLE.values() for m in row.methods}


def test_the_snapshot_sees_a_changed_value_and_ignores_only_what_it_says(teams: Teams) -> None:
    """The control for every comparison in this folder."""
    before = snapshot()
    Factor.objects.filter(pk=teams.ours.factor.pk).update(hidden=True)
    n = Factor.objects.count()
    assert changed(before, snapshot()) == [f"cycles.factor ({n} → {n} rows)"]
    before = snapshot()
    User.objects.filter(pk=teams.ours.coach.pk).update(last_login=timezone.now())
    ApiToken.objects.update(last_used_at=timezone.now())
    assert snapshot() == before
    User.objects.filter(pk=teams.ours.coach.pk).update(first_name="Alice")
    assert changed(before, snapshot()) == ["auth.user (4 → 4 rows)"]
