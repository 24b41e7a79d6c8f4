"""Schemathesis fuzzes the JSON API from its own OpenAPI document, in-process through Django's
WSGI handler, with the coach's bearer token: data that fits the schema and data that does not,
half of it aimed at real objects of the scene. Checks: no server error; every status code,
content type and response body as the document declares; data that breaks the schema refused.
Every example is rolled back, so each starts from the same scene."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from powertriangle.accounts.tokens import token_issue
from tests.conftest import PASSWORD
from tests.hostile.api_requests import Request, find_valid_request
from tests.hostile.openapi import OPENAPI_URL, operations
from tests.hostile.scene import Scene
from tests.hostile.sizes import examples
from tests.hostile.state import rolled_back

EXAMPLES = settings(
    max_examples=examples(25),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@contextmanager
def connection_kept() -> Iterator[None]:
    """Django closes the database connection at the end of every request; here the request
    runs inside the test's transaction, which must survive it (Django's test client does the
    same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _valid_requests(scene: Scene, token: str) -> dict[str, Request]:
    client = Client()
    auth = {"Authorization": f"Bearer {token}"}
    document = client.get(OPENAPI_URL).json()
    export = client.get(f"/api/v1/projects/{scene.reaction.project.pk}/export", headers=auth)
    found = {}
    for operation in operations(document):
        request = find_valid_request(scene, operation, client, token, export.json())
        if request is not None:
            found[operation.operation_id] = request
    return found


def test_the_api_keeps_the_promises_of_its_openapi_document(scene: Scene) -> None:
    app = WSGIHandler()
    with connection_kept():
        schema = schemathesis.openapi.from_wsgi(OPENAPI_URL, app)
    token = token_issue(username=scene.world.coach.username, password=PASSWORD)
    assert token is not None
    headers = {"Authorization": f"Bearer {token}"}
    valid = _valid_requests(scene, token)
    failures: list[str] = []
    examples = 0
    fuzzed = 0
    statuses: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema raises here
        fuzzed += 1
        known = valid.get(operation.definition.raw.get("operationId", ""))
        path = dict(known.path_values) if known is not None else {}
        # The token is a fixed header, so negative data never means "no token" (that is a
        # 401 by design, and the access gate's business).
        strategies = [
            operation.as_strategy(headers=headers),
            operation.as_strategy(headers=headers, path_parameters=path),
            operation.as_strategy(
                schemathesis.GenerationMode.NEGATIVE, headers=headers, path_parameters=path
            ),
        ]

        @EXAMPLES
        @given(case=st.one_of(strategies))
        def run(case: Any) -> None:
            nonlocal examples
            examples += 1
            with rolled_back(), connection_kept():
                response = case.call()
            statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # shrunk by hypothesis
            failures.append(f"{operation.label}: {error}")
    print(f"\nschemathesis: {fuzzed} operations, {examples} examples, statuses {dict(statuses)}")
    assert fuzzed == len(valid), f"operations without a valid request: {fuzzed} vs {len(valid)}"
    assert not failures, "\n\n".join(failures)
