"""The access table: who may reach every route, written once and checked by walking the routes.

One row per URL pattern name (`projects:detail`) and per API operation (`PATCH
/api/v1/actions/{action_id}`, as the OpenAPI document names it): the pages here, the API's rows
in `access_table_api.py`, the live workshops' in `access_table_workshops.py`, all in `TABLE`
below. The personas, outcomes and policies are in `access_rules.py`. A row says which object of a
team fills each path parameter, which methods the route accepts, and for each method the
expected outcome per persona. `test_access_table.py` fails when a route that the URL resolver
or the OpenAPI document knows is missing here, or when a row names a route that no longer
exists; `test_access_matrix.py` then sends the requests and holds every route to its row.

Personas are relative to the team whose objects the request names: COACH is a coach of that
project's organisation; OTHER_COACH a coach of another organisation; MANAGER a manager whose
subtree holds the project; OTHER_MANAGER a manager of another subtree; PARTICIPANT and
OTHER_PARTICIPANT a phone that joined this team's workshop or the other team's (no account: a
workshop cookie only, so on every staff route they get what ANONYMOUS gets; on the phone pages
`/w/...` only PARTICIPANT gets through); ANONYMOUS is not logged in. A method whose request
names nothing of a team (a list, one's own account) is `mine=True`: there each persona is simply
who they are.

Adding a route: add a row with `page(...)`, `api(...)` or `public(...)`. Give writes a *valid*
body (`data=`), so that a missing access check would show up as a change in the database and not
hide behind a validation error. Path parameters name a slot of `tests.security.teams.Team`
(`project`, `member`, `cycle`, `closed_cycle`, `factor`, `link`, `action`, `review`,
`workshop`, ...), follow one (`factor.cycle`, `workshop.join_token`) or are fixed (`"=board"`).

Static files are served by WhiteNoise's middleware, not by a URL pattern, and are public by
nature; they are not in this table.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD
from tests.security.access_rules import (
    COACHES_ONLY,
    PAGE_CREATE_IN_ORG,
    PAGE_READ,
    PAGE_WRITE,
    SIGNED_IN,
    STREAM_READ,
    Kind,
    Op,
    Row,
    page,
    public,
)
from tests.security.access_table_api import API
from tests.security.access_table_workshops import WORKSHOPS
from tests.security.teams import Team


# Valid bodies: what a coach of the target team could send to change something.
def _project_fields(t: Team) -> dict[str, Any]:
    return {
        "title": "Changed",
        "esther_question": "What is best for Esther now?",
        "description": "",
        "version": t.project.version,
    }


def _speaker(t: Team) -> dict[str, Any]:
    return {"author": t.member.pk}


PROJECT = {"pk": "project"}
CYCLE = {"pk": "cycle"}

PAGES: list[Row] = [
    public("core:home", "GET", reason="sends visitors to the login page, people to their projects"),
    public("ops:healthz", "GET", reason="for load balancers; says only whether the DB answers"),
    public(
        "core:set_language",
        "POST",
        reason="the language can be chosen before logging in",
        data=lambda t: {"language": "sv", "next": "/"},
    ),
    public(
        "accounts:login",
        "GET",
        "POST",
        reason="the way in",
        data=lambda t: {"username": t.coach.username, "password": PASSWORD},
    ),
    public(
        "accounts:logout", "POST", reason="ends the caller's own session only", data=lambda t: {}
    ),
    public("api:openapi-json", "GET", reason="the API's description, no data"),
    public("api:api-root", "GET", reason="the API root: always 404 (no docs page)"),
    page("accounts:password_change", GET=Op(SIGNED_IN, mine=True), POST=Op(SIGNED_IN, mine=True)),
    page("accounts:password_change_done", GET=Op(SIGNED_IN, mine=True)),
    page(
        "accounts:tokens",
        GET=Op(SIGNED_IN, mine=True),
        POST=Op(SIGNED_IN, mine=True, data=lambda t: {"name": "A script", "days": 30}),
    ),
    # Only the token's owner: the team's coach (PAGE_WRITE's outcomes, for another reason).
    page("accounts:token_revoke", {"pk": "token"}, POST=Op(PAGE_WRITE, data=lambda t: {})),
    page(
        "accounts:delete",
        GET=Op(SIGNED_IN, mine=True),
        POST=Op(SIGNED_IN, mine=True, data=lambda t: {"password": PASSWORD}),
    ),
    page("projects:list", GET=Op(SIGNED_IN, mine=True)),
    page(
        "projects:create",
        GET=Op(COACHES_ONLY, mine=True),
        POST=Op(
            PAGE_CREATE_IN_ORG,
            data=lambda t: {**_project_fields(t), "organisation": t.organisation.pk},
        ),
    ),
    page("projects:detail", PROJECT, GET=Op(PAGE_READ)),
    page("projects:edit", PROJECT, GET=Op(PAGE_WRITE), POST=Op(PAGE_WRITE, data=_project_fields)),
    page(
        "projects:member_add",
        PROJECT,
        GET=Op(PAGE_WRITE),
        POST=Op(PAGE_WRITE, data=lambda t: {"display_name": "New", "role": "relative"}),
    ),
    page(
        "projects:member_edit",
        {"pk": "project", "member_pk": "member"},
        GET=Op(PAGE_WRITE),
        POST=Op(
            PAGE_WRITE,
            data=lambda t: {"display_name": "Renamed", "role": "relative", "active": "on"},
        ),
    ),
    # A person's data rights and the end of a project: the project's coaches only.
    page("projects:member_data", {"pk": "project", "member_pk": "member"}, GET=Op(PAGE_WRITE)),
    page(
        "projects:member_data_download",
        {"pk": "project", "member_pk": "member"},
        GET=Op(PAGE_WRITE),
    ),
    page(
        "projects:member_erase",
        {"pk": "project", "member_pk": "member"},
        GET=Op(PAGE_WRITE),
        POST=Op(PAGE_WRITE, data=lambda t: {"mode": "anonymise"}),
    ),
    page("projects:archive", PROJECT, POST=Op(PAGE_WRITE, data=lambda t: {"archived": "1"})),
    page(
        "projects:delete",
        PROJECT,
        GET=Op(PAGE_WRITE),
        POST=Op(PAGE_WRITE, data=lambda t: {"confirm": "on"}),
    ),
    page("cycles:start", PROJECT, POST=Op(PAGE_WRITE, data=lambda t: {"votes_per_member": 3})),
    page("cycles:detail", CYCLE, GET=Op(PAGE_READ)),
    page(
        "cycles:advance",
        CYCLE,
        POST=Op(PAGE_WRITE, data=lambda t: {"to": "interaction", "version": t.cycle.version}),
    ),
    page(
        "cycles:attendance",
        CYCLE,
        POST=Op(PAGE_WRITE, data=lambda t: {"members": [t.member.pk]}),
    ),
    page(
        "cycles:factor_create",
        CYCLE,
        POST=Op(
            PAGE_WRITE,
            data=lambda t: {
                "dimension": "resources",
                "polarity": "barrier",
                "text": "Too little time",
                **_speaker(t),
            },
        ),
    ),
    page(
        "cycles:factor_hidden",
        {"pk": "factor.cycle", "factor_pk": "factor"},
        GET=Op(PAGE_WRITE),
        POST=Op(PAGE_WRITE, data=lambda t: {"hidden": "1"}),
    ),
    page(
        "cycles:link_create",
        {"pk": "closed_factor.cycle"},
        POST=Op(
            PAGE_WRITE,
            data=lambda t: {
                "factor_a": t.closed_factor.pk,
                "factor_b": t.other_factor.pk,
                "note": "They meet",
                **_speaker(t),
            },
        ),
    ),
    page(
        "cycles:link_hidden",
        {"pk": "link.cycle", "link_pk": "link"},
        GET=Op(PAGE_WRITE),
        POST=Op(PAGE_WRITE, data=lambda t: {"hidden": "1"}),
    ),
    page(
        "cycles:vote_cast",
        CYCLE,
        POST=Op(PAGE_WRITE, data=lambda t: {"member": t.member.pk, "factor": t.factor.pk}),
    ),
    page(
        "cycles:vote_remove",
        {"pk": "closed_cycle"},
        POST=Op(PAGE_WRITE, data=lambda t: {"member": t.member.pk, "factor": t.closed_factor.pk}),
    ),
    page(
        "cycles:action_create",
        CYCLE,
        POST=Op(
            PAGE_WRITE,
            data=lambda t: {
                "kind": "handle_barrier",
                "title": "Longer visits",
                "owners": [t.member.pk],
                "factors": [t.factor.pk],
                **_speaker(t),
            },
        ),
    ),
    page(
        "cycles:action_status",
        {"pk": "action.cycle", "action_pk": "action"},
        POST=Op(PAGE_WRITE, data=lambda t: {"status": "done", "version": t.action.version}),
    ),
    page(
        "cycles:action_hidden",
        {"pk": "action.cycle", "action_pk": "action"},
        GET=Op(PAGE_WRITE),
        POST=Op(PAGE_WRITE, data=lambda t: {"hidden": "1"}),
    ),
    page(
        "cycles:review_update",
        {"pk": "review.cycle", "review_pk": "review"},
        POST=Op(
            PAGE_WRITE,
            data=lambda t: {"status": "done", "note": "Went well", "version": t.review.version},
        ),
    ),
    page("cycles:triangle_svg", CYCLE, GET=Op(PAGE_READ)),
    page("live:cycle_events", CYCLE, kind=Kind.STREAM, GET=Op(STREAM_READ)),
]

TABLE: dict[str, Row] = {row.key: row for row in PAGES + API + WORKSHOPS}
assert len(TABLE) == len(PAGES) + len(API) + len(WORKSHOPS), "a route appears twice in the table"
