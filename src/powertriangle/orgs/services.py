"""Organisations as a tree and the accounts that work in them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from powertriangle.core.text import clean_choice, clean_text
from powertriangle.orgs.models import Organisation, OrgMembership

NAME_MAX = 200


def organisation_create(
    *, name: object, kind: object = Organisation.Kind.UNIT, parent: Organisation | None = None
) -> Organisation:
    clean_name = clean_text(name, field="name", max_length=NAME_MAX)
    clean_kind = clean_choice(kind, field="kind", choices=list(Organisation.Kind.values))
    with transaction.atomic():
        org = Organisation.objects.create(name=clean_name, kind=clean_kind, parent=parent)
        org.path = f"{parent.path if parent else '/'}{org.pk}/"
        org.save(update_fields=["path"])
    return org


def organisation_get_or_create_path(names: list[str]) -> Organisation:
    """The organisation at the end of a path of names ("Region/Municipality/Unit"), created
    as needed: region, then municipality, then units."""
    if not names:
        raise ValidationError({"org": _("Name an organisation.")})
    kinds = [Organisation.Kind.REGION, Organisation.Kind.MUNICIPALITY]
    parent: Organisation | None = None
    for depth, name in enumerate(names):
        clean_name = clean_text(name, field="org", max_length=NAME_MAX)
        found = Organisation.objects.filter(parent=parent, name=clean_name).first()
        if found is None:
            kind = kinds[depth] if depth < len(kinds) and len(names) > 1 else Organisation.Kind.UNIT
            found = organisation_create(name=clean_name, kind=kind, parent=parent)
        parent = found
    assert parent is not None
    return parent


def membership_set(*, user: User, organisation: Organisation, role: object) -> OrgMembership:
    clean_role = clean_choice(role, field="role", choices=list(OrgMembership.Role.values))
    membership, _created = OrgMembership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": clean_role}
    )
    return membership
