"""Joining from a phone: the nine-digit code or the QR link, then "who are you?".

A code that is not nine digits, or whose check digit is wrong, is a typo: the phone is asked to
check the digits, and nothing is counted (core.joincodes). A well-formed code that opens no
workshop is a guess: unknown, closed and expired codes get one and the same answer, and the
address's guesses grow its wait before the next one is looked at. An address that must wait is
told so without its code being looked up. Nothing is limited across addresses, successful joins
are never counted (a whole room usually shares one address), and the QR link never is.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from powertriangle.core import joincodes, ratelimit
from powertriangle.workshops.forms import CodeForm, NewcomerForm, normalise_code
from powertriangle.workshops.models import Workshop
from powertriangle.workshops.selectors import (
    active_members,
    workshop_by_code,
    workshop_by_token,
)
from powertriangle.workshops.services import participant_join
from powertriangle.workshops.views.access import (
    INVALID,
    TOO_MANY,
    participant_or_none,
    phone_path,
    see_other,
    set_participant_cookie,
)

SCOPE = "workshop-code"


def _wait(address: str) -> int:
    """Whole minutes this address must still wait before a code is looked up (0: none)."""
    left = ratelimit.backoff_wait(
        SCOPE, address, joincodes.wait_after, forget_after=joincodes.FORGET_AFTER
    )
    return -(-int(left.total_seconds()) // 60)


def _page(request: HttpRequest, form: CodeForm, status: int = 200, **extra: object) -> HttpResponse:
    return render(request, "workshops/join_code.html", {"form": form, **extra}, status=status)


@require_http_methods(["GET", "POST"])
def join_code(request: HttpRequest) -> HttpResponse:
    """`/join`: type the code from the big screen."""
    if request.method == "GET":
        initial = {"code": normalise_code(request.GET.get("code", ""))[: joincodes.CODE_LENGTH]}
        return _page(request, CodeForm(initial=initial))
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _page(request, form, INVALID)
    code = normalise_code(form.cleaned_data["code"])
    if not joincodes.is_well_formed(code):  # a typo: said at once, never counted
        form.add_error(
            "code",
            _(
                "One of the digits is not right. Check the nine digits on the big screen, "
                "or scan the QR code."
            ),
        )
        return _page(request, form, INVALID)
    address = ratelimit.client_address(request)
    minutes = _wait(address)
    if minutes:
        problem = ngettext(
            "Codes that open no workshop were tried from this network. Wait %(n)d minute "
            "before the next one, or scan the QR code on the big screen.",
            "Codes that open no workshop were tried from this network. Wait %(n)d minutes "
            "before the next one, or scan the QR code on the big screen.",
            minutes,
        ) % {"n": minutes}
        return _page(request, form, TOO_MANY, problem=problem)
    workshop = workshop_by_code(code)
    if workshop is None:
        ratelimit.backoff_failure(SCOPE, address, forget_after=joincodes.FORGET_AFTER)
        form.add_error(
            "code",
            _("This code does not work. Check the code on the big screen, or ask the coach."),
        )
        return _page(request, form, INVALID)
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
