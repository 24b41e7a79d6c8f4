"""The API as its OpenAPI document describes it, a valid request for every operation (found by
trying the scene's stages until one is accepted), and the judge of one hostile request.

Field values are known by name (`known_values`): a new body field without a known valid value
makes `valid_request` fail loudly, so no operation goes unfuzzed by accident."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote, urlencode

from django.http import HttpResponse
from django.test import Client

from powertriangle.cycles.models import Link
from tests.conftest import PASSWORD
from tests.hostile.corpus import normalised
from tests.hostile.dom import injected, parse
from tests.hostile.scene import Scene, Stage
from tests.hostile.state import Snapshot, Writes, changed, rolled_back, snapshot

OPENAPI_URL = "/api/v1/openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")
MISSING: Any = object()  # a field left out of the request


@dataclass(frozen=True)
class Param:
    name: str
    location: str  # "path", "query" or "body"
    type: str  # JSON schema type ("string", "integer", "array", "boolean", "object", "any")
    required: bool
    free_text: bool = False  # a string that is not an enum value, a date or a key


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    params: tuple[Param, ...]
    has_body: bool
    statuses: frozenset[int]

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _resolve(document: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _type(document: Mapping[str, Any], schema: Mapping[str, Any]) -> str:
    schema = _resolve(document, schema)
    if "type" in schema:
        return str(schema["type"])
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        kind = _type(document, option)
        if kind not in ("null", "any"):
            return kind
    if "enum" in schema:
        return "string"
    return "any"


def _object_schema(document: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The object a body schema describes (an optional body is `anyOf: [object, null]`)."""
    schema = _resolve(document, schema)
    for option in schema.get("anyOf", []):
        resolved = _resolve(document, option)
        if "properties" in resolved:
            return resolved
    return schema


def _free_text(document: Mapping[str, Any], schema: Mapping[str, Any]) -> bool:
    schema = _resolve(document, schema)
    options = [schema, *(_resolve(document, o) for o in schema.get("anyOf", []))]
    strings = [o for o in options if o.get("type") == "string"]
    return bool(strings) and not any("enum" in o or "format" in o for o in strings)


def operations(document: Mapping[str, Any]) -> list[Operation]:
    found = []
    for path, entries in document["paths"].items():
        for method in METHODS:
            if method not in entries:
                continue
            entry = entries[method]
            params = [
                Param(
                    p["name"],
                    p["in"],
                    _type(document, p.get("schema", {})),
                    p.get("required", False),
                )
                for p in entry.get("parameters", [])
            ]
            body = entry.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None:
                schema = _object_schema(document, body["schema"])
                required = set(schema.get("required", []))
                params += [
                    Param(
                        name,
                        "body",
                        _type(document, prop),
                        name in required,
                        _free_text(document, prop),
                    )
                    for name, prop in schema.get("properties", {}).items()
                ]
            statuses = frozenset(int(code) for code in entry["responses"])
            found.append(
                Operation(
                    method, path, entry["operationId"], tuple(params), body is not None, statuses
                )
            )
    return found


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
            "add one to tests/hostile/api.py known_values"
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


def detail_shape(status: int, body: object) -> str | None:
    """What is wrong with an error answer's shape (None: it is the documented one)."""
    if not isinstance(body, dict) or set(body) != {"detail"}:
        return f"not {{'detail': ...}}: {str(body)[:120]}"
    detail = body["detail"]
    if status == 422:
        if not isinstance(detail, list) or not detail:
            return "422 detail is not a non-empty list"
        for item in detail:
            if not (
                isinstance(item, dict)
                and set(item) == {"field", "message"}
                and isinstance(item["field"], str)
                and isinstance(item["message"], str)
                and item["message"].strip()
            ):
                return f"422 item is not {{field, message}}: {str(item)[:120]}"
        return None
    if not isinstance(detail, str) or not detail.strip():
        return f"{status} detail is not a non-empty text"
    return None


def names_field(body: object, name: str) -> bool:
    detail = body.get("detail") if isinstance(body, dict) else None
    if not isinstance(detail, list):
        return False
    return any(
        isinstance(item, dict)
        and str(item.get("field", "")).split("[")[0].split(".")[0] in (name, "body")
        for item in detail
    )


@dataclass
class ApiJudge:
    client: Client
    token: str
    problems: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    requests: int = 0
    values_tried: set[str] = field(default_factory=set)
    fields_covered: set[tuple[str, str]] = field(default_factory=set)
    _before: Snapshot | None = None

    def before(self) -> Snapshot:
        if self._before is None:
            self._before = snapshot()
        return self._before

    def try_value(
        self,
        request: Request,
        param: Param,
        value: object,
        *,
        label: str,
        record: bool = True,
    ) -> list[str]:
        self.fields_covered.add((str(request.operation), param.name))
        self.values_tried.add(label)
        hostile = request.with_value(param, value)
        if param.location == "path" and value is not MISSING and (value == "" or "/" in str(value)):
            # The URL no longer names the operation: nothing may answer but "not found".
            problems = self.send_elsewhere(hostile)
        else:
            # A path id is checked only for not crashing: another real id is a fine answer.
            name = param.name if param.location != "path" else ""
            problems = self.send(hostile, field_name=name, sent=value)
        found = [
            f"{request.operation} {param.location}.{param.name}={label}: {p}" for p in problems
        ]
        if record:
            self.problems += found
        return found

    def send_elsewhere(self, request: Request) -> list[str]:
        self.requests += 1
        with rolled_back():
            response = request.send(self.client, self.token)
        status = response.status_code
        self.statuses[status] = self.statuses.get(status, 0) + 1
        problems = [f"unescaped: {f}" for f in injected(parse(response.content.decode()))]
        if status not in (404, 405):
            problems.append(f"answered {status} for a URL of no operation")
        return problems

    def try_raw(self, request: Request, raw: bytes, *, label: str) -> None:
        self.values_tried.add(label)
        problems = self.send(request, field_name="", sent=MISSING, raw=raw)
        self.problems += [f"{request.operation} body={label}: {p}" for p in problems]

    def send(
        self, request: Request, *, field_name: str, sent: object, raw: bytes | None = None
    ) -> list[str]:
        before = self.before()
        self.requests += 1
        with rolled_back(), Writes().watching() as writes:
            response = request.send(self.client, self.token, raw=raw)
            tables = set(writes.tables)
            rows = bool(tables) and bool(changed(before, snapshot(tables)))
        status = response.status_code
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status >= 500:
            return [f"server error {status}"]
        problems: list[str] = []
        if status not in request.operation.statuses:
            problems.append(f"status {status} is not in the OpenAPI document")
        if not response["Content-Type"].startswith("application/json"):
            return [*problems, f"answered {response['Content-Type']}, not JSON"]
        body = json.loads(response.content)
        if status >= 400:
            shape = detail_shape(status, body)
            if shape:
                problems.append(shape)
            if rows:
                problems.append(f"refused ({status}) but wrote {sorted(tables)}")
            if status == 422 and field_name and not names_field(body, field_name):
                problems.append(f"the 422 does not name {field_name}: {str(body)[:160]}")
            return problems
        echoed = body.get(field_name) if isinstance(body, dict) else None
        if isinstance(sent, str) and isinstance(echoed, str) and echoed != normalised(sent):
            problems.append(f"echoes {echoed[:60]!r}, not what was stored from the input")
        return problems
