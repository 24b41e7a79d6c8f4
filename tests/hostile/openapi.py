"""The API as its OpenAPI document describes it: every operation with its path, query and
body fields, their JSON types, and the statuses it may answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

OPENAPI_URL = "/api/v1/openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")


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
