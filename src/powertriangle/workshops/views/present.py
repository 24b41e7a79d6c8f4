"""The presenter: the coach's projector screen. The triangle fills up live, the stage and its
questions, the timer, how many have joined (by role group only), the QR code and the code."""

from __future__ import annotations

import json
from typing import Any

import segno
from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from powertriangle.core.access import get_in_projects
from powertriangle.core.choices import RoleGroupChoice
from powertriangle.core.joincodes import grouped
from powertriangle.cycles.models import Cycle
from powertriangle.cycles.parts.figure import figure_for
from powertriangle.cycles.parts.stage import stage_part
from powertriangle.live import store
from powertriangle.live.store import head_of
from powertriangle.live.stream import event_stream_response
from powertriangle.triangle.model import Stage
from powertriangle.workshops import selectors
from powertriangle.workshops.live import presenter_bounds
from powertriangle.workshops.models import Workshop, WorkshopStatus
from powertriangle.workshops.services import is_live, joined_groups, seconds_left
from powertriangle.workshops.views.access import coach_workshop

PARTS = {
    "stage": "workshops/partials/present_stage.html",
    "triangle": "workshops/partials/present_triangle.html",
    "board": "workshops/partials/present_board.html",
    "timer": "workshops/partials/present_timer.html",
}
TIMER_MINUTES = (3, 5, 10)


def qr_data_uri(url: str) -> str:
    """The QR code as an SVG data URI, made here: no outside service ever sees the link."""
    return str(segno.make(url, error="m").svg_data_uri(scale=8, border=2))


def present_context(
    request: HttpRequest, workshop: Workshop, *, problem: str = "", part: str = ""
) -> dict[str, Any]:
    """The whole screen's context, or, with `part`, what that part needs: the triangle, the
    board and the QR code are only made where they are shown."""
    cycle = Cycle.objects.select_related("project__organisation").get(pk=workshop.cycle_id)
    stage = Stage(cycle.stage)
    header = stage_part(stage, with_closed=False)
    live = is_live(workshop)
    join_url = request.build_absolute_uri(
        reverse("workshops:join_token", args=[workshop.join_token])
    )
    groups = joined_groups(workshop)
    return {
        "workshop": workshop,
        "cycle": cycle,
        "project": cycle.project,
        "live": live,
        "draft": workshop.status == WorkshopStatus.DRAFT,
        "stage": stage.value,
        "stage_label": header.label,
        "stage_purpose": header.purpose,
        "track": header.track,
        "prompts": selectors.stage_prompts(cycle) if stage != Stage.CLOSED else [],
        # The coach moves the screens between the three stages; closing the cycle itself
        # stays on the cycle's page.
        "next_stage": header.next_value if header.next_value != Stage.CLOSED else "",
        "next_stage_label": header.next_label,
        "figure": figure_for(cycle) if part in ("", "triangle") else None,
        "board": selectors.board(workshop, with_hidden=True) if part in ("", "board") else None,
        # What workshop.js needs to show a new item from its live event at once.
        "labels_json": json.dumps(selectors.labels(), ensure_ascii=False),
        "salt": workshop.order_salt if workshop.anonymous else "",
        "code": grouped(workshop.code) if live else "",
        "join_url": join_url if live else "",
        "short_url": request.build_absolute_uri(reverse("workshops:join_code")),
        "qr": qr_data_uri(join_url) if live and not part else "",
        "joined_total": sum(groups.values()),
        "joined": [
            (g.value, g.label, groups.get(g.value, 0))
            for g in (RoleGroupChoice.CARE_RECEIVERS, RoleGroupChoice.PROFESSIONALS)
        ],
        "seconds_left": seconds_left(workshop) if live else None,
        "timer_minutes": TIMER_MINUTES,
        "head": head_of(cycle.pk),
        "problem": problem,
        "anonymous_note": _("Names are not saved with what people write.")
        if workshop.anonymous
        else _("Names are shown with what people write."),
    }


def present_part(
    request: HttpRequest, workshop: Workshop, part: str, *, problem: str = ""
) -> HttpResponse:
    context = present_context(request, workshop, problem=problem, part=part)
    return render(request, PARTS[part], context, status=422 if problem else 200)


@login_required
@require_GET
def present(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = coach_workshop(request, pk)
    return render(request, "workshops/present.html", present_context(request, workshop))


def _authorise_stream(user: User | AnonymousUser, pk: int) -> Workshop:
    """The workshop if `user` may run it (404 otherwise); connections closed either way."""
    try:
        queryset = Workshop.objects.select_related("cycle__project")
        return get_in_projects(user, queryset, pk, via="cycle__project", write=True)
    finally:
        store.close_connections()


@require_GET
async def present_events(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The big screen's live stream: the cycle's, without any name while it is anonymous."""
    user = await request.auser()
    workshop = await sync_to_async(_authorise_stream, thread_sensitive=True)(user, pk)
    return event_stream_response(
        request, cycle_id=workshop.cycle_id, bounds=presenter_bounds(workshop)
    )


@login_required
@require_GET
def present_fragment(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    workshop = coach_workshop(request, pk)
    if part not in PARTS:
        return HttpResponse(status=404)
    return present_part(request, workshop, part)
