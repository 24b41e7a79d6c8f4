"""Live workshops through the API: what the coach does on the workshop's pages, for a script."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status

from powertriangle.api import lookups
from powertriangle.api.auth import user_of
from powertriangle.api.responses import CONFLICT, ERRORS
from powertriangle.api.schemas import AdvanceIn, TimerIn, WorkshopIn, WorkshopOut
from powertriangle.core.access import get_in_projects
from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.workshops.models import Workshop, WorkshopStatus
from powertriangle.workshops.services import (
    is_live,
    joined_groups,
    seconds_left,
    workshop_close,
    workshop_create,
    workshop_open,
    workshop_set_anonymous,
    workshop_set_timer,
)

router = Router(tags=["workshops"])


def _workshop(request: HttpRequest, pk: int) -> Workshop:
    queryset = Workshop.objects.select_related("cycle__project__organisation")
    return get_in_projects(user_of(request), queryset, pk, via="cycle__project", write=True)


def workshop_out(request: HttpRequest, workshop: Workshop) -> WorkshopOut:
    workshop.refresh_from_db()
    live = is_live(workshop)
    join = reverse("workshops:join_token", args=[workshop.join_token])
    return WorkshopOut(
        id=workshop.pk,
        cycle_id=workshop.cycle_id,
        anonymous=workshop.anonymous,
        status=WorkshopStatus(workshop.status),
        code=workshop.code if live else None,
        join_url=request.build_absolute_uri(join) if live else None,
        opened_at=workshop.opened_at,
        closed_at=workshop.closed_at,
        timer_seconds_left=seconds_left(workshop) if live else None,
        joined=joined_groups(workshop),
    )


@router.post("/cycles/{cycle_id}/workshops", response={201: WorkshopOut, **ERRORS})
def workshop_add(request: HttpRequest, cycle_id: int, payload: WorkshopIn) -> Status[WorkshopOut]:
    """Prepare a workshop of an open cycle (not open yet: anonymity can still change)."""
    cycle = lookups.cycle(request, cycle_id, write=True)
    workshop = workshop_create(by=user_of(request), cycle=cycle, anonymous=payload.anonymous)
    return Status(201, workshop_out(request, workshop))


@router.get("/workshops/{workshop_id}", response={200: WorkshopOut, **ERRORS})
def workshop_read(request: HttpRequest, workshop_id: int) -> WorkshopOut:
    return workshop_out(request, _workshop(request, workshop_id))


@router.patch("/workshops/{workshop_id}", response={200: WorkshopOut, **ERRORS})
def workshop_change(request: HttpRequest, workshop_id: int, payload: WorkshopIn) -> WorkshopOut:
    """Change the anonymity; only before it opens (422 after)."""
    workshop = _workshop(request, workshop_id)
    workshop_set_anonymous(by=user_of(request), workshop=workshop, anonymous=payload.anonymous)
    return workshop_out(request, workshop)


@router.post("/workshops/{workshop_id}/open", response={200: WorkshopOut, **ERRORS})
def workshop_start(request: HttpRequest, workshop_id: int) -> WorkshopOut:
    """Open it: phones join by `code` or `join_url` from now on."""
    workshop = _workshop(request, workshop_id)
    return workshop_out(request, workshop_open(by=user_of(request), workshop=workshop))


@router.post("/workshops/{workshop_id}/close", response={200: WorkshopOut, **ERRORS})
def workshop_end(request: HttpRequest, workshop_id: int) -> WorkshopOut:
    """Close it: its code and link stop working, its phones say thank you."""
    workshop = _workshop(request, workshop_id)
    return workshop_out(request, workshop_close(by=user_of(request), workshop=workshop))


@router.post("/workshops/{workshop_id}/advance", response={200: WorkshopOut, **ERRORS, **CONFLICT})
def workshop_advance(
    request: HttpRequest, workshop_id: int, payload: AdvanceIn | None = None
) -> WorkshopOut:
    """Move the workshop's cycle (and every screen) one stage on, as POST /cycles/{id}/advance."""
    workshop = _workshop(request, workshop_id)
    payload = payload or AdvanceIn()
    cycle_advance(
        by=user_of(request),
        cycle=workshop.cycle,
        to=payload.to.value if payload.to is not None else None,
        version=payload.version,
    )
    return workshop_out(request, workshop)


@router.post("/workshops/{workshop_id}/timer", response={200: WorkshopOut, **ERRORS})
def workshop_timer(request: HttpRequest, workshop_id: int, payload: TimerIn) -> WorkshopOut:
    workshop = _workshop(request, workshop_id)
    workshop_set_timer(by=user_of(request), workshop=workshop, minutes=payload.minutes)
    return workshop_out(request, workshop)
