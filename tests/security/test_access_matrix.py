"""Every route of the access table, for every persona, against both teams' objects: each
request gets exactly the outcome its row promises. None of the refused requests changes the
database or shows the other team's data, and the allowed readers really get through (so the
table cannot pass by refusing everyone).

The figures (how many cross-team requests were tried) are printed; see them with `-rA`.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.access_rules import Kind, Outcome, Persona
from tests.security.personas import Clients
from tests.security.probes import (
    Probe,
    body_text,
    outcome,
    probes,
    send,
    send_mixed,
    user_of,
)
from tests.security.snapshot import changed, snapshot
from tests.security.teams import Team, Teams

MINIMUM_CROSS_TEAM = 200


def _readable_markers(teams: Teams, probe: Probe) -> set[str]:
    """The markers of the teams whose data the probe's account (or phone) may read."""
    user = user_of(teams, probe)
    target = probe.target or teams.ours
    if probe.persona == Persona.PARTICIPANT:
        return {target.marker}
    if probe.persona == Persona.OTHER_PARTICIPANT:
        return {teams.other(target).marker}
    readable: list[Team] = [
        team for team in teams.both() if user is not None and user in (team.coach, team.manager)
    ]
    return {team.marker for team in readable}


def _check(teams: Teams, clients: Clients, probe: Probe, failures: list[str]) -> None:
    response = send(clients, probe)
    got = outcome(response)
    text = body_text(response)
    if got != probe.expected:
        failures.append(f"{probe.describe()}: expected {probe.expected}, got {got}")
    readable = _readable_markers(teams, probe)
    leaked = [t.marker for t in teams.both() if t.marker in text and t.marker not in readable]
    if leaked:
        failures.append(f"{probe.describe()}: shows data of {leaked}")


def _count(tally: Counter[str], probe: Probe) -> None:
    if probe.expected == Outcome.OK:
        tally["allowed reads"] += 1
    elif probe.cross_team:
        kind = "api" if probe.row.kind == Kind.API else "htmx" if probe.htmx else "pages"
        tally[f"cross-team {kind}"] += 1
        tally["cross-team"] += 1
        tally["cross-team writes" if probe.row.writes(probe.method) else "cross-team reads"] += 1
    else:
        tally[f"refused {probe.persona}"] += 1


def test_access_matrix(teams: Teams, clients: Clients) -> None:
    """The database is compared after each route and method (all its personas and targets):
    several hundred full comparisons would cost more than the requests themselves."""
    failures: list[str] = []
    tally: Counter[str] = Counter()
    before = snapshot()
    for (key, method), group in groupby(probes(clients), lambda p: (p.row.key, p.method)):
        sent: list[Probe] = []
        for probe in group:
            if probe.expected == Outcome.OK and probe.row.writes(probe.method):
                continue  # an allowed write would change data; the services' own tests do those
            _check(teams, clients, probe, failures)
            _count(tally, probe)
            sent.append(probe)
        after = snapshot()
        if after != before:
            who = "; ".join(p.describe() for p in sent)
            failures.append(f"{method} {key} changed {changed(before, after)}, sent: {who}")
            before = after
    summary = ", ".join(f"{key}={n}" for key, n in sorted(tally.items()))
    print(f"\naccess matrix: {summary}")
    assert not failures, f"{len(failures)} problems ({summary}):\n" + "\n".join(failures[:60])
    assert tally["cross-team"] >= MINIMUM_CROSS_TEAM, summary
    assert tally["allowed reads"] > 0, summary


def test_ids_of_the_other_team_in_a_body_or_query_change_nothing(
    teams: Teams, clients: Clients
) -> None:
    """The coach writes to their own project but names the other team's members, factors or
    organisation in the body: refused (404, or 422 on the field), nothing written, nothing shown."""
    failures: list[str] = []
    tried = 0
    before = snapshot()
    for probe in probes(clients):
        op = probe.op
        if probe.persona != Persona.COACH or probe.target is not teams.ours or probe.htmx:
            continue
        built = [(b(teams.ours), b(teams.theirs)) for b in (op.data, op.query) if b is not None]
        if not any(ours != theirs for ours, theirs in built):
            continue  # the body names nothing of a team
        tried += 1
        response = send_mixed(clients, probe)
        got = outcome(response)
        if got not in (Outcome.NOT_FOUND, Outcome.REFUSED):
            failures.append(f"{probe.describe()} with their ids: got {got}")
        if teams.theirs.marker in body_text(response):
            failures.append(f"{probe.describe()} with their ids: shows their data")
        after = snapshot()
        if after != before:
            failures.append(f"{probe.describe()} with their ids: changed {changed(before, after)}")
            before = after
    print(f"\nrequests naming the other team's ids in the body or query: {tried}")
    assert not failures, "\n".join(failures)
    assert tried >= 10


def test_a_phones_cookie_opens_only_its_own_workshop(teams: Teams, clients: Clients) -> None:
    """Their phone's cookie, renamed for our workshop, opens nothing: the cookie is bound to
    the workshop it was made for."""
    if not clients.phones:
        pytest.skip("the workshops app is not installed")
    ours, theirs = teams.ours.workshop, teams.theirs.workshop
    phone = clients.phones[teams.theirs.name]
    [name] = [n for n in phone.cookies if n not in ("csrftoken", "sessionid", "messages")]
    forged = name.replace(str(theirs.pk), str(ours.pk))
    assert forged != name, f"the cookie name {name!r} does not name its workshop"
    before = snapshot()
    value = phone.cookies[name].value
    genuine = Client()
    genuine.cookies[name] = value  # the control: the same cookie opens its own workshop
    assert genuine.get(reverse("workshops:phone", args=[theirs.pk])).status_code == 200
    for cookies in ({forged: value}, {name: value, forged: value}):
        client = Client()
        for key, text in cookies.items():
            client.cookies[key] = text
        assert client.get(reverse("workshops:phone", args=[ours.pk])).status_code == 404
        data = {"factor": teams.ours.factor.pk, "submission": "forged"}
        response = client.post(reverse("workshops:vote_add", args=[ours.pk]), data)
        assert response.status_code == 404
    assert snapshot() == before
