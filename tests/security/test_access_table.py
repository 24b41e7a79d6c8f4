"""The access table covers every route there is, and names no route that is gone.

Routes are discovered, not listed: the Django URL resolver (walked recursively, every namespace)
and the API's OpenAPI document. The API's own URL patterns (`api:<operation>`) are covered by the
table's API rows, one per method and path template.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.security.access_rules import Kind, Persona, Row
from tests.security.access_table import PAGES, TABLE
from tests.security.access_table_api import API
from tests.security.access_table_workshops import WORKSHOPS
from tests.security.personas import PARTICIPANTS, Clients
from tests.security.routes import API_PREFIX, api_operations, openapi_document, url_routes
from tests.security.teams import WORKSHOPS_APP

pytestmark = pytest.mark.django_db


def _api_paths() -> set[str]:
    return {op.split(" ", 1)[1] for op in api_operations()}


def test_every_url_pattern_is_in_the_access_table() -> None:
    api_paths = _api_paths()
    missing = [
        f"{route.name}  (/{route.route})"
        for route in url_routes()
        if route.name not in TABLE
        and not (route.route.startswith(API_PREFIX[1:]) and route.openapi_path in api_paths)
    ]
    assert not missing, (
        "These routes are not in tests/security/access_table.py; add a row for each, saying "
        "who may reach it (page(...), api(...) or public(..., reason=...)):\n  "
        + "\n  ".join(missing)
    )


def test_every_api_operation_is_in_the_access_table() -> None:
    missing = [op for op in api_operations() if op not in TABLE]
    assert not missing, (
        "These API operations are not in tests/security/access_table.py; add an api(...) row "
        "for each:\n  " + "\n  ".join(missing)
    )


def test_no_row_names_a_route_that_is_gone() -> None:
    names = {route.name for route in url_routes()}
    operations = set(api_operations())
    stale = [row.key for row in PAGES + WORKSHOPS if row.key not in names]
    stale += [row.key for row in API if row.key not in operations]
    assert not stale, f"Remove or rename these rows of the access table: {stale}"


def test_every_row_fills_exactly_its_routes_parameters() -> None:
    params = {route.name: set(route.params) for route in url_routes()}
    document = openapi_document()
    paths = document["paths"]
    assert isinstance(paths, dict)
    wrong: list[str] = []
    for row in PAGES + WORKSHOPS:
        if row.key in params and set(row.params) != params[row.key]:
            wrong.append(f"{row.key}: route has {sorted(params[row.key])}")
    for row in API:
        method, path = row.key.split(" ", 1)
        declared = paths.get(path, {}).get(method.lower(), {}).get("parameters", [])
        in_path = {p["name"] for p in declared if p.get("in") == "path"}
        if set(row.params) != in_path:
            wrong.append(f"{row.key}: operation has {sorted(in_path)}")
    assert not wrong, wrong


def test_every_row_says_what_each_persona_gets() -> None:
    for row in TABLE.values():
        if row.kind == Kind.PUBLIC:
            assert row.reason, row.key
            assert row.methods, row.key
            continue
        assert row.ops, f"{row.key}: no methods"
        for method, op in row.ops.items():
            assert set(op.policy) == set(Persona), f"{row.key} {method}: a persona is missing"
            assert not (Row.writes(method) and op.data is None and not op.mine), (
                f"{row.key} {method}: give a valid body, so that a missing check would write"
            )
        if row.kind == Kind.API:
            assert list(row.ops) == [row.key.split(" ", 1)[0]], row.key


def test_participants_join_once_there_are_workshops(clients: Clients) -> None:
    """With the workshops app, both participant personas are phones that joined a workshop (and
    the matrix sends them every request); without it, there are none."""
    teams = clients.teams
    for persona in PARTICIPANTS:
        phone = clients.participant(teams.ours, persona)
        assert (phone is not None) == apps.is_installed(WORKSHOPS_APP)
