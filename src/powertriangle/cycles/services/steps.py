"""The steps every contribution service shares: who speaks, for whom, anonymously or not, and
when; announcing it live; hiding it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.core.access import AnyUser, require_write
from powertriangle.core.choices import StageChoice
from powertriangle.core.clock import day_only
from powertriangle.cycles.models import Action, Cycle, Factor, Link
from powertriangle.cycles.services.release import hold
from powertriangle.live.publish import publish
from powertriangle.projects.models import Member
from powertriangle.triangle.metrics import anonymous_group
from powertriangle.triangle.model import ContributionKind, RoleGroup, Stage, may_contribute
from powertriangle.triangle.voice import VoiceProblem, voice_problem

Item = TypeVar("Item", Factor, Link, Action)


def closed_message() -> str:
    return _("This cycle is closed: nothing in it can change any more.")


@dataclass(frozen=True)
class Voice:
    """What is stored about who a contribution speaks for."""

    author: Member | None
    on_behalf_of: Member | None
    anonymous: bool
    voice_group: RoleGroup
    created_at: dt.datetime


def require_stage(cycle: Cycle, kind: ContributionKind) -> None:
    stage = Stage(cycle.stage)
    if may_contribute(stage, kind):
        return
    if stage == Stage.CLOSED:
        message = _("This cycle is closed; nothing more can be added to it.")
    else:
        message = _("That cannot be added during the %(stage)s stage.") % {
            "stage": StageChoice(stage.value).label
        }
    raise ValidationError({"stage": message}, code="stage")


def member_of(cycle: Cycle, member: Member | None, *, field: str) -> Member | None:
    if member is not None and member.project_id != cycle.project_id:
        raise ValidationError({field: _("Choose a member of this project.")}, code="foreign")
    return member


def refuse_voice(problem: VoiceProblem | None) -> None:
    """Raise the plain-words refusal of a voice the model does not allow (triangle.voice)."""
    if problem == VoiceProblem.ANONYMOUS_ON_BEHALF:
        raise ValidationError(
            {"on_behalf_of": _("A contribution on someone's behalf cannot be anonymous.")},
            code=problem.value,
        )
    if problem == VoiceProblem.NOT_SUPPORTER:
        raise ValidationError(
            {"on_behalf_of": _("Only a supporter can add something on someone's behalf.")},
            code=problem.value,
        )


def resolve_voice(
    cycle: Cycle,
    *,
    author: Member | None,
    on_behalf_of: Member | None = None,
    anonymous: bool = False,
) -> Voice:
    """Decide the stored voice of a contribution.

    Supported contributions count as the represented person's voice. Anonymous ones never store
    their author and keep a role group only when at least k present members share it.
    """
    member_of(cycle, author, field="author")
    member_of(cycle, on_behalf_of, field="on_behalf_of")
    now = timezone.now()
    refuse_voice(voice_problem(anonymous=anonymous, on_behalf=on_behalf_of is not None))
    if anonymous:
        present = [m.role_group for m in cycle.present.all()]
        group = RoleGroup.UNDISCLOSED
        if author is not None:
            group = anonymous_group(author.role_group, present, settings.POWERTRIANGLE_ANONYMITY_K)
        return Voice(None, None, True, group, day_only(now))
    if author is None:
        raise ValidationError(
            {"author": _("Choose who is speaking, or make it anonymous.")}, code="required"
        )
    if on_behalf_of is not None and on_behalf_of.pk == author.pk:
        on_behalf_of = None
    speaker = on_behalf_of or author
    return Voice(author, on_behalf_of, False, speaker.role_group, now)


def announce(item: Factor | Link | Action, kind: str, data: dict[str, object]) -> None:
    """Publish `<kind>` for a new item, or, for a held (anonymous) one, leave it to the next
    release of its cycle, which publishes it with the others of a few seconds, shuffled."""
    if item.held:
        hold(item.cycle_id)
    else:
        publish(cycle_id=item.cycle_id, kind=kind, data=data)


def merge_errors(*errors: ValidationError) -> ValidationError:
    merged: dict[str, list[str]] = {}
    for error in errors:
        for field, messages in error.message_dict.items():
            merged.setdefault(field, []).extend(messages)
    return ValidationError(merged)


def set_hidden(
    *,
    by: AnyUser | None,
    item: Item,
    hidden: bool,
    kind: str,
    payload: Callable[[Item], dict[str, object]],
) -> Item:
    """Hide an inappropriate factor, link or action from every view, or show it again. It stays
    in the record, marked hidden; the `<kind>.hidden` event carries only its place, so the
    coach and the screens learn that it is hidden, never who wrote an anonymous one."""
    require_write(by, item.cycle.project)
    if not item.cycle.is_open:
        # Closed is closed: its figures stay what the close said. (A person's erasure is the
        # one change that reaches a closed cycle: projects.rights.)
        raise ValidationError({"hidden": closed_message()}, code="closed")
    model = type(item)
    with transaction.atomic():
        model.objects.filter(pk=item.pk).update(hidden=bool(hidden))
        publish(
            cycle_id=item.cycle_id,
            kind=f"{kind}.hidden" if hidden else f"{kind}.shown",
            data=payload(model.objects.get(pk=item.pk)),
        )
    item.refresh_from_db()
    return item
