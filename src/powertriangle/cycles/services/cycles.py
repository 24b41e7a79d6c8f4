"""Starting, advancing and attending cycles."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.core.access import AnyUser, require_write
from powertriangle.core.choices import StageChoice
from powertriangle.core.errors import ConflictError
from powertriangle.cycles import payloads
from powertriangle.cycles.models import Action, ActionReview, Attendance, Cycle, CycleStage
from powertriangle.cycles.services.release import release_cycle_now
from powertriangle.cycles.signals import cycle_closed
from powertriangle.live.publish import publish
from powertriangle.projects.models import Member, Project
from powertriangle.triangle.model import Stage, TransitionError, next_stage

VOTES_MAX = 20


def _stage_user(by: AnyUser | None) -> User | None:
    return by if isinstance(by, User) else None


def cycle_start(*, by: AnyUser | None, project: Project, votes_per_member: int = 3) -> Cycle:
    """Open the next cycle. It begins with reaction and a review of the previous cycle's actions."""
    require_write(by, project)
    if not isinstance(votes_per_member, int) or not 0 <= votes_per_member <= VOTES_MAX:
        raise ValidationError(
            {"votes_per_member": _("Choose between 0 and %(max)d votes.") % {"max": VOTES_MAX}}
        )
    with transaction.atomic():
        # Lock the project row so two coaches cannot open two cycles at once.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        if Cycle.objects.filter(project=project).exclude(stage=StageChoice.CLOSED).exists():
            raise ValidationError(
                {"cycle": _("Close the current cycle before starting a new one.")}, code="open"
            )
        previous = Cycle.objects.filter(project=project).order_by("-number").first()
        number = (Cycle.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0) + 1
        cycle = Cycle.objects.create(
            project=project, number=number, votes_per_member=votes_per_member
        )
        CycleStage.objects.create(cycle=cycle, stage=Stage.REACTION, started_by=_stage_user(by))
        if previous is not None:
            actions = Action.objects.filter(cycle=previous).order_by("created_at", "id")
            ActionReview.objects.bulk_create(
                ActionReview(action=a, cycle=cycle, status=a.status) for a in actions
            )
            Attendance.objects.bulk_create(
                Attendance(cycle=cycle, member_id=a.member_id)
                for a in Attendance.objects.filter(cycle=previous, member__active=True)
            )
    return cycle


def cycle_advance(
    *, by: AnyUser | None, cycle: Cycle, to: object = None, version: int | None = None
) -> Cycle:
    """Move the cycle one stage on. `to`, when given, must be that next stage."""
    require_write(by, cycle.project)
    current = Stage(cycle.stage)
    try:
        target = next_stage(current)
    except TransitionError:
        raise ValidationError(
            {"stage": _("This cycle is closed. Start a new cycle to go on.")}, code="transition"
        ) from None
    if to is not None and to != target.value:
        labels = {"from": StageChoice(current.value).label, "to": StageChoice(target.value).label}
        raise ValidationError(
            {"stage": _("From %(from)s the cycle can only move on to %(to)s.") % labels},
            code="transition",
        )
    now = timezone.now()
    with transaction.atomic():
        # What is held reaches the screens in the stage it was said in.
        release_cycle_now(cycle.pk)
        query = Cycle.objects.filter(pk=cycle.pk, stage=current.value)
        if version is not None:
            query = query.filter(version=version)
        changes: dict[str, object] = {"stage": target.value, "version": F("version") + 1}
        if target == Stage.CLOSED:
            changes["closed_at"] = now
        if not query.update(**changes):
            raise ConflictError(_("The cycle has already moved on. Reload to see where it is."))
        CycleStage.objects.filter(cycle=cycle, ended_at__isnull=True).update(ended_at=now)
        if target != Stage.CLOSED:
            CycleStage.objects.create(cycle=cycle, stage=target, started_by=_stage_user(by))
        else:
            cycle_closed.send(sender=Cycle, cycle=Cycle.objects.get(pk=cycle.pk))
        publish(
            cycle_id=cycle.pk,
            kind="cycle.advanced",
            data=payloads.cycle_payload(Cycle.objects.get(pk=cycle.pk)),
        )
    cycle.refresh_from_db()
    return cycle


def attendance_set(*, by: AnyUser | None, cycle: Cycle, members: Iterable[Member]) -> list[Member]:
    """Record who is present in the cycle (presence share and the anonymity rule use it).

    The stand-ins of anonymous workshop participants stay present: no list offers them, so
    leaving them out of `members` never means they have gone.
    """
    require_write(by, cycle.project)
    chosen = list(members)
    if any(m.project_id != cycle.project_id for m in chosen):
        raise ValidationError({"members": _("Choose members of this project.")}, code="foreign")
    with transaction.atomic():
        named = {m.pk for m in chosen}
        stand_ins = Member.objects.filter(cycles_present=cycle, stand_in=True).order_by("id")
        chosen += [m for m in stand_ins if m.pk not in named]
        Attendance.objects.filter(cycle=cycle).delete()
        Attendance.objects.bulk_create(Attendance(cycle=cycle, member=m) for m in chosen)
        publish(
            cycle_id=cycle.pk,
            kind="attendance.changed",
            data=payloads.attendance_payload(cycle, chosen),
        )
    return chosen
