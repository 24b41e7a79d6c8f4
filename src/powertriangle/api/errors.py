"""How the API answers when something goes wrong, in one consistent shape.

- 422 `{"detail": [{"field": ..., "message": ...}]}` for bad input, whether the request schema
  or a service refused it; messages are translated into the request's language.
- 401, 404, 409 and other errors: `{"detail": "<message>"}`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from powertriangle.core.errors import ConflictError

# Services name the objects they receive; the API names the ids it was sent.
_SERVICE_FIELDS = {
    "author": "author_id",
    "on_behalf_of": "on_behalf_of_id",
    "factor": "factor_id",
    "member": "member_id",
    "factor_a": "factor_a_id",
    "factor_b": "factor_b_id",
    "factors": "factor_ids",
    "owners": "owner_ids",
    "members": "member_ids",
}


def location(parts: Iterable[object]) -> str:
    """`("cycles", 0, "factors", 3, "dimension")` → `cycles[0].factors[3].dimension`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def field_errors(fields: Mapping[str, Iterable[str]]) -> list[dict[str, str]]:
    return [
        {"field": _SERVICE_FIELDS.get(field, field), "message": str(message)}
        for field, messages in fields.items()
        for message in messages
    ]


def _schema_message(error: Mapping[str, Any]) -> str:
    """A translated sentence for one pydantic error (pydantic's own texts are English only)."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_type":
        return _("Enter text.")
    if kind == "string_too_long":
        return _("Keep it to %(max)d characters.") % {"max": ctx.get("max_length", 0)}
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return _("Enter a whole number.")
    if kind == "greater_than_equal":
        return _("Enter a number of at least %(min)s.") % {"min": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Enter a number of at most %(max)s.") % {"max": ctx.get("le")}
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return _("Choose one of: %(choices)s.") % {"choices": expected}
    if kind in ("bool_type", "bool_parsing"):
        return _("Enter true or false.")
    if kind == "list_type":
        return _("Enter a list.")
    if kind == "too_long":
        return _("Choose at most %(max)d.") % {"max": ctx.get("max_length", 0)}
    if kind.startswith("date"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind == "extra_forbidden":
        return _("This field is not part of the request.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Send a JSON object.")
    return _("This value is not valid.")


def _schema_field(loc: Iterable[object]) -> str:
    parts = list(loc)
    # ("body", "payload", "title") → "title"; ("query", "lang") → "lang".
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return location(parts) or "body"


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn exceptions into the answers described above.

    (Handlers take `object`: ninja types the exception as "an instance or its class".)"""

    def schema_error(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, SchemaValidationError)
        detail = [
            {"field": _schema_field(e.get("loc", ())), "message": _schema_message(e)}
            for e in exc.errors
        ]
        return api.create_response(request, {"detail": detail}, status=422)

    def service_error(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, DjangoValidationError)
        if hasattr(exc, "error_dict"):
            detail = field_errors(exc.message_dict)
        else:
            detail = field_errors({NON_FIELD_ERRORS: exc.messages})
        return api.create_response(request, {"detail": detail}, status=422)

    def not_found(request: HttpRequest, exc: object) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found")}, status=404)

    def conflict(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, ConflictError)
        message = str(exc) or _("Someone else changed this. Reload and try again.")
        return api.create_response(request, {"detail": message}, status=409)

    def unauthenticated(request: HttpRequest, exc: object) -> HttpResponse:
        response = api.create_response(
            request,
            {"detail": _("Send a valid API token in the header: Authorization: Bearer <token>.")},
            status=401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    def http_error(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, HttpError)
        message = str(exc)
        if exc.status_code == 400:
            message = _("The request body is not valid JSON.")
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    def too_big(request: HttpRequest, exc: object) -> HttpResponse:
        return api.create_response(request, {"detail": _("The request is too large.")}, status=413)

    api.add_exception_handler(SchemaValidationError, schema_error)
    api.add_exception_handler(DjangoValidationError, service_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ConflictError, conflict)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(RequestDataTooBig, too_big)
