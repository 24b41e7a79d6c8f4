"""Joining from a phone: the eight-digit code or the QR link, then "who are you?".

Unknown, closed and expired codes get one and the same answer, from one indexed query. Failed
codes are counted per address and in total (core.ratelimit); successful joins are never counted,
because a whole room usually shares one address.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from powertriangle.core import ratelimit
from powertriangle.workshops.forms import CODE_DIGITS, CodeForm, NewcomerForm, normalise_code
from powertriangle.workshops.models import Workshop
from powertriangle.workshops.selectors import (
    active_members,
    workshop_by_code,
    workshop_by_token,
)
from powertriangle.workshops.services import participant_join
from powertriangle.workshops.views.common import (
    INVALID,
    TOO_MANY,
    participant_or_none,
    phone_path,
    see_other,
    set_participant_cookie,
)

SCOPE_ADDRESS = "workshop-code"
SCOPE_ALL = "workshop-code-all"
WINDOW_SECONDS = 600
ADDRESS_LIMIT = 20
GLOBAL_LIMIT = 500


def _limited(address: str) -> bool:
    return ratelimit.is_limited(
        SCOPE_ADDRESS, address, limit=ADDRESS_LIMIT, window_seconds=WINDOW_SECONDS
    ) or ratelimit.is_limited(SCOPE_ALL, "all", limit=GLOBAL_LIMIT, window_seconds=WINDOW_SECONDS)


def _fail(address: str) -> None:
    ratelimit.record_failure(SCOPE_ADDRESS, address, window_seconds=WINDOW_SECONDS)
    ratelimit.record_failure(SCOPE_ALL, "all", window_seconds=WINDOW_SECONDS)


@require_http_methods(["GET", "POST"])
def join_code(request: HttpRequest) -> HttpResponse:
    """`/join`: type the code from the big screen."""
    if request.method == "GET":
        initial = {"code": normalise_code(request.GET.get("code", ""))[:8]}
        return render(request, "workshops/join_code.html", {"form": CodeForm(initial=initial)})
    form = CodeForm(request.POST)
    address = ratelimit.client_address(request)
    if _limited(address):
        context = {
            "form": CodeForm(),
            "problem": _(
                "Too many wrong codes were tried. Please wait a few minutes and try again."
            ),
        }
        return render(request, "workshops/join_code.html", context, status=TOO_MANY)
    if not form.is_valid():
        return render(request, "workshops/join_code.html", {"form": form}, status=INVALID)
    code = normalise_code(form.cleaned_data["code"])
    workshop = workshop_by_code(code) if CODE_DIGITS.fullmatch(code) else None
    if workshop is None:
        _fail(address)
        form.add_error(
            "code",
            _(
                "This code does not work. Check the eight digits on the big screen, "
                "or ask the coach."
            ),
        )
        return render(request, "workshops/join_code.html", {"form": form}, status=INVALID)
    return see_other(reverse("workshops:join_token", args=[workshop.join_token]))


def _closed(request: HttpRequest) -> HttpResponse:
    return render(request, "workshops/join_closed.html", status=404)


def _who_page(
    request: HttpRequest,
    workshop: Workshop,
    form: NewcomerForm | None = None,
    *,
    status: int = 200,
    message: str = "",
) -> HttpResponse:
    context = {
        "workshop": workshop,
        "project": workshop.cycle.project,
        "members": [] if workshop.anonymous else list(active_members(workshop.cycle)),
        "form": form or NewcomerForm(auto_id="new-%s"),
        "roles": NewcomerForm.base_fields["role"].choices,  # type: ignore[attr-defined]
        "token": workshop.join_token,
        "message": message,
    }
    return render(request, "workshops/join_who.html", context, status=status)


@require_http_methods(["GET"])
def join_token(request: HttpRequest, token: str) -> HttpResponse:
    """`/w/<token>`: the QR link. Shows who may join; the answer is posted under the
    workshop's own path, where an earlier cookie of this phone is seen."""
    workshop = workshop_by_token(None, token)
    if workshop is None:
        return _closed(request)
    return _who_page(request, workshop)


@require_POST
def join_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Join as a member from the list, or as a newcomer (name and role; role only when
    anonymous). A phone that already joined goes straight back to its page."""
    if participant_or_none(request, pk) is not None:
        return see_other(phone_path(pk))
    workshop = workshop_by_token(pk, str(request.POST.get("token", "")))
    if workshop is None:
        return _closed(request)
    member = None
    raw_member = request.POST.get("member", "")
    form = NewcomerForm(request.POST, auto_id="new-%s")
    if raw_member and not workshop.anonymous:
        member = active_members(workshop.cycle).filter(pk=_int(raw_member)).first()
        if member is None:
            return _who_page(
                request, workshop, status=INVALID, message=_("Choose your name from the list.")
            )
    elif not form.is_valid():
        return _who_page(request, workshop, form, status=INVALID)
    newcomer = {} if member is not None else form.cleaned_data
    try:
        participant, secret = participant_join(
            workshop=workshop,
            member=member,
            # In an anonymous workshop no name is asked for, and none is passed on.
            display_name=None if workshop.anonymous else newcomer.get("display_name"),
            role=newcomer.get("role"),
        )
    except ValidationError as exc:
        errors = exc.message_dict
        if "workshop" in errors:
            return _closed(request)
        if "member" in errors:
            return _who_page(request, workshop, status=INVALID, message=errors["member"][0])
        for field, messages in errors.items():
            form.add_error(field if field in form.fields else None, messages)
        return _who_page(request, workshop, form, status=INVALID)
    response = see_other(phone_path(participant.workshop_id))
    set_participant_cookie(response, participant.workshop_id, secret)
    return response


def _int(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        return -1
