"""Reads about organisations: the tree of those an account may see, and its own places."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User

from powertriangle.core.access import readable_organisations, writable_organisations
from powertriangle.orgs.models import Organisation, OrgMembership


@dataclass
class OrgNode:
    organisation: Organisation
    writable: bool
    children: list[OrgNode] = field(default_factory=list)


def organisation_tree(user: User) -> list[OrgNode]:
    """The organisations `user` may see, as trees (a root is one whose parent they may not
    see), children by name; `writable`: they may start projects there. One query each."""
    orgs = list(readable_organisations(user).order_by("path"))
    writable = set(writable_organisations(user).values_list("pk", flat=True))
    nodes = {org.pk: OrgNode(org, org.pk in writable) for org in orgs}
    roots: list[OrgNode] = []
    for org in orgs:
        parent = nodes.get(org.parent_id) if org.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[org.pk])
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.organisation.name.casefold(), n.organisation.pk))
    return roots


def memberships_of(user: User) -> list[OrgMembership]:
    return list(
        OrgMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__path")
    )


def sole_coach_of(user: User) -> list[Organisation]:
    """The organisations where `user` is the only coach: nobody could change their projects
    after the account is gone (an administrator would have to name a new coach)."""
    coach = OrgMembership.Role.COACH
    mine = OrgMembership.objects.filter(user=user, role=coach).values("organisation")
    others = OrgMembership.objects.filter(role=coach).exclude(user=user).values("organisation")
    # One query: their organisations with no other coach.
    return list(Organisation.objects.filter(pk__in=mine).exclude(pk__in=others).order_by("path"))
