"""Who may reach what: written once, used by every page, partial, API operation and service.

A coach reaches the projects of the organisations they belong to (read and write). A manager
reads the projects of their organisation's whole subtree. Anyone else gets 404: we never
confirm that something exists to someone who may not see it.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from powertriangle.orgs.models import Organisation, OrgMembership
from powertriangle.projects.models import Project

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)


def _is_admin(user: AnyUser) -> bool:
    return bool(getattr(user, "is_superuser", False)) and bool(user.is_active)


def writable_organisations(user: AnyUser) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if _is_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=OrgMembership.Role.COACH
    )


def readable_organisations(user: AnyUser) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if _is_admin(user):
        return Organisation.objects.all()
    roots = OrgMembership.objects.filter(user=user).select_related("organisation")
    condition = Q(pk__in=[])
    for membership in roots:
        if membership.role == OrgMembership.Role.MANAGER:
            condition |= Q(path__startswith=membership.organisation.path)
        else:
            condition |= Q(pk=membership.organisation_id)
    return Organisation.objects.filter(condition)


def projects_for(
    user: AnyUser, *, write: bool = False, archived: bool = False
) -> QuerySet[Project]:
    """The projects `user` may read, or change (`write`). An archived project is read only:
    only `archived=True` (archiving, deleting, a person's data rights) reaches it to write."""
    orgs = writable_organisations(user) if write else readable_organisations(user)
    projects = Project.objects.filter(organisation__in=orgs.values("pk"))
    if write and not archived:
        projects = projects.filter(archived_at__isnull=True)
    return projects


def can_write(user: AnyUser, project: Project, *, archived: bool = False) -> bool:
    return projects_for(user, write=True, archived=archived).filter(pk=project.pk).exists()


def require_write(user: AnyUser | None, project: Project, *, archived: bool = False) -> None:
    """Raise Http404 unless `user` may change `project`. `None` is the command line (trusted),
    which may change an archived project only where `archived` says so, like everyone."""
    if user is None:
        if project.is_archived and not archived:
            raise Http404
        return
    if not can_write(user, project, archived=archived):
        raise Http404


def get_in_projects(
    user: AnyUser,
    queryset: QuerySet[M],
    pk: object,
    *,
    via: str,
    write: bool = False,
    archived: bool = False,
) -> M:
    """The object `pk` of `queryset`, if its project (reached by the lookup `via`) is visible."""
    try:
        key = int(str(pk))
    except (TypeError, ValueError):
        raise Http404 from None
    allowed = projects_for(user, write=write, archived=archived).values("pk")
    lookup = "pk__in" if via == "" else f"{via}__in"
    obj = queryset.filter(**{lookup: allowed}, pk=key).first()
    if obj is None:
        raise Http404
    return obj


def get_project(
    user: AnyUser, pk: object, *, write: bool = False, archived: bool = False
) -> Project:
    return get_in_projects(
        user,
        Project.objects.select_related("organisation"),
        pk,
        via="",
        write=write,
        archived=archived,
    )
