"""The people behind the personas, and a test client for each.

Personas are relative to the team a request is about: for our team's objects COACH is Alice and
OTHER_COACH is Charlie; for theirs it is the other way round. So every request by OTHER_COACH,
OTHER_MANAGER or OTHER_PARTICIPANT crosses from one team to the other.

Participants have no account: they join a team's workshop through the real join form (the QR
link's token and a member of the project) and hold that workshop's cookie. PARTICIPANT has
joined the target team's workshop, OTHER_PARTICIPANT the other team's. Without the workshops app
there are no participants, and those personas are left out (they would only repeat ANONYMOUS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.security.access_rules import Persona
from tests.security.teams import WORKSHOPS_APP, Team, Teams, bearer, session_client

PARTICIPANTS = (Persona.PARTICIPANT, Persona.OTHER_PARTICIPANT)


def user_for(teams: Teams, target: Team, persona: Persona) -> User | None:
    """The account that plays `persona` towards `target`'s objects (None: no account)."""
    other = teams.other(target)
    return {
        Persona.COACH: target.coach,
        Persona.OTHER_COACH: other.coach,
        Persona.MANAGER: target.manager,
        Persona.OTHER_MANAGER: other.manager,
    }.get(persona)


def join(team: Team, *, enforce_csrf_checks: bool = False) -> Client:
    """A phone that has joined `team`'s workshop as the team's member, by the join form."""
    workshop = team.workshop
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if enforce_csrf_checks:
        client.get(reverse("workshops:join_token", args=[workshop.join_token]))
        token = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    else:
        token = {}
    response = client.post(
        reverse("workshops:join_submit", args=[workshop.pk]),
        {"token": workshop.join_token, "member": team.member.pk, **token},
    )
    assert response.status_code in (302, 303), f"joining answered {response.status_code}"
    assert any(name.startswith("ptw") for name in client.cookies), "no workshop cookie"
    return client


@dataclass
class Clients:
    """One session client and one API token per account, and one joined phone per team, made
    once per test and before the first snapshot: logging in, issuing a token and joining are
    writes, but not the requests under test."""

    teams: Teams
    sessions: dict[int | None, Client] = field(default_factory=dict)
    tokens: dict[int, str] = field(default_factory=dict)
    phones: dict[str, Client] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for team in self.teams.both():
            for user in (team.coach, team.manager):
                self.session(user)
                self.token(user)
            if apps.is_installed(WORKSHOPS_APP):
                self.phones[team.name] = join(team)
        self.session(None)

    def session(self, user: User | None) -> Client:
        key = user.pk if user is not None else None
        if key not in self.sessions:
            self.sessions[key] = session_client(user)
        return self.sessions[key]

    def token(self, user: User) -> str:
        if user.pk not in self.tokens:
            self.tokens[user.pk] = bearer(user)
        return self.tokens[user.pk]

    def participant(self, target: Team, persona: Persona) -> Client | None:
        """The phone playing PARTICIPANT or OTHER_PARTICIPANT towards `target` (None: there
        are no workshops)."""
        if not self.phones:
            return None
        joined = target if persona == Persona.PARTICIPANT else self.teams.other(target)
        return self.phones[joined.name]
