"""Who the caller is and where they work, so that a script can start from the OpenAPI document
alone (the organisation ids that POST /projects needs)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Router

from powertriangle.accounts.models import Preference
from powertriangle.api.auth import user_of
from powertriangle.api.responses import ERRORS
from powertriangle.api.schemas import MeOut, OrganisationOut, PlaceOut
from powertriangle.orgs.models import Organisation, OrgMembership
from powertriangle.orgs.selectors import OrgNode, memberships_of, organisation_tree

router = Router(tags=["me"])


@router.get("/me", response={200: MeOut, **ERRORS})
def me_read(request: HttpRequest) -> MeOut:
    """Your account, your language, and your places: each organisation with your role there
    (coach: works in it; manager: reads its whole subtree)."""
    user = user_of(request)
    language = Preference.objects.filter(user=user).values_list("language", flat=True).first()
    return MeOut(
        id=user.pk,
        username=user.username,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        is_administrator=bool(user.is_superuser),
        places=[
            PlaceOut(
                organisation_id=m.organisation_id,
                organisation_name=m.organisation.name,
                kind=Organisation.Kind(m.organisation.kind),
                role=OrgMembership.Role(m.role),
            )
            for m in memberships_of(user)
        ],
    )


def _node(node: OrgNode) -> OrganisationOut:
    org = node.organisation
    return OrganisationOut(
        id=org.pk,
        name=org.name,
        kind=Organisation.Kind(org.kind),
        parent_id=org.parent_id,
        may_start_projects=node.writable,
        children=[_node(child) for child in node.children],
    )


@router.get("/organisations", response={200: list[OrganisationOut], **ERRORS})
def organisation_list(request: HttpRequest) -> list[OrganisationOut]:
    """The organisations you may see, as trees (region → municipality → unit)."""
    return [_node(root) for root in organisation_tree(user_of(request))]
