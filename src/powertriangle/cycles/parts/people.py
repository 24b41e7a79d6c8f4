"""Who can be picked on the cycle's screens: as speaker, owner, voter or present."""

from __future__ import annotations

from django.db.models import QuerySet

from powertriangle.cycles.models import Cycle
from powertriangle.projects.models import Member
from powertriangle.projects.selectors import members_listed


def members_of(cycle: Cycle) -> QuerySet[Member]:
    """The project's active members, in the order they joined."""
    return members_listed(cycle.project_id, active_only=True)
