"""The access table's rows for the JSON API: one per operation of the OpenAPI document."""

from __future__ import annotations

from typing import Any

from powertriangle.exchange.services import project_export
from tests.conftest import PASSWORD
from tests.security.access_rules import (
    API_READ,
    API_SIGNED_IN,
    API_WRITE,
    Row,
    api,
    public,
)
from tests.security.teams import Team

P = {"project_id": "project"}
C = {"cycle_id": "cycle"}
W = {"workshop_id": "workshop"}


def _factor_in(t: Team) -> dict[str, Any]:
    return {
        "dimension": "resources",
        "polarity": "barrier",
        "text": "Too little time",
        "author_id": t.member.pk,
    }


def _vote_in(t: Team) -> dict[str, Any]:
    return {"factor_id": t.factor.pk, "member_id": t.member.pk}


API: list[Row] = [
    public(
        "POST /api/v1/auth/token",
        "POST",
        reason="exchanges a password for a token",
        data=lambda t: {"username": t.coach.username, "password": PASSWORD},
    ),
    api("GET /api/v1/auth/tokens", policy=API_SIGNED_IN, mine=True),
    api(
        "DELETE /api/v1/auth/tokens/{token_id}",
        {"token_id": "token"},
        policy=API_WRITE,
        data=lambda t: {},
    ),
    api("GET /api/v1/me", policy=API_SIGNED_IN, mine=True),
    api("GET /api/v1/organisations", policy=API_SIGNED_IN, mine=True),
    api(
        "POST /api/v1/cycles/{cycle_id}/workshops",
        C,
        policy=API_WRITE,
        data=lambda t: {"anonymous": False},
    ),
    api("GET /api/v1/workshops/{workshop_id}", W, policy=API_WRITE),
    api(
        "PATCH /api/v1/workshops/{workshop_id}",
        {"workshop_id": "draft"},
        policy=API_WRITE,
        data=lambda t: {"anonymous": True},
    ),
    api(
        "POST /api/v1/workshops/{workshop_id}/open",
        {"workshop_id": "draft"},
        policy=API_WRITE,
        data=lambda t: {},
    ),
    api("POST /api/v1/workshops/{workshop_id}/close", W, policy=API_WRITE, data=lambda t: {}),
    api(
        "POST /api/v1/workshops/{workshop_id}/advance",
        W,
        policy=API_WRITE,
        data=lambda t: {"to": "interaction"},
    ),
    api(
        "POST /api/v1/workshops/{workshop_id}/timer",
        W,
        policy=API_WRITE,
        data=lambda t: {"minutes": 3},
    ),
    api("GET /api/v1/projects", policy=API_SIGNED_IN, mine=True),
    api(
        "POST /api/v1/projects",
        policy=API_WRITE,
        data=lambda t: {
            "organisation_id": t.organisation.pk,
            "title": "New",
            "esther_question": "What is best for Esther?",
        },
    ),
    api("GET /api/v1/projects/{project_id}", P, policy=API_READ),
    api(
        "PATCH /api/v1/projects/{project_id}",
        P,
        policy=API_WRITE,
        data=lambda t: {"title": "Changed", "version": t.project.version},
    ),
    api("GET /api/v1/projects/{project_id}/members", P, policy=API_READ),
    api(
        "POST /api/v1/projects/{project_id}/members",
        P,
        policy=API_WRITE,
        data=lambda t: {"display_name": "New", "role": "relative"},
    ),
    api("GET /api/v1/projects/{project_id}/cycles", P, policy=API_READ),
    api(
        "POST /api/v1/projects/{project_id}/cycles",
        P,
        policy=API_WRITE,
        data=lambda t: {"votes_per_member": 3},
    ),
    api("GET /api/v1/projects/{project_id}/export", P, policy=API_READ),
    api(
        "POST /api/v1/import",
        policy=API_WRITE,
        data=lambda t: {
            "organisation_id": t.organisation.pk,
            "document": project_export(by=None, project=t.project),
        },
    ),
    api("GET /api/v1/catalogue", policy=API_READ, query=lambda t: {"project_id": t.project.pk}),
    api("GET /api/v1/cycles/{cycle_id}", C, policy=API_READ),
    api(
        "POST /api/v1/cycles/{cycle_id}/advance",
        C,
        policy=API_WRITE,
        data=lambda t: {"to": "interaction", "version": t.cycle.version},
    ),
    api(
        "PUT /api/v1/cycles/{cycle_id}/attendance",
        C,
        policy=API_WRITE,
        data=lambda t: {"member_ids": [t.member.pk]},
    ),
    api("GET /api/v1/cycles/{cycle_id}/metrics", C, policy=API_READ),
    api("GET /api/v1/cycles/{cycle_id}/factors", C, policy=API_READ),
    api("POST /api/v1/cycles/{cycle_id}/factors", C, policy=API_WRITE, data=_factor_in),
    api(
        "POST /api/v1/factors/{factor_id}/hide",
        {"factor_id": "factor"},
        policy=API_WRITE,
        data=lambda t: {"hidden": True},
    ),
    api("GET /api/v1/cycles/{cycle_id}/links", C, policy=API_READ),
    api(
        "POST /api/v1/cycles/{cycle_id}/links",
        {"cycle_id": "closed_cycle"},
        policy=API_WRITE,
        data=lambda t: {
            "factor_a_id": t.closed_factor.pk,
            "factor_b_id": t.other_factor.pk,
            "note": "They meet",
            "author_id": t.member.pk,
        },
    ),
    api(
        "POST /api/v1/links/{link_id}/hide",
        {"link_id": "link"},
        policy=API_WRITE,
        data=lambda t: {"hidden": True},
    ),
    api("POST /api/v1/cycles/{cycle_id}/votes", C, policy=API_WRITE, data=_vote_in),
    api(
        "DELETE /api/v1/cycles/{cycle_id}/votes",
        {"cycle_id": "closed_cycle"},
        policy=API_WRITE,
        data=lambda t: {"factor_id": t.closed_factor.pk, "member_id": t.member.pk},
    ),
    api("GET /api/v1/cycles/{cycle_id}/actions", C, policy=API_READ),
    api(
        "POST /api/v1/cycles/{cycle_id}/actions",
        C,
        policy=API_WRITE,
        data=lambda t: {
            "kind": "handle_barrier",
            "title": "Longer visits",
            "owner_ids": [t.member.pk],
            "factor_ids": [t.factor.pk],
            "author_id": t.member.pk,
        },
    ),
    api(
        "PATCH /api/v1/actions/{action_id}",
        {"action_id": "action"},
        policy=API_WRITE,
        data=lambda t: {"status": "done", "version": t.action.version},
    ),
    api(
        "POST /api/v1/actions/{action_id}/hide",
        {"action_id": "action"},
        policy=API_WRITE,
        data=lambda t: {"hidden": True},
    ),
    api("GET /api/v1/cycles/{cycle_id}/reviews", C, policy=API_READ),
    api(
        "PATCH /api/v1/reviews/{review_id}",
        {"review_id": "review"},
        policy=API_WRITE,
        data=lambda t: {"status": "done", "note": "Went well", "version": t.review.version},
    ),
]
