"""Projects and their members."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from powertriangle.api import lookups
from powertriangle.api.auth import user_of
from powertriangle.api.outputs import member_out, project_out
from powertriangle.api.responses import CONFLICT, ERRORS
from powertriangle.api.schemas import MemberIn, MemberOut, ProjectIn, ProjectOut, ProjectUpdate
from powertriangle.core.access import can_write, projects_for
from powertriangle.projects.selectors import members_listed
from powertriangle.projects.services import member_add, project_create, project_update

router = Router(tags=["projects"])


@router.get("/projects", response={200: list[ProjectOut], **ERRORS})
def project_list(request: HttpRequest) -> list[ProjectOut]:
    user = user_of(request)
    writable = set(projects_for(user, write=True).values_list("pk", flat=True))
    projects = projects_for(user).select_related("organisation")
    return [project_out(p, can_write=p.pk in writable) for p in projects]


@router.post("/projects", response={201: ProjectOut, **ERRORS})
def project_add(request: HttpRequest, payload: ProjectIn) -> Status[ProjectOut]:
    organisation = lookups.writable_organisation(request, payload.organisation_id)
    project = project_create(
        by=user_of(request),
        organisation=organisation,
        title=payload.title,
        esther_question=payload.esther_question,
        description=payload.description,
    )
    return Status(201, project_out(project, can_write=True))


@router.get("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def project_read(request: HttpRequest, project_id: int) -> ProjectOut:
    project = lookups.project(request, project_id)
    return project_out(project, can_write=can_write(user_of(request), project))


@router.patch("/projects/{project_id}", response={200: ProjectOut, **ERRORS, **CONFLICT})
def project_change(request: HttpRequest, project_id: int, payload: ProjectUpdate) -> ProjectOut:
    """Change the fields sent; `version` must be the one read, else 409."""
    project = lookups.project(request, project_id, write=True)
    project = project_update(
        by=user_of(request),
        project=project,
        version=payload.version,
        title=project.title if payload.title is None else payload.title,
        esther_question=(
            project.esther_question if payload.esther_question is None else payload.esther_question
        ),
        description=project.description if payload.description is None else payload.description,
    )
    return project_out(project, can_write=True)


@router.get("/projects/{project_id}/members", response={200: list[MemberOut], **ERRORS})
def member_list(request: HttpRequest, project_id: int) -> list[MemberOut]:
    project = lookups.project(request, project_id)
    return [member_out(m) for m in members_listed(project.pk)]


@router.post("/projects/{project_id}/members", response={201: MemberOut, **ERRORS})
def member_create(request: HttpRequest, project_id: int, payload: MemberIn) -> Status[MemberOut]:
    project = lookups.project(request, project_id, write=True)
    member = member_add(
        by=user_of(request),
        project=project,
        display_name=payload.display_name,
        role=payload.role.value,
        profession=payload.profession,
    )
    return Status(201, member_out(member))
