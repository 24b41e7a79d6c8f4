"""Finding a cycle and its parts for a request: 404 for anyone without access (pages, htmx
fragments and the workshop views alike)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from powertriangle.core.access import can_write, get_in_projects
from powertriangle.cycles.models import Cycle

M = TypeVar("M", bound=Model)


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def cycle_for(request: HttpRequest, pk: object, *, write: bool) -> Cycle:
    """The cycle, if the user may read it (or change it, with `write`); otherwise 404."""
    return get_in_projects(
        request.user,
        Cycle.objects.select_related("project", "project__organisation"),
        pk,
        via="project",
        write=write,
    )


def item_of(request: HttpRequest, cycle: Cycle, queryset: QuerySet[M], pk: object) -> M:
    """A factor, action or review the user may change that belongs to the URL's cycle; else 404."""
    obj = get_in_projects(request.user, queryset, pk, via="cycle__project", write=True)
    if getattr(obj, "cycle_id", None) != cycle.pk:
        raise Http404
    return obj


def writable(request: HttpRequest, cycle: Cycle) -> bool:
    """May the user change this cycle (not only read it)?"""
    return can_write(request.user, cycle.project)
