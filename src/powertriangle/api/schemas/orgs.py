"""Who the caller is, and the organisations they may see."""

from __future__ import annotations

from ninja import Schema

from powertriangle.orgs.models import Organisation, OrgMembership


class PlaceOut(Schema):
    """One of the account's places: an organisation and the role there."""

    organisation_id: int
    organisation_name: str
    kind: Organisation.Kind
    role: OrgMembership.Role


class MeOut(Schema):
    id: int
    username: str
    language: str
    is_administrator: bool
    places: list[PlaceOut]


class OrganisationOut(Schema):
    """`may_start_projects`: the caller may create projects here (POST /projects)."""

    id: int
    name: str
    kind: Organisation.Kind
    parent_id: int | None
    may_start_projects: bool
    children: list[OrganisationOut]


OrganisationOut.model_rebuild()
