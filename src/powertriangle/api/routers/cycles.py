"""Cycles: starting, reading, advancing through the stages, attendance and metrics."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from powertriangle.api import lookups
from powertriangle.api.auth import user_of
from powertriangle.api.outputs import cycle_out, cycle_summary, metrics_out
from powertriangle.api.responses import CONFLICT, ERRORS
from powertriangle.api.schemas import (
    AdvanceIn,
    AttendanceIn,
    AttendanceOut,
    CycleOut,
    CycleStartIn,
    CycleSummary,
    MetricsOut,
)
from powertriangle.cycles.selectors import metrics_for_cycle
from powertriangle.cycles.services.cycles import attendance_set, cycle_advance, cycle_start

router = Router(tags=["cycles"])


@router.get("/projects/{project_id}/cycles", response={200: list[CycleSummary], **ERRORS})
def cycle_list(request: HttpRequest, project_id: int) -> list[CycleSummary]:
    project = lookups.project(request, project_id)
    return [cycle_summary(c) for c in project.cycles.order_by("number")]


@router.post("/projects/{project_id}/cycles", response={201: CycleOut, **ERRORS})
def cycle_create(
    request: HttpRequest, project_id: int, payload: CycleStartIn | None = None
) -> Status[CycleOut]:
    """Open the next cycle (in reaction). The previous cycle must be closed."""
    project = lookups.project(request, project_id, write=True)
    votes = payload.votes_per_member if payload is not None else CycleStartIn().votes_per_member
    cycle = cycle_start(by=user_of(request), project=project, votes_per_member=votes)
    return Status(201, cycle_out(cycle))


@router.get("/cycles/{cycle_id}", response={200: CycleOut, **ERRORS})
def cycle_read(request: HttpRequest, cycle_id: int) -> CycleOut:
    return cycle_out(lookups.cycle(request, cycle_id))


@router.post("/cycles/{cycle_id}/advance", response={200: CycleOut, **ERRORS, **CONFLICT})
def cycle_move_on(
    request: HttpRequest, cycle_id: int, payload: AdvanceIn | None = None
) -> CycleOut:
    """Move one stage on: reaction → interaction → action → closed. With `to`, it must be that
    next stage; with `version`, a cycle that has moved on since is a 409."""
    cycle = lookups.cycle(request, cycle_id, write=True)
    payload = payload or AdvanceIn()
    cycle = cycle_advance(
        by=user_of(request),
        cycle=cycle,
        to=payload.to.value if payload.to is not None else None,
        version=payload.version,
    )
    return cycle_out(cycle)


@router.put("/cycles/{cycle_id}/attendance", response={200: AttendanceOut, **ERRORS})
def attendance_replace(request: HttpRequest, cycle_id: int, payload: AttendanceIn) -> AttendanceOut:
    """Who is present: the whole list, replacing the previous one."""
    cycle = lookups.cycle(request, cycle_id, write=True)
    refs = lookups.References(cycle.project, cycle)
    members = refs.members(payload.member_ids, field="member_ids")
    refs.check()
    chosen = attendance_set(by=user_of(request), cycle=cycle, members=members)
    return AttendanceOut(member_ids=sorted(m.pk for m in chosen))


@router.get("/cycles/{cycle_id}/metrics", response={200: MetricsOut, **ERRORS})
def cycle_metrics(request: HttpRequest, cycle_id: int) -> MetricsOut:
    """Every figure of DESIGN.md §4 for the cycle; null where there is not enough data."""
    return metrics_out(metrics_for_cycle(lookups.cycle(request, cycle_id)))
