"""Running a workshop: create, open, close, the timer, and joining it from a phone.

Every change follows authorise → validate → write in a transaction → publish a live event.
The coach's services take `by` (the logged-in user, checked with core.access); joining takes a
workshop found by its code or token, and is allowed only while the workshop is open.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import Counter

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.core.access import AnyUser, require_write
from powertriangle.core.choices import RoleChoice
from powertriangle.core.clock import day_only
from powertriangle.core.joincodes import new_code
from powertriangle.cycles.models import Cycle, VoteTally
from powertriangle.cycles.services.cycles import attendance_set
from powertriangle.cycles.services.release import release_cycle_now
from powertriangle.live.publish import publish
from powertriangle.live.services import live_log_prune
from powertriangle.projects.models import Member
from powertriangle.projects.services import member_add, member_add_stand_in
from powertriangle.triangle.model import Role, role_group
from powertriangle.workshops import payloads as workshop_payloads
from powertriangle.workshops.models import Participant, Workshop, WorkshopStatus

# A workshop's code and QR link stop working this long after it opened, even if nobody closed it.
MAX_OPEN = dt.timedelta(hours=12)
TIMER_MAX_MINUTES = 60
# Who may join as a newcomer (coaches and managers take part with their accounts).
JOIN_ROLES = (
    RoleChoice.PERSON_IN_NEED_OF_CARE,
    RoleChoice.RELATIVE,
    RoleChoice.PROFESSIONAL,
    RoleChoice.SUPPORTER,
)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def is_live(workshop: Workshop, now: dt.datetime | None = None) -> bool:
    """Open, and opened less than MAX_OPEN ago."""
    now = now or timezone.now()
    return (
        workshop.status == WorkshopStatus.OPEN
        and workshop.opened_at is not None
        and workshop.opened_at > now - MAX_OPEN
    )


def live_until(workshop: Workshop) -> dt.datetime | None:
    """When the workshop stops being live by itself (MAX_OPEN after it opened)."""
    return None if workshop.opened_at is None else workshop.opened_at + MAX_OPEN


def seconds_left(workshop: Workshop, now: dt.datetime | None = None) -> int | None:
    if workshop.timer_ends_at is None:
        return None
    now = now or timezone.now()
    return max(0, int((workshop.timer_ends_at - now).total_seconds() + 0.5))


def joined_groups(workshop: Workshop) -> dict[str, int]:
    """How many different people have joined, by role group (never who)."""
    roles = (
        Member.objects.filter(
            pk__in=Participant.objects.filter(workshop=workshop).values("member_id")
        )
        .values_list("role", flat=True)
        .order_by()
    )
    return dict(Counter(role_group(Role(role)).value for role in roles))


def _user(by: AnyUser | None) -> User | None:
    return by if isinstance(by, User) else None


def _publish_state(workshop: Workshop, kind: str) -> int:
    cycle = Cycle.objects.get(pk=workshop.cycle_id)
    return publish(
        cycle_id=workshop.cycle_id,
        kind=kind,
        data=workshop_payloads.workshop_payload(
            workshop_id=workshop.pk,
            stage=cycle.stage,
            is_open=workshop.status == WorkshopStatus.OPEN,
        ),
    )


def _refresh(workshop: Workshop) -> Workshop:
    workshop.refresh_from_db()
    return workshop


def workshop_create(*, by: AnyUser | None, cycle: Cycle, anonymous: object) -> Workshop:
    """A workshop of `cycle`, not open yet. Anonymity can still change until it opens."""
    require_write(by, cycle.project)
    if not isinstance(anonymous, bool):
        raise ValidationError({"anonymous": _("Choose whether names are saved.")}, code="type")
    if not cycle.is_open:
        raise ValidationError(
            {"cycle": _("This cycle is closed. Start a new cycle to run a workshop.")},
            code="closed",
        )
    with transaction.atomic():
        return Workshop.objects.create(
            cycle=cycle,
            anonymous=anonymous,
            join_token=secrets.token_urlsafe(16),
            order_salt=secrets.token_hex(8),
            created_by=_user(by),
        )


def workshop_set_anonymous(
    *, by: AnyUser | None, workshop: Workshop, anonymous: object
) -> Workshop:
    """Change the anonymity choice; only before the workshop opens."""
    require_write(by, workshop.cycle.project)
    if not isinstance(anonymous, bool):
        raise ValidationError({"anonymous": _("Choose whether names are saved.")}, code="type")
    with transaction.atomic():
        if not Workshop.objects.filter(pk=workshop.pk, status=WorkshopStatus.DRAFT).update(
            anonymous=anonymous
        ):
            raise ValidationError(
                {"anonymous": _("Anonymity cannot change once the workshop has opened.")},
                code="immutable",
            )
    return _refresh(workshop)


def workshop_open(*, by: AnyUser | None, workshop: Workshop) -> Workshop:
    """Open the workshop: it gets a fresh nine-digit code (eight random digits and a check
    digit), and phones may join."""
    require_write(by, workshop.cycle.project)
    now = timezone.now()
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().select_related("cycle").get(pk=workshop.pk)
        if locked.status != WorkshopStatus.DRAFT:
            raise ValidationError(
                {"status": _("This workshop has already been opened.")}, code="status"
            )
        if not locked.cycle.is_open:
            raise ValidationError(
                {"cycle": _("This cycle is closed. Start a new cycle to run a workshop.")},
                code="closed",
            )
        others = Workshop.objects.filter(
            cycle_id=locked.cycle_id, status=WorkshopStatus.OPEN, opened_at__gt=now - MAX_OPEN
        ).exclude(pk=locked.pk)
        if others.exists():
            raise ValidationError(
                {"status": _("Another workshop of this cycle is open. Close it first.")},
                code="other_open",
            )
        for _attempt in range(20):
            code = new_code()
            try:
                with transaction.atomic():
                    Workshop.objects.filter(pk=locked.pk).update(
                        code=code, status=WorkshopStatus.OPEN, opened_at=now
                    )
                break
            except IntegrityError:  # the code is in use by another open workshop
                continue
        else:  # pragma: no cover - 20 collisions in a space of 10^8
            raise RuntimeError("no free workshop code")
        seq = _publish_state(_refresh(locked), "workshop.opened")
        Workshop.objects.filter(pk=locked.pk).update(opened_seq=seq)
    return _refresh(workshop)


def workshop_close(*, by: AnyUser | None, workshop: Workshop) -> Workshop:
    """Close the workshop: its code and link stop working at once; the cycle stays as it is."""
    require_write(by, workshop.cycle.project)
    with transaction.atomic():
        changed = Workshop.objects.filter(
            pk=workshop.pk, status__in=[WorkshopStatus.DRAFT, WorkshopStatus.OPEN]
        ).update(
            status=WorkshopStatus.CLOSED, code=None, closed_at=timezone.now(), timer_ends_at=None
        )
        if changed:
            # What phones said in the last seconds reaches the screens before they close.
            release_cycle_now(workshop.cycle_id)
            # Nobody of this workshop votes any more: forget how many dots each anonymous
            # participant put, the last thing that counted anything per person.
            VoteTally.objects.filter(
                cycle_id=workshop.cycle_id,
                member_id__in=Participant.objects.filter(workshop=workshop).values("member_id"),
            ).delete()
            _publish_state(_refresh(workshop), "workshop.closed")
            # Only screens that reconnect need the log: the cycle's events past retention go.
            live_log_prune(cycle_ids=[workshop.cycle_id])
    return _refresh(workshop)


def workshops_close_for_cycle(*, cycle: Cycle, **_signal: object) -> None:
    """Close every workshop of a cycle that has just closed (cycles.signals.cycle_closed): its
    code stops joining and its phones say thank you."""
    for workshop in Workshop.objects.filter(cycle=cycle).exclude(status=WorkshopStatus.CLOSED):
        workshop_close(by=None, workshop=workshop)


def workshop_set_timer(*, by: AnyUser | None, workshop: Workshop, minutes: object) -> Workshop:
    """Start a countdown of `minutes` for every screen, or stop it with 0."""
    require_write(by, workshop.cycle.project)
    try:
        value = int(str(minutes))
    except ValueError:
        value = -1
    if not 0 <= value <= TIMER_MAX_MINUTES:
        raise ValidationError(
            {"minutes": _("Choose between 0 and %(max)d minutes.") % {"max": TIMER_MAX_MINUTES}},
            code="range",
        )
    if not is_live(workshop):
        raise ValidationError({"status": _("The workshop is not open.")}, code="closed")
    ends = timezone.now() + dt.timedelta(minutes=value) if value else None
    with transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(timer_ends_at=ends)
        workshop = _refresh(workshop)
        publish(
            cycle_id=workshop.cycle_id,
            kind="workshop.timer",
            data=workshop_payloads.timer_payload(
                workshop_id=workshop.pk,
                seconds_left=seconds_left(workshop),
                running=ends is not None,
            ),
        )
    return workshop


def participant_join(
    *,
    workshop: Workshop,
    member: Member | None = None,
    display_name: object = None,
    role: object = None,
) -> tuple[Participant, str]:
    """Join an open workshop as a member of the project, or as a newcomer with a name and a role.

    In an anonymous workshop nobody says who they are: only the role is asked, and a name, if
    sent, is never stored. Returns the participant and the secret for their cookie.
    """
    if not is_live(workshop):
        raise ValidationError({"workshop": _("This workshop is not open.")}, code="closed")
    project = workshop.cycle.project
    if member is not None:
        if workshop.anonymous:
            raise ValidationError(
                {"member": _("In an anonymous workshop nobody needs to say who they are.")},
                code="anonymous",
            )
        if member.project_id != project.pk or not member.active:
            raise ValidationError({"member": _("Choose a member of this project.")}, code="foreign")
    elif role not in JOIN_ROLES:
        raise ValidationError({"role": _("Choose your role.")}, code="required")
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if not is_live(locked):
            raise ValidationError({"workshop": _("This workshop is not open.")}, code="closed")
        if member is None:
            if workshop.anonymous:
                # Not in anyone's list of names: the person stays anonymous.
                member = member_add_stand_in(project=project, role=role)
            else:
                member = member_add(
                    by=None,
                    project=project,
                    display_name=display_name,
                    role=role,
                    newcomer=True,
                )
        cycle = Cycle.objects.get(pk=workshop.cycle_id)
        present = list(cycle.present.all())
        if member.pk not in {m.pk for m in present}:
            attendance_set(by=None, cycle=cycle, members=[*present, member])
        secret = secrets.token_urlsafe(32)
        now = timezone.now()
        participant = Participant.objects.create(
            workshop=locked,
            member=member,
            secret_hash=secret_hash(secret),
            # In an anonymous workshop not even when someone joined is kept.
            joined_at=day_only(now) if workshop.anonymous else now,
        )
        publish(
            cycle_id=workshop.cycle_id,
            kind="participant.joined",
            data=workshop_payloads.joined_payload(
                workshop_id=workshop.pk, groups=joined_groups(workshop)
            ),
        )
    return participant, secret
