"""The access table's rows for live workshops: the coach's pages (`/workshops/...`, like any
other page: the project's coach only) and the participants' phone pages (`/w/...`, only a
phone that joined this very workshop). Joining is public: the secret token or code is the key.

Present only when the workshops app is installed, so that the table matches the routes."""

from __future__ import annotations

from django.apps import apps

from tests.security.access_rules import (
    PAGE_WRITE,
    PHONE,
    STREAM_WRITE,
    Kind,
    Op,
    Row,
    page,
    public,
)
from tests.security.teams import WORKSHOPS_APP

W = {"pk": "workshop"}

ROWS: list[Row] = [
    public(
        "workshops:join_code",
        "GET",
        "POST",
        reason="typing the code from the big screen; wrong codes are rate-limited",
        data=lambda t: {"code": "12345678"},
    ),
    public(
        "workshops:join_token",
        "GET",
        reason="the QR link: its 128-bit token is the key",
        params={"token": "workshop.join_token"},
    ),
    public(
        "workshops:join_submit",
        "POST",
        reason="joins only with the workshop's secret token in the body (else 404)",
        params=W,
        data=lambda t: {"token": t.workshop.join_token, "member": t.member.pk},
    ),
    page("workshops:phone", W, GET=Op(PHONE)),
    page("workshops:phone_board", W, GET=Op(PHONE)),
    page("workshops:phone_events", W, kind=Kind.STREAM, GET=Op(PHONE)),
    page(
        "workshops:factor_add",
        W,
        POST=Op(
            PHONE,
            data=lambda t: {
                "dimension": "resources",
                "polarity": "barrier",
                "text": "Too little time",
                "submission": "security-factor",
            },
        ),
    ),
    page(
        "workshops:link_add",
        W,
        POST=Op(
            PHONE,
            data=lambda t: {
                "factor_a": t.factor.pk,
                "factor_b": t.factor.pk,
                "note": "They meet",
                "submission": "security-link",
            },
        ),
    ),
    page(
        "workshops:action_add",
        W,
        POST=Op(
            PHONE,
            data=lambda t: {
                "kind": "handle_barrier",
                "title": "Longer visits",
                "owners": [t.member.pk],
                "submission": "security-action",
            },
        ),
    ),
    page(
        "workshops:vote_add",
        W,
        POST=Op(PHONE, data=lambda t: {"factor": t.factor.pk, "submission": "security-vote"}),
    ),
    page(
        "workshops:new",
        {"cycle_pk": "cycle"},
        GET=Op(PAGE_WRITE),
        POST=Op(PAGE_WRITE, data=lambda t: {"anonymous": "0"}),
    ),
    page("workshops:manage", W, GET=Op(PAGE_WRITE)),
    page("workshops:anonymity", W, POST=Op(PAGE_WRITE, data=lambda t: {"anonymous": "1"})),
    page("workshops:open", W, POST=Op(PAGE_WRITE, data=lambda t: {})),
    page("workshops:close", W, POST=Op(PAGE_WRITE, data=lambda t: {})),
    page("workshops:timer", W, POST=Op(PAGE_WRITE, data=lambda t: {"minutes": 5})),
    page(
        "workshops:advance",
        W,
        POST=Op(PAGE_WRITE, data=lambda t: {"to": "interaction", "version": t.cycle.version}),
    ),
    page(
        "workshops:factor_hidden",
        {"pk": "workshop", "factor_pk": "factor"},
        POST=Op(PAGE_WRITE, data=lambda t: {"hidden": "1"}),
    ),
    page(
        "workshops:link_hidden",
        {"pk": "workshop", "link_pk": "live_link"},
        POST=Op(PAGE_WRITE, data=lambda t: {"hidden": "1"}),
    ),
    page(
        "workshops:action_hidden",
        {"pk": "workshop", "action_pk": "live_action"},
        POST=Op(PAGE_WRITE, data=lambda t: {"hidden": "1"}),
    ),
    page("workshops:present", W, GET=Op(PAGE_WRITE)),
    page("workshops:present_events", W, kind=Kind.STREAM, GET=Op(STREAM_WRITE)),
    page("workshops:present_part", {"pk": "workshop", "part": "=board"}, GET=Op(PAGE_WRITE)),
]

WORKSHOPS: list[Row] = ROWS if apps.is_installed(WORKSHOPS_APP) else []
