"""Projects and their members."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema

from powertriangle.api.schemas.base import Id, Input, Version, limit
from powertriangle.projects import services as project_services
from powertriangle.triangle.model import Role, RoleGroup

ProjectTitle = Annotated[str, limit(project_services.TITLE_MAX)]
EstherQuestion = Annotated[str, limit(project_services.QUESTION_MAX)]
ProjectDescription = Annotated[str, limit(project_services.DESCRIPTION_MAX)]
MemberName = Annotated[str, limit(project_services.NAME_MAX)]
Profession = Annotated[str, limit(project_services.PROFESSION_MAX)]


class ProjectIn(Input):
    organisation_id: Id
    title: ProjectTitle
    esther_question: EstherQuestion
    description: ProjectDescription = ""


class ProjectUpdate(Input):
    """Fields left out keep their current value; `version` is the one the client read."""

    version: Version
    title: ProjectTitle | None = None
    esther_question: EstherQuestion | None = None
    description: ProjectDescription | None = None


class ProjectOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    title: str
    esther_question: str
    description: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    can_write: bool


class MemberIn(Input):
    display_name: MemberName
    role: Role
    profession: Profession = ""


class MemberOut(Schema):
    id: int
    display_name: str
    role: Role
    role_group: RoleGroup
    profession: str
    active: bool
