"""Erasing a member (right to erasure), in one of two ways the coach chooses:

- DELETE: the member and everything they said or that was said on their behalf go, with what
  rests on it (links to their factors, dots on them, reviews of their actions);
- ANONYMISE: what they said stays, as anonymous items: no author, no "on behalf of", only the
  day, and the role group only where the k-rule allows it. Their dots stay as anonymous dots.
  The member record becomes a nameless stand-in that keeps only the role and the cycles it was
  present in, so that presence and the voice figures of past cycles stay true.

Either way, their name, profession and account link are gone, they own no action, their phones
lose access, and the live log of the project's cycles is cleared (it repeats names) with a new
live epoch, so that open screens read everything again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from powertriangle.core.access import AnyUser, require_write
from powertriangle.core.clock import day_only
from powertriangle.cycles.models import Action, Factor, Link, Vote, VoteTally
from powertriangle.live.services import live_epoch_renew, live_log_clear
from powertriangle.projects.models import Member
from powertriangle.projects.rights.subject import contributions_of
from powertriangle.projects.services import STAND_IN_NAME
from powertriangle.triangle.metrics import anonymous_group
from powertriangle.triangle.model import RoleGroup
from powertriangle.workshops.models import Participant

logger = logging.getLogger(__name__)


class ErasureMode(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"


@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure of the member touches: the confirmation page says it before."""

    contributions: int  # said by them or on their behalf
    said_for_others: int  # said by them on someone else's behalf (that person's voice stays)
    dots: int
    actions_owned: int


def erasure_plan(member: Member) -> ErasurePlan:
    items = contributions_of(member)
    for_others = [i for i in items if i.author_id == member.pk and i.on_behalf_of_id is not None]
    return ErasurePlan(
        contributions=len(items) - len(for_others),
        said_for_others=len(for_others),
        dots=Vote.everything.filter(member=member).count(),
        actions_owned=member.owned_actions.count(),
    )


def _anonymise(item: Factor | Link | Action, member: Member, present: list[RoleGroup]) -> None:
    """`present`: the role groups present in the item's cycle (for the k-rule)."""
    if item.on_behalf_of_id is not None and item.on_behalf_of_id != member.pk:
        # They spoke for someone else: it is that person's voice, only the helper goes.
        item.author = None
        item.save(update_fields=["author"])
        return
    item.author = None
    item.on_behalf_of = None
    item.anonymous = True
    item.voice_group = anonymous_group(
        RoleGroup(item.voice_group), present, settings.POWERTRIANGLE_ANONYMITY_K
    )
    item.created_at = day_only(item.created_at)
    item.version += 1
    item.save(
        update_fields=[
            "author",
            "on_behalf_of",
            "anonymous",
            "voice_group",
            "created_at",
            "version",
        ]
    )


def _delete_contributions(member: Member) -> None:
    # Their own voice; what they said for someone else stays that person's (its author is
    # set to none when the member row goes).
    mine = Q(on_behalf_of=member) | Q(author=member, on_behalf_of__isnull=True)
    for model in (Link, Action, Factor):  # links and actions first: they point at factors
        model.everything.filter(mine).delete()


def member_erase(*, by: AnyUser | None, member: Member, mode: ErasureMode) -> ErasurePlan:
    """Erase `member` as `mode` says; returns what it touched. `by=None` is the command line."""
    project = member.project
    require_write(by, project, archived=True)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        plan = erasure_plan(member)
        cycle_ids = list(project.cycles.values_list("pk", flat=True))
        member.owned_actions.clear()
        Participant.objects.filter(member=member).delete()
        VoteTally.objects.filter(member=member).delete()
        if mode == ErasureMode.DELETE:
            _delete_contributions(member)
            member.delete()
        else:
            present: dict[int, list[RoleGroup]] = {}  # read once per cycle
            for item in contributions_of(member):
                if item.cycle_id not in present:
                    present[item.cycle_id] = [m.role_group for m in item.cycle.present.all()]
                _anonymise(item, member, present[item.cycle_id])
            for vote in Vote.everything.filter(member=member):
                vote.member = None
                vote.created_at = day_only(vote.created_at)
                vote.save(update_fields=["member", "created_at"])
            Member.objects.filter(pk=member.pk).update(
                display_name=STAND_IN_NAME,
                profession="",
                user=None,
                active=False,
                stand_in=True,
                newcomer=False,
                created_at=day_only(member.created_at),
            )
        live_log_clear(cycle_ids=cycle_ids)
        live_epoch_renew(cycle_ids=cycle_ids)
    # Ids only: a log line must not keep the name that was just erased.
    logger.info("member %s of project %s erased (%s)", member.pk, project.pk, mode.value)
    return plan
