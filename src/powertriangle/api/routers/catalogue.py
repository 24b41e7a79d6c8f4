"""The factor catalogue and prompts, in Swedish or English."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router

from powertriangle.api import lookups
from powertriangle.api.outputs import catalogue_out
from powertriangle.api.responses import ERRORS
from powertriangle.api.schemas import CatalogueOut, Language
from powertriangle.catalogue.services import catalogue_default, catalogue_for_organisation

router = Router(tags=["catalogue"])


@router.get("/catalogue", response={200: CatalogueOut, **ERRORS})
def catalogue_read(
    request: HttpRequest, lang: Language | None = None, project_id: int | None = None
) -> CatalogueOut:
    """The default catalogue, or with `project_id` the one that project's organisation uses.
    Without `lang`, texts are in the request's language."""
    if project_id is not None:
        project = lookups.project(request, project_id)
        catalogue = catalogue_for_organisation(project.organisation)
    else:
        catalogue = catalogue_default()
    chosen: Language = lang or ("sv" if (get_language() or "").startswith("sv") else "en")
    return catalogue_out(catalogue, chosen)
