"""Turning the access table into requests, sending them, and naming what came back."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlparse

from django.contrib.auth.models import User
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from tests.security.access_rules import Kind, Op, Outcome, Persona, Row
from tests.security.access_table import TABLE
from tests.security.personas import PARTICIPANTS, Clients, user_for
from tests.security.teams import Team, Teams
from tests.streams import close_unread

CROSS_TEAM = (Persona.OTHER_COACH, Persona.OTHER_MANAGER, Persona.OTHER_PARTICIPANT)
_TEMPLATE_PARAM = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class Probe:
    row: Row
    method: str
    op: Op
    persona: Persona
    target: Team | None  # None: the request names nothing of a team (`Op.mine`)
    htmx: bool
    expected: Outcome

    @property
    def cross_team(self) -> bool:
        return self.target is not None and self.persona in CROSS_TEAM

    def describe(self) -> str:
        about = f"against {self.target.name}" if self.target else "(own account)"
        hx = " (htmx)" if self.htmx else ""
        return f"{self.method} {self.row.key}{hx} as {self.persona} {about}"


def url_of(row: Row, team: Team | None) -> str:
    """The row's URL with each path parameter filled from `team` (our team for `mine`)."""
    if " /" in row.key:  # an API operation: "METHOD /path/{param}"
        path = row.key.split(" ", 1)[1]
        if team is None:
            assert not row.params, row.key
            return path
        return _TEMPLATE_PARAM.sub(lambda m: team.value(row.params[m.group(1)]), path)
    if team is None:
        assert not row.params, row.key
        return reverse(row.key)
    return reverse(row.key, kwargs={name: team.value(slot) for name, slot in row.params.items()})


def probes(clients: Clients) -> Iterator[Probe]:
    """Every row × method × persona × target team (× htmx for pages), with its expectation."""
    teams = clients.teams
    for row in TABLE.values():
        if row.kind == Kind.PUBLIC:
            continue
        for method, op in row.ops.items():
            targets: list[Team | None] = [None] if op.mine else [teams.ours, teams.theirs]
            for target in targets:
                for persona in Persona:
                    if persona in PARTICIPANTS and (
                        clients.participant(target or teams.ours, persona) is None
                    ):
                        continue
                    expected = op.policy[persona]
                    # The login redirect comes before any view, htmx or not: one request will do.
                    both = row.kind == Kind.PAGE and expected != Outcome.LOGIN
                    for htmx in (False, True) if both else (False,):
                        yield Probe(row, method, op, persona, target, htmx, expected)


def user_of(teams: Teams, probe: Probe) -> User | None:
    return user_for(teams, probe.target or teams.ours, probe.persona)


def send(clients: Clients, probe: Probe, *, body_from: Team | None = None) -> HttpResponseBase:
    """Send the probe's request; the body and query name `body_from`'s objects (by default
    the target's, like the path)."""
    teams = clients.teams
    target = probe.target or teams.ours
    url = url_of(probe.row, probe.target)
    source = body_from or target
    data = probe.op.data(source) if probe.op.data else None
    query = probe.op.query(source) if probe.op.query else {}
    user = user_of(teams, probe)
    client: Client
    if probe.persona in PARTICIPANTS:
        joined = clients.participant(target, probe.persona)
        assert joined is not None
        client = joined
    elif probe.row.kind == Kind.API:
        client = clients.session(None)  # the API never looks at the session
    else:
        client = clients.session(user)
    headers: dict[str, str] = {}
    if probe.htmx:
        headers["HX-Request"] = "true"
    if probe.row.kind == Kind.API:
        if user is not None:
            headers["Authorization"] = f"Bearer {clients.token(user)}"
        return request_json(client, probe.method, url, data, query, headers)
    return request_form(client, probe.method, url, data, query, headers)


def send_mixed(clients: Clients, probe: Probe) -> HttpResponseBase:
    """The probe's path, with the body and query naming the *other* team's objects."""
    target = probe.target or clients.teams.ours
    return send(clients, probe, body_from=clients.teams.other(target))


def request_form(
    client: Client,
    method: str,
    url: str,
    data: dict[str, Any] | None,
    query: dict[str, Any],
    headers: dict[str, str],
) -> HttpResponseBase:
    if method == "GET":
        return client.get(url, query, headers=headers)
    assert method == "POST", f"pages take GET and POST, not {method}"
    if query:
        url = f"{url}?{urlencode(query)}"
    return client.post(url, data or {}, headers=headers)


def request_json(
    client: Client,
    method: str,
    url: str,
    data: dict[str, Any] | None,
    query: dict[str, Any],
    headers: dict[str, str],
) -> HttpResponseBase:
    if query:
        url = f"{url}?{urlencode(query)}"
    body = json.dumps(data, default=str) if data is not None else ""
    return client.generic(method, url, body, content_type="application/json", headers=headers)


def outcome(response: HttpResponseBase) -> str:
    """What the response means in the table's words (`HTTP 500` and the like otherwise)."""
    status = response.status_code
    if status == 302 and urlparse(response["Location"]).path == reverse("accounts:login"):
        return Outcome.LOGIN
    named = {404: Outcome.NOT_FOUND, 401: Outcome.UNAUTHORISED, 422: Outcome.REFUSED}
    if status in named:
        return named[status]
    if 200 <= status < 400:
        return Outcome.OK
    return f"HTTP {status}"


def body_text(response: HttpResponseBase) -> str:
    """The body, or "" for a stream (closed unread: it would never end)."""
    if isinstance(response, HttpResponse):
        return response.content.decode("utf-8", "replace")
    assert isinstance(response, StreamingHttpResponse), type(response)
    close_unread(response)
    return ""
