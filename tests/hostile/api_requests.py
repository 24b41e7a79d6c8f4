"""A valid request for every operation of the API (found by trying the scene's stages until
one is accepted), and the same request with one field changed.

Field values are known by name (`known_values`): a new body field without a known valid value
makes `valid_request` fail loudly, so no operation goes unfuzzed by accident."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlencode

from django.http import HttpResponse
from django.test import Client

from powertriangle.accounts.models import ApiToken
from powertriangle.cycles.models import Link
from tests.conftest import PASSWORD
from tests.hostile.openapi import Operation, Param
from tests.hostile.scene import Scene, Stage
from tests.hostile.state import rolled_back

MISSING: Any = object()  # a field left out of the request


@dataclass
class Request:
    operation: Operation
    path_values: dict[str, object]
    query: dict[str, object]
    body: dict[str, object] | None

    def with_value(self, param: Param, value: object) -> Request:
        """This request with `param` set to `value` (`MISSING`: left out)."""
        target = {"path": self.path_values, "query": self.query, "body": self.body or {}}[
            param.location
        ]
        changed_part = {k: v for k, v in target.items() if k != param.name}
        if value is not MISSING:
            changed_part[param.name] = value
        if param.location == "path":
            return replace(self, path_values=changed_part)
        if param.location == "query":
            return replace(self, query=changed_part)
        return replace(self, body=changed_part)

    def url(self) -> str:
        path = self.operation.path
        for name, value in self.path_values.items():
            text = value if isinstance(value, str) else json.dumps(value)
            path = path.replace("{" + name + "}", quote(text, safe="", errors="surrogatepass"))
        query = {k: (v if isinstance(v, str) else json.dumps(v)) for k, v in self.query.items()}
        return path + ("?" + urlencode(query, errors="surrogatepass") if query else "")

    def send(self, client: Client, token: str, raw: bytes | None = None) -> HttpResponse:
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        data = raw
        if data is None and self.body is not None:
            data = json.dumps(self.body).encode("ascii")  # lone surrogates as \ud800 escapes
        response = client.generic(
            self.operation.method.upper(),
            self.url(),
            data or b"",
            content_type="application/json",
            headers=headers,
        )
        assert isinstance(response, HttpResponse)
        return response


def _version_of(scene: Scene, stage: Stage, operation: Operation) -> int | None:
    """The version of the object the operation's path names (what a client read before)."""
    last = operation.path.rstrip("/").split("/")
    names = [p.strip("{}") for p in last if p.startswith("{")]
    objects: dict[str, Any] = {"project_id": stage.project, "cycle_id": stage.cycle}
    if stage is scene.action:
        objects["action_id"] = scene.action_item
    if stage is scene.review:
        objects["review_id"] = scene.review_item
    for name in reversed(names):
        obj = objects.get(name)
        if obj is not None and hasattr(obj, "version"):
            obj.refresh_from_db()
            return int(obj.version)
    return None


def known_values(scene: Scene, stage: Stage, document: dict[str, Any]) -> dict[str, object]:
    """A valid value for every field name the API uses, in `stage`'s project and cycle."""
    members, factors = stage.members, stage.factors
    values: dict[str, object] = {
        "project_id": stage.project.pk,
        "cycle_id": stage.cycle.pk,
        "factor_id": factors[0].pk,
        "organisation_id": scene.world.unit.pk,
        "author_id": members[2].pk,
        "member_id": members[0].pk,  # Esther: her vote on the first factor can be taken back
        "factor_a_id": factors[0].pk,
        "factor_b_id": factors[3].pk,  # factors 0 and 2 are linked already
        "factor_ids": [factors[0].pk],  # a barrier, for an action that handles one
        "owner_ids": [members[2].pk],
        "member_ids": [m.pk for m in members],
        "title": "Plain words from the team",
        "esther_question": "What is best for Esther?",
        "description": "Plain words",
        "display_name": "Ingrid",
        "profession": "Physiotherapist",
        "text": "Plain words from the team",
        "note": "Plain words",
        "dimension": "resources",
        "polarity": "barrier",
        "level": "unit",
        "kind": "handle_barrier",
        "status": "doing",
        "role": "relative",
        "hidden": True,
        "anonymous": False,
        "votes_per_member": 3,
        "lang": "en",
        "include_hidden": True,
        "username": "alice",
        "password": PASSWORD,
        "due": "2031-05-01",
        "document": document,
        "to": {"reaction": "interaction", "interaction": "action", "action": "closed"}.get(
            stage.cycle.stage, "closed"
        ),
    }
    token = ApiToken.objects.filter(user=scene.world.coach).order_by("id").first()
    if token is not None:
        values["token_id"] = token.pk  # revoked inside a rolled back transaction
    values["days"] = 30
    values["minutes"] = 3
    if stage.workshop is not None:
        values["workshop_id"] = stage.workshop.pk
    values["name"] = "Plain words"
    link = Link.objects.filter(cycle=stage.cycle).order_by("id").first()
    if link is not None:
        values["link_id"] = link.pk
    if stage is scene.action:
        values["action_id"] = scene.action_item.pk
    if stage is scene.review:
        values["review_id"] = scene.review_item.pk
    return values


# Optional fields left out of the valid request: they change its meaning (a catalogue pick
# instead of own words, speaking on someone's behalf) and are fuzzed on their own.
LEFT_OUT = frozenset({"on_behalf_of_id", "catalogue_key"})


def valid_request(
    scene: Scene, stage: Stage, operation: Operation, document: dict[str, Any]
) -> Request | None:
    """None when the stage has no object for one of the path's ids (no action to change in
    a cycle that is still in reaction)."""
    values = known_values(scene, stage, document)
    version = _version_of(scene, stage, operation)
    if version is not None:
        values["version"] = version
    path: dict[str, object] = {}
    query: dict[str, object] = {}
    body: dict[str, object] | None = {} if operation.has_body else None
    for param in operation.params:
        if param.name in LEFT_OUT or (param.name not in values and not param.required):
            continue
        if param.location == "path" and param.name not in values:
            return None
        assert param.name in values, (
            f"{operation}: no valid value known for the {param.location} field {param.name!r}; "
            "add one to tests/hostile/api_requests.py known_values"
        )
        target = {"path": path, "query": query, "body": body}[param.location]
        assert target is not None
        target[param.name] = values[param.name]
    return Request(operation, path, query, body)


def find_valid_request(
    scene: Scene, operation: Operation, client: Client, token: str, document: dict[str, Any]
) -> Request | None:
    """The first stage of the scene in which the operation's valid request is accepted."""
    for stage in scene.stages:
        if stage is scene.idle and operation.method != "post":
            continue
        request = valid_request(scene, stage, operation, document)
        if request is None:
            continue
        with rolled_back():
            response = request.send(client, token)
        if response.status_code < 300:
            return request
    return None
