"""Finding the objects an operation names, always through `core.access`.

Ids in the path that the caller may not see (or may not change, for writes) are 404. Ids in a
request body (members, factors) are looked up inside the project or cycle already reached, so
an unknown one is a 422 on that field and reveals nothing about other projects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from powertriangle.api.auth import user_of
from powertriangle.core.access import get_in_projects, get_project, writable_organisations
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link
from powertriangle.orgs.models import Organisation
from powertriangle.projects.models import Member, Project


def project(request: HttpRequest, pk: int, *, write: bool = False) -> Project:
    return get_project(user_of(request), pk, write=write)


def cycle(request: HttpRequest, pk: int, *, write: bool = False) -> Cycle:
    return get_in_projects(
        user_of(request),
        Cycle.objects.select_related("project__organisation"),
        pk,
        via="project",
        write=write,
    )


InCycle = TypeVar("InCycle", Factor, Link, Action)


def _in_cycle(request: HttpRequest, model: type[InCycle], pk: int, write: bool) -> InCycle:
    return get_in_projects(
        user_of(request),
        model._default_manager.select_related("cycle__project"),
        pk,
        via="cycle__project",
        write=write,
    )


def factor(request: HttpRequest, pk: int, *, write: bool = False) -> Factor:
    return _in_cycle(request, Factor, pk, write)


def link(request: HttpRequest, pk: int, *, write: bool = False) -> Link:
    return _in_cycle(request, Link, pk, write)


def action(request: HttpRequest, pk: int, *, write: bool = False) -> Action:
    return _in_cycle(request, Action, pk, write)


def review(request: HttpRequest, pk: int, *, write: bool = False) -> ActionReview:
    return get_in_projects(
        user_of(request),
        ActionReview.objects.select_related("cycle__project", "action"),
        pk,
        via="cycle__project",
        write=write,
    )


def writable_organisation(request: HttpRequest, pk: int) -> Organisation:
    found = writable_organisations(user_of(request)).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


class References:
    """Resolves the ids of a request body within one project; collects every problem."""

    def __init__(self, project: Project, cycle: Cycle | None = None) -> None:
        self.project = project
        self.cycle = cycle
        self.errors: dict[str, list[str]] = {}

    def _fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def member(self, pk: int | None, *, field: str) -> Member | None:
        if pk is None:
            return None
        found = Member.objects.filter(project=self.project, pk=pk).first()
        if found is None:
            self._fail(field, _("Choose a member of this project."))
        return found

    def members(self, ids: Sequence[int], *, field: str) -> list[Member]:
        unique = list(dict.fromkeys(ids))
        found = Member.objects.filter(project=self.project, pk__in=unique).in_bulk()
        if len(found) != len(unique):
            self._fail(field, _("Choose members of this project."))
        return [found[pk] for pk in unique if pk in found]

    def factor(self, pk: int, *, field: str) -> Factor | None:
        found = Factor.objects.filter(cycle=self.cycle, pk=pk).first()
        if found is None:
            self._fail(field, _("Choose a factor of this cycle."))
        return found

    def factors(self, ids: Sequence[int], *, field: str) -> list[Factor]:
        unique = list(dict.fromkeys(ids))
        found = Factor.objects.filter(cycle=self.cycle, pk__in=unique).in_bulk()
        if len(found) != len(unique):
            self._fail(field, _("Choose factors of this cycle."))
        return [found[pk] for pk in unique if pk in found]

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
