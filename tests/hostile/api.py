"""The judge of one hostile API request: never a 5xx, every status documented, errors in the
one documented shape and nothing written, accepted text echoed exactly as stored. The
operations come from tests/hostile/openapi.py, their valid requests from api_requests.py."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.test import Client

from tests.hostile.api_requests import MISSING, Request
from tests.hostile.corpus import normalised
from tests.hostile.dom import injected, parse
from tests.hostile.openapi import Param
from tests.hostile.state import Snapshot, Writes, changed, rolled_back, snapshot


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
