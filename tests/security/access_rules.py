"""The words of the access table: personas, outcomes, policies (the expected outcome for each
persona) and the row builders. The rows themselves are in `access_table.py`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tests.security.teams import Team


class Persona(StrEnum):
    COACH = "coach"
    OTHER_COACH = "other_coach"
    MANAGER = "manager"
    OTHER_MANAGER = "other_manager"
    PARTICIPANT = "participant"
    OTHER_PARTICIPANT = "other_participant"
    ANONYMOUS = "anonymous"


class Outcome(StrEnum):
    OK = "ok"  # 2xx, or 3xx anywhere but the login page
    NOT_FOUND = "404"  # never 403: we do not confirm that something exists
    LOGIN = "login"  # 302 to the login page (pages, for ANONYMOUS)
    UNAUTHORISED = "401"  # the API without a valid bearer token
    REFUSED = "422"  # the form names an organisation the persona may not use


class Kind(StrEnum):
    PAGE = "page"  # a page or htmx partial, session login
    STREAM = "stream"  # server-sent events, session login
    API = "api"  # JSON, bearer token
    PUBLIC = "public"  # for everyone; `reason` says why


Policy = Mapping[Persona, Outcome]
Body = Callable[[Team], dict[str, Any]]

OK, NOT_FOUND, LOGIN, UNAUTHORISED, REFUSED = (
    Outcome.OK,
    Outcome.NOT_FOUND,
    Outcome.LOGIN,
    Outcome.UNAUTHORISED,
    Outcome.REFUSED,
)


def policy(
    *,
    coach: Outcome,
    other_coach: Outcome,
    manager: Outcome,
    other_manager: Outcome,
    anonymous: Outcome,
    participant: Outcome | None = None,
    other_participant: Outcome | None = None,
) -> Policy:
    """The expected outcome for each persona. Participants default to ANONYMOUS's outcome."""
    return {
        Persona.COACH: coach,
        Persona.OTHER_COACH: other_coach,
        Persona.MANAGER: manager,
        Persona.OTHER_MANAGER: other_manager,
        Persona.PARTICIPANT: participant or anonymous,
        Persona.OTHER_PARTICIPANT: other_participant or anonymous,
        Persona.ANONYMOUS: anonymous,
    }


# Pages and htmx partials (session login; anonymous visitors are sent to the login page).
PAGE_READ = policy(
    coach=OK, other_coach=NOT_FOUND, manager=OK, other_manager=NOT_FOUND, anonymous=LOGIN
)
PAGE_WRITE = policy(
    coach=OK, other_coach=NOT_FOUND, manager=NOT_FOUND, other_manager=NOT_FOUND, anonymous=LOGIN
)
SIGNED_IN = policy(coach=OK, other_coach=OK, manager=OK, other_manager=OK, anonymous=LOGIN)
# Only coaches create projects; managers have no organisation to create one in.
COACHES_ONLY = policy(
    coach=OK, other_coach=OK, manager=NOT_FOUND, other_manager=NOT_FOUND, anonymous=LOGIN
)
# The organisation is a choice in the form: another one is not among the choices.
PAGE_CREATE_IN_ORG = policy(
    coach=OK, other_coach=REFUSED, manager=NOT_FOUND, other_manager=NOT_FOUND, anonymous=LOGIN
)
# The live stream answers 404 to anyone who may not read the cycle, logged in or not.
STREAM_READ = policy(
    coach=OK, other_coach=NOT_FOUND, manager=OK, other_manager=NOT_FOUND, anonymous=NOT_FOUND
)
# The big screen's stream: only those who may run the workshop; 404 for everyone else.
STREAM_WRITE = policy(
    coach=OK, other_coach=NOT_FOUND, manager=NOT_FOUND, other_manager=NOT_FOUND, anonymous=NOT_FOUND
)
# A workshop's phone pages: only a phone that joined this workshop; everyone else (accounts
# included: a coach is not a participant) gets the same 404 "join first" page.
PHONE = policy(
    coach=NOT_FOUND,
    other_coach=NOT_FOUND,
    manager=NOT_FOUND,
    other_manager=NOT_FOUND,
    anonymous=NOT_FOUND,
    participant=OK,
    other_participant=NOT_FOUND,
)
# The JSON API (bearer tokens; no token is 401).
API_READ = policy(
    coach=OK, other_coach=NOT_FOUND, manager=OK, other_manager=NOT_FOUND, anonymous=UNAUTHORISED
)
API_WRITE = policy(
    coach=OK,
    other_coach=NOT_FOUND,
    manager=NOT_FOUND,
    other_manager=NOT_FOUND,
    anonymous=UNAUTHORISED,
)
API_SIGNED_IN = policy(
    coach=OK, other_coach=OK, manager=OK, other_manager=OK, anonymous=UNAUTHORISED
)


@dataclass(frozen=True)
class Op:
    policy: Policy
    data: Body | None = None  # a valid body, built from the target team's objects
    query: Body | None = None
    mine: bool = False  # the request names nothing of a team (lists, one's own account)


@dataclass(frozen=True)
class Row:
    key: str  # URL pattern name, or "METHOD /api/v1/path/{param}"
    kind: Kind
    params: Mapping[str, str] = field(default_factory=dict)  # path parameter → team slot
    ops: Mapping[str, Op] = field(default_factory=dict)  # HTTP method → expectation
    reason: str = ""  # why a public route is public
    public_methods: tuple[str, ...] = ()
    public_data: Body | None = None  # a valid body for a public route's writes

    @property
    def methods(self) -> tuple[str, ...]:
        return self.public_methods if self.kind == Kind.PUBLIC else tuple(self.ops)

    @staticmethod
    def writes(method: str) -> bool:
        return method not in ("GET", "HEAD", "OPTIONS")


def page(
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    kind: Kind = Kind.PAGE,
    **ops: Op,
) -> Row:
    return Row(name, kind, params or {}, ops)


def api(key: str, params: Mapping[str, str] | None = None, **op: Any) -> Row:
    method = key.split(" ", 1)[0]
    return Row(key, Kind.API, params or {}, {method: Op(**op)})


def public(
    key: str,
    *methods: str,
    reason: str,
    params: Mapping[str, str] | None = None,
    data: Body | None = None,
) -> Row:
    assert reason, "say why the route is public"
    return Row(
        key, Kind.PUBLIC, params or {}, reason=reason, public_methods=methods, public_data=data
    )
