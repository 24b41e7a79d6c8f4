"""The end of a project: archived first (read only, listed apart, can be brought back), then,
after a confirmation, deleted for good with everything in it."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.core.access import AnyUser, require_write
from powertriangle.projects.models import Project
from powertriangle.workshops.models import Workshop, WorkshopStatus
from powertriangle.workshops.services import workshop_close

logger = logging.getLogger(__name__)


def project_archive(*, by: AnyUser | None, project: Project, archived: bool) -> Project:
    """Archive `project` (or bring it back, `archived=False`). Its open workshops close first:
    their phones say thank you, as when the coach closes them (nothing writes into a project
    that is read only)."""
    require_write(by, project, archived=True)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if archived and project.archived_at is None:
            live = Workshop.objects.filter(
                cycle__project=project, status__in=[WorkshopStatus.DRAFT, WorkshopStatus.OPEN]
            ).select_related("cycle__project")
            for workshop in live:
                workshop_close(by=by, workshop=workshop)
            project.archived_at = timezone.now()
        elif not archived:
            project.archived_at = None
        project.version += 1
        project.save(update_fields=["archived_at", "version", "updated_at"])
    return project


def project_delete(*, by: AnyUser | None, project: Project) -> None:
    """Delete an archived project and everything in it (cycles, contributions, members, live
    log). A project that is not archived is refused: archiving is the first, reversible step."""
    require_write(by, project, archived=True)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.archived_at is None:
            raise ValidationError(
                {"confirm": _("Archive the project first; then it can be deleted.")},
                code="not_archived",
            )
        pk = project.pk
        project.delete()
    logger.info("project %s deleted", pk)
