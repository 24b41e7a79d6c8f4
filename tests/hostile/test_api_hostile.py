"""Every operation of the OpenAPI document, every path, query and body field, with the nasty
corpus, JSON values of the wrong type and generated values; and bodies that are not a JSON
object at all. Never a 5xx; every status documented; errors in the one documented shape and
nothing written; accepted text echoed exactly as stored."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import given

from powertriangle.accounts.tokens import token_issue
from tests.conftest import PASSWORD
from tests.hostile.api import ApiJudge
from tests.hostile.api_requests import MISSING, Request, find_valid_request
from tests.hostile.corpus import JSON, RAW_BODIES, SHORT_TEXT
from tests.hostile.openapi import OPENAPI_URL, Operation, Param, operations
from tests.hostile.scene import Scene
from tests.hostile.sizes import share
from tests.hostile.strategies import API_FIELD_SETTINGS, api_value

# Values for fields that are not free text (ids, numbers, booleans, enums, lists).
NOT_TEXT: dict[str, object] = {
    **SHORT_TEXT,
    "zero": "0",
    "true": "true",
    "json-object-text": '{"a": 1}',
    **{k: v for k, v in JSON.items() if not isinstance(v, str) or k.startswith("lone")},
}


@dataclass
class Api:
    judge: ApiJudge
    operations: list[Operation]
    requests: dict[str, Request]  # by operation, the valid request
    unreachable: list[str]  # operations without an accepted valid request


@pytest.fixture
def api(scene: Scene) -> Api:
    client = Client()
    document = client.get(OPENAPI_URL).json()
    token = token_issue(username=scene.world.coach.username, password=PASSWORD)
    assert token is not None
    export = client.get(
        f"/api/v1/projects/{scene.reaction.project.pk}/export",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert export.status_code == 200
    ops = operations(document)
    requests: dict[str, Request] = {}
    unreachable = []
    for operation in ops:
        request = find_valid_request(scene, operation, client, token, export.json())
        if request is None:
            unreachable.append(str(operation))
        else:
            requests[str(operation)] = request
    return Api(ApiJudge(client, token), ops, requests, unreachable)


def _corpus(param: Param) -> dict[str, object]:
    if param.location == "body" and (param.free_text or param.type in ("any", "object")):
        return JSON
    if param.location == "body":
        return NOT_TEXT
    return {k: v for k, v in NOT_TEXT.items() if not isinstance(v, (list, dict))}


def _report(api: Api, what: str) -> str:
    judge = api.judge
    dump = os.environ.get("HOSTILE_DUMP")
    if dump:  # every problem, for a person reading a long failure
        Path(dump).write_text("\n".join(judge.problems), encoding="utf-8")
    lines = [
        f"{what}: {judge.requests} requests, {len(judge.values_tried)} distinct values, "
        f"{len(judge.fields_covered)} fields of {len(api.requests)} operations; "
        f"statuses {dict(sorted(judge.statuses.items()))}",
        *judge.problems[:60],
    ]
    if len(judge.problems) > 60:
        lines.append(f"… and {len(judge.problems) - 60} more")
    return "\n".join(lines)


def test_every_operation_is_reached_with_a_valid_request(api: Api) -> None:
    assert api.operations, "the OpenAPI document lists no operations"
    assert not api.unreachable, f"no valid request accepted for: {api.unreachable}"


def test_every_field_takes_the_corpus(api: Api) -> None:
    turn = 0
    for request in api.requests.values():
        for param in request.operation.params:
            turn += 1
            for label, value in share(_corpus(param), turn).items():
                api.judge.try_value(request, param, value, label=label)
            api.judge.try_value(request, param, MISSING, label="left out")
    print("\n" + _report(api, "API fields × corpus"))
    assert not api.judge.problems, _report(api, "API fields × corpus")


def test_bodies_that_are_not_a_json_object_are_refused(api: Api) -> None:
    for request in api.requests.values():
        if not request.operation.has_body:
            continue
        for label, raw in RAW_BODIES.items():
            api.judge.try_raw(request, raw, label=label)
    print("\n" + _report(api, "API raw bodies"))
    assert not api.judge.problems, _report(api, "API raw bodies")


def _generated_case(judge: ApiJudge, request: Request, param: Param) -> Callable[[], None]:
    """A hypothesis test for one field: generated values in, no problem out."""

    @API_FIELD_SETTINGS
    @given(value=api_value(param.type))
    def case(value: Any) -> None:
        problems = judge.try_value(
            request, param, value, label=f"generated {judge.requests}", record=False
        )
        assert not problems, problems

    return case


def test_every_field_takes_generated_values(api: Api) -> None:
    failures: list[str] = []
    for request in api.requests.values():
        for param in request.operation.params:
            try:
                _generated_case(api.judge, request, param)()
            except AssertionError as error:  # shrunk by hypothesis to a small example
                failures.append(f"{request.operation} {param.name}: {error}")
    judge = api.judge
    print(
        f"\nAPI generated values: {judge.requests} requests into "
        f"{len(judge.fields_covered)} fields; statuses {dict(sorted(judge.statuses.items()))}"
    )
    assert not failures, "\n".join(failures)
