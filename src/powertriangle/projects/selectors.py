"""Reads for the project pages, each in a fixed number of queries whatever the data's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, IntegerField, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from powertriangle.core.access import AnyUser, projects_for
from powertriangle.core.choices import RoleChoice, RoleGroupChoice, StageChoice
from powertriangle.cycles.models import Action, Cycle, Factor, Link
from powertriangle.cycles.selectors import LINK_SHOWN
from powertriangle.orgs.models import Organisation
from powertriangle.projects.models import Member, Project


@dataclass(frozen=True)
class CycleRow:
    pk: int
    number: int
    stage: str
    stage_label: str
    started_at: datetime
    closed_at: datetime | None
    factor_count: int
    link_count: int
    action_count: int

    @property
    def is_open(self) -> bool:
        return self.stage != StageChoice.CLOSED


@dataclass(frozen=True)
class ProjectRow:
    project: Project
    cycle_pk: int | None
    cycle_number: int | None
    stage: str | None
    stage_label: str

    @property
    def cycle_is_open(self) -> bool:
        return self.stage is not None and self.stage != StageChoice.CLOSED


@dataclass
class OrganisationGroup:
    organisation: Organisation
    trail: list[str]  # names from the root down to the organisation's parent
    projects: list[ProjectRow] = field(default_factory=list)


@dataclass(frozen=True)
class MemberRow:
    member: Member
    role_label: str
    group: str
    group_label: str


def _latest_cycle(column: str) -> Subquery:
    return Subquery(
        Cycle.objects.filter(project=OuterRef("pk")).order_by("-number").values(column)[:1]
    )


def _stage_label(stage: str | None) -> str:
    return str(StageChoice(stage).label) if stage else ""


def projects_by_organisation(user: AnyUser, *, archived: bool = False) -> list[OrganisationGroup]:
    """The projects `user` may read, grouped by organisation, each with its latest cycle: those
    in use, or the archived ones (`archived=True`)."""
    projects = (
        projects_for(user)
        .filter(archived_at__isnull=not archived)
        .select_related("organisation")
        .annotate(
            latest_cycle_pk=_latest_cycle("pk"),
            latest_cycle_number=_latest_cycle("number"),
            latest_cycle_stage=_latest_cycle("stage"),
        )
        .order_by("organisation__path", "title", "pk")
    )
    groups: dict[int, OrganisationGroup] = {}
    for project in projects:
        org = project.organisation
        group = groups.get(org.pk)
        if group is None:
            group = groups[org.pk] = OrganisationGroup(organisation=org, trail=[])
        stage = project.latest_cycle_stage
        group.projects.append(
            ProjectRow(
                project=project,
                cycle_pk=project.latest_cycle_pk,
                cycle_number=project.latest_cycle_number,
                stage=stage,
                stage_label=_stage_label(stage),
            )
        )
    _fill_trails(list(groups.values()))
    return list(groups.values())


def _fill_trails(groups: list[OrganisationGroup]) -> None:
    """Name each organisation's ancestors (read from the materialised paths) in one query."""
    ancestors: list[tuple[OrganisationGroup, list[int]]] = []
    for group in groups:
        ids = [int(part) for part in group.organisation.path.strip("/").split("/") if part]
        ancestors.append((group, [pk for pk in ids if pk != group.organisation.pk]))
    wanted = {pk for _group, ids in ancestors for pk in ids}
    names = dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name"))
    for group, ids in ancestors:
        group.trail = [names[pk] for pk in ids if pk in names]


_NOT_HIDDEN = Q(hidden=False)


def _count(model: type[Model], shown: Q = _NOT_HIDDEN) -> Coalesce:
    rows = (
        model._default_manager.filter(shown, cycle=OuterRef("pk"))
        .order_by()
        .values("cycle")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def cycles_of(project: Project) -> list[CycleRow]:
    """The project's cycles, newest first, counting their visible factors, links and actions."""
    cycles: QuerySet[Cycle] = (
        Cycle.objects.filter(project=project)
        .annotate(
            factor_count=_count(Factor),
            link_count=_count(Link, LINK_SHOWN),
            action_count=_count(Action),
        )
        .order_by("-number")
    )
    return [
        CycleRow(
            pk=cycle.pk,
            number=cycle.number,
            stage=cycle.stage,
            stage_label=_stage_label(cycle.stage),
            started_at=cycle.started_at,
            closed_at=cycle.closed_at,
            factor_count=cycle.factor_count,  # type: ignore[attr-defined]
            link_count=cycle.link_count,  # type: ignore[attr-defined]
            action_count=cycle.action_count,  # type: ignore[attr-defined]
        )
        for cycle in cycles
    ]


def members_listed(project_id: int, *, active_only: bool = False) -> QuerySet[Member]:
    """The project's members as every list and picker shows them, in the order they joined.

    Never the stand-ins of anonymous workshop participants (they count as present, but nobody
    picks them); `active_only` for pickers: who may speak, own, vote or be marked present.
    """
    members = Member.objects.listed().filter(project_id=project_id)
    if active_only:
        members = members.filter(active=True)
    return members.order_by("id")


def members_of(project: Project) -> list[MemberRow]:
    """Everyone in the project, those still taking part first, in the order they joined."""
    rows = []
    for member in members_listed(project.pk).order_by("-active", "id"):
        group = member.role_group.value
        rows.append(
            MemberRow(
                member=member,
                role_label=str(RoleChoice(member.role).label),
                group=group,
                group_label=str(RoleGroupChoice(group).label),
            )
        )
    return rows


def member_of(project: Project, member_pk: object) -> Member | None:
    """A listed member of `project` by id (None for a foreign or unknown id, or a stand-in)."""
    try:
        key = int(str(member_pk))
    except (TypeError, ValueError):
        return None
    return members_listed(project.pk).filter(pk=key).first()


def memberships_of_user(user: AnyUser) -> list[Member]:
    """The project members linked to `user`'s account, with their projects."""
    if not user.is_authenticated:
        return []
    return list(
        Member.objects.filter(user_id=user.pk).select_related("project").order_by("project__title")
    )
