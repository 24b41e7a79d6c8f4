"""What a participant adds from a phone: each service checks the workshop and the participant,
then calls the cycle's own service with the participant's member as the voice.

In an anonymous workshop the cycle services get `anonymous=True`, so the author is never stored.
A supporter may speak on behalf of a member: it counts as that member's voice, marked supported.

Every form carries a one-time key. The key is stored in the same transaction as what the form
made; the same key again (a double tap, a retry after a lost answer) makes nothing new and gets
the first result back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.catalogue.models import CatalogueEntry
from powertriangle.cycles.models import Action, Cycle, Factor, Link, Vote
from powertriangle.cycles.services.actions import action_create
from powertriangle.cycles.services.contributions import factor_create, link_create, vote_cast
from powertriangle.cycles.services.steps import refuse_voice
from powertriangle.projects.models import Member
from powertriangle.triangle.model import Role
from powertriangle.triangle.voice import groups_disclosable, voice_problem
from powertriangle.workshops.models import Participant, SubmissionKey
from powertriangle.workshops.services import is_live, joined_groups

KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
KINDS: dict[str, type[models.Model]] = {
    "factor": Factor,
    "link": Link,
    "action": Action,
    "vote": Vote,
}


@dataclass(frozen=True)
class Outcome:
    """What a submitted form made. `replayed`: the key had been used, nothing new was made.
    `obj` is None only when a replayed object has since been removed (a vote taken back)."""

    kind: str
    obj: Any
    replayed: bool


def submission_key_check(key: object) -> str:
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise ValidationError(
            {"submission": _("This form is out of date. Reload the page and try again.")},
            code="key",
        )
    return key


def require_live(participant: Participant) -> Cycle:
    """The workshop's cycle, fresh from the database, if the workshop is still open."""
    if not is_live(participant.workshop):
        raise ValidationError(
            {"workshop": _("This workshop has ended. Nothing more can be added.")},
            code="closed",
        )
    return Cycle.objects.select_related("project").get(pk=participant.workshop.cycle_id)


def voice_of(participant: Participant, on_behalf_of: Member | None) -> dict[str, Any]:
    """The voice arguments for a cycle service."""
    member = participant.member
    anonymous = participant.workshop.anonymous
    on_behalf = on_behalf_of is not None and on_behalf_of.pk != member.pk
    refuse_voice(
        voice_problem(anonymous=anonymous, on_behalf=on_behalf, speaker_role=Role(member.role))
    )
    if anonymous:
        # The big screen shows how many joined per role group: the k-rule of a workshop
        # (triangle.voice.groups_disclosable). Without an author the cycle service stores the
        # group as undisclosed; with one, its own k-rule still applies. Batched: what the
        # phones post reaches the screens in shuffled batches, so that when it appeared never
        # points at the phone that just tapped.
        k = settings.POWERTRIANGLE_ANONYMITY_K
        safe = groups_disclosable(joined_groups(participant.workshop).values(), k)
        return {"author": member if safe else None, "anonymous": True, "batched": True}
    if on_behalf:
        return {"author": member, "on_behalf_of": on_behalf_of}
    return {"author": member}


def _load(kind: str, pk: int) -> Any:
    # Held ones included: the phone that made an anonymous item hears back about it at once.
    return KINDS[kind]._base_manager.filter(pk=pk).first()


def once(participant: Participant, key: object, kind: str, make: Callable[[], Any]) -> Outcome:
    """Run `make` unless `key` was used before in this workshop; store the key with the result."""
    clean = submission_key_check(key)
    workshop = participant.workshop
    used = SubmissionKey.objects.filter(workshop=workshop, key=clean).first()
    if used is not None:
        return Outcome(used.kind, _load(used.kind, used.object_id), True)
    try:
        with transaction.atomic():
            obj = make()
            SubmissionKey.objects.create(
                workshop=workshop,
                key=clean,
                kind=kind,
                object_id=obj.pk,
                created_on=timezone.localdate(),
            )
    except IntegrityError:
        # The same key committed in a concurrent request first; ours was rolled back whole.
        used = SubmissionKey.objects.filter(workshop=workshop, key=clean).first()
        if used is None:
            raise
        return Outcome(used.kind, _load(used.kind, used.object_id), True)
    return Outcome(kind, obj, False)


def participant_factor_create(
    *,
    participant: Participant,
    key: object,
    dimension: object,
    polarity: object,
    text: object = "",
    catalogue_entry: CatalogueEntry | None = None,
    on_behalf_of: Member | None = None,
) -> Outcome:
    cycle = require_live(participant)
    voice = voice_of(participant, on_behalf_of)
    return once(
        participant,
        key,
        "factor",
        lambda: factor_create(
            by=None,
            cycle=cycle,
            dimension=dimension,
            polarity=polarity,
            text=text,
            catalogue_entry=catalogue_entry,
            **voice,
        ),
    )


def participant_link_create(
    *,
    participant: Participant,
    key: object,
    factor_a: Factor,
    factor_b: Factor,
    note: object,
    on_behalf_of: Member | None = None,
) -> Outcome:
    cycle = require_live(participant)
    voice = voice_of(participant, on_behalf_of)
    return once(
        participant,
        key,
        "link",
        lambda: link_create(
            by=None, cycle=cycle, factor_a=factor_a, factor_b=factor_b, note=note, **voice
        ),
    )


def participant_action_create(
    *,
    participant: Participant,
    key: object,
    kind: object,
    title: object,
    description: object = "",
    factors: Sequence[Factor] = (),
    owners: Sequence[Member] = (),
    due: object = None,
    on_behalf_of: Member | None = None,
) -> Outcome:
    cycle = require_live(participant)
    voice = voice_of(participant, on_behalf_of)
    return once(
        participant,
        key,
        "action",
        lambda: action_create(
            by=None,
            cycle=cycle,
            kind=kind,
            title=title,
            description=description,
            factors=factors,
            owners=owners,
            due=due,
            **voice,
        ),
    )


def voter(participant: Participant, on_behalf_of: Member | None) -> Member:
    """Whose dot it is: the represented member's for a supporter, else the participant's own."""
    voice = voice_of(participant, on_behalf_of)
    chosen: Member = voice.get("on_behalf_of") or participant.member
    return chosen


def participant_vote_cast(
    *,
    participant: Participant,
    key: object,
    factor: Factor,
    on_behalf_of: Member | None = None,
) -> Outcome:
    cycle = require_live(participant)
    member = voter(participant, on_behalf_of)
    anonymous = participant.workshop.anonymous
    return once(
        participant,
        key,
        "vote",
        lambda: vote_cast(by=None, cycle=cycle, factor=factor, member=member, anonymous=anonymous),
    )
