"""A whole project out as a JSON document, and back in as a new project."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status

from powertriangle.api import lookups
from powertriangle.api.auth import user_of
from powertriangle.api.errors import location
from powertriangle.api.responses import ERRORS
from powertriangle.api.schemas import ImportIn, ImportOut
from powertriangle.exchange.services import project_export, project_import

router = Router(tags=["exchange"])


@router.get("/projects/{project_id}/export", response={200: dict[str, Any], **ERRORS})
def project_download(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """The project as a versioned document (format `powertriangle.project`, version 1) with
    local references instead of database ids; anonymous contributions carry no author."""
    project = lookups.project(request, project_id)
    return project_export(by=user_of(request), project=project)


@router.post("/import", response={201: ImportOut, **ERRORS})
def project_upload(request: HttpRequest, payload: ImportIn) -> Status[ImportOut]:
    """Create a new project in the organisation from an exported document. Problems are
    reported per place in the document (`document.cycles[0].factors[3].dimension`)."""
    organisation = lookups.writable_organisation(request, payload.organisation_id)
    try:
        project = project_import(
            by=user_of(request), organisation=organisation, document=payload.document
        )
    except ValidationError as exc:
        raise ValidationError(
            {
                location(("document", key)) if key != "document" else key: messages
                for key, messages in exc.message_dict.items()
            }
        ) from exc
    return Status(201, ImportOut(project_id=project.pk))
