"""What the workshop views share: the participant cookie, fragments for workshop.js, and the
answers for a phone that has not joined."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from powertriangle.core.access import get_in_projects
from powertriangle.workshops.models import Participant, Workshop
from powertriangle.workshops.selectors import participant_by_secret
from powertriangle.workshops.services import MAX_OPEN

INVALID = 422
TOO_MANY = 429
COOKIE_MAX_AGE = int(MAX_OPEN.total_seconds())


def cookie_name(workshop_id: int) -> str:
    return f"ptw{workshop_id}"


def _salt(workshop_id: int) -> str:
    return f"powertriangle.workshop.{workshop_id}"


def phone_path(workshop_id: int) -> str:
    """The cookie's path: the participant's pages and stream, and nothing else."""
    return reverse("workshops:phone", args=[workshop_id])


def set_participant_cookie(response: HttpResponse, workshop_id: int, secret: str) -> None:
    response.set_signed_cookie(
        cookie_name(workshop_id),
        secret,
        salt=_salt(workshop_id),
        max_age=COOKIE_MAX_AGE,
        path=phone_path(workshop_id),
        secure=bool(settings.SESSION_COOKIE_SECURE),
        httponly=True,
        samesite="Lax",
    )


def participant_or_none(request: HttpRequest, workshop_id: int) -> Participant | None:
    try:
        secret = request.get_signed_cookie(
            cookie_name(workshop_id), salt=_salt(workshop_id), max_age=COOKIE_MAX_AGE
        )
    except (KeyError, signing.BadSignature):
        return None
    if not secret:
        return None
    return participant_by_secret(workshop_id, secret)


class NotJoined(Http404):
    """No valid participant cookie for this workshop."""


def participant_for(request: HttpRequest, workshop_id: int) -> Participant:
    """The participant behind this phone's cookie for the workshop, or 404."""
    participant = participant_or_none(request, workshop_id)
    if participant is None:
        raise NotJoined
    return participant


def not_joined(request: HttpRequest) -> HttpResponse:
    """404, with a way to join: the page of a workshop this phone has not joined."""
    return render(request, "workshops/not_joined.html", status=404)


def is_fragment(request: HttpRequest) -> bool:
    """Asked by workshop.js (or htmx) for a part of the page."""
    return request.headers.get("HX-Request") == "true"


def see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def coach_workshop(request: HttpRequest, pk: object) -> Workshop:
    """The workshop, if the logged-in user may run it (change its project); else 404."""
    queryset = Workshop.objects.select_related("cycle__project__organisation")
    return get_in_projects(request.user, queryset, pk, via="cycle__project", write=True)
