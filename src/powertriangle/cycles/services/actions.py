"""Actions that handle a barrier or reinforce an enabler, and their review in the next cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from powertriangle.core.access import AnyUser, require_write
from powertriangle.core.choices import ActionKindChoice, ActionStatusChoice
from powertriangle.core.errors import ConflictError
from powertriangle.core.text import clean_choice, clean_text
from powertriangle.cycles import payloads
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor
from powertriangle.cycles.services.steps import (
    announce,
    merge_errors,
    require_stage,
    resolve_voice,
    set_hidden,
)
from powertriangle.live.publish import publish
from powertriangle.projects.models import Member
from powertriangle.triangle.model import ActionKind, ContributionKind, Polarity, action_fits_factors

TITLE_MAX = 300
DESCRIPTION_MAX = 2000
REVIEW_NOTE_MAX = 2000


def _clean_due(due: object) -> dt.date | None:
    if due in (None, ""):
        return None
    if isinstance(due, dt.date):
        return due
    if isinstance(due, str):
        try:
            return dt.date.fromisoformat(due)
        except ValueError:
            pass
    raise ValidationError({"due": _("Enter a date as YYYY-MM-DD.")}, code="date")


def action_create(
    *,
    by: AnyUser | None,
    cycle: Cycle,
    kind: object,
    title: object,
    description: object = "",
    factors: Sequence[Factor] = (),
    owners: Sequence[Member] = (),
    due: object = None,
    author: Member | None,
    on_behalf_of: Member | None = None,
    anonymous: bool = False,
    batched: bool = False,
) -> Action:
    """Plan an action (`batched`: as contributions.factor_create)."""
    require_write(by, cycle.project)
    require_stage(cycle, ContributionKind.ACTION)
    errors: list[ValidationError] = []
    fields: dict[str, object] = {}
    for name, call in (
        ("kind", lambda: clean_choice(kind, field="kind", choices=list(ActionKindChoice.values))),
        ("title", lambda: clean_text(title, field="title", max_length=TITLE_MAX)),
        (
            "description",
            lambda: clean_text(
                description, field="description", max_length=DESCRIPTION_MAX, required=False
            ),
        ),
        ("due", lambda: _clean_due(due)),
    ):
        try:
            fields[name] = call()
        except ValidationError as exc:
            errors.append(exc)
    if any(f.cycle_id != cycle.pk for f in factors):
        errors.append(ValidationError({"factors": _("Choose factors of this cycle.")}))
    elif "kind" in fields and not action_fits_factors(
        ActionKind(str(fields["kind"])), {Polarity(f.polarity) for f in factors}
    ):
        message = (
            _("An action that handles a barrier must be linked to at least one barrier.")
            if fields["kind"] == ActionKind.HANDLE_BARRIER
            else _("An action that reinforces an enabler must be linked to at least one enabler.")
        )
        errors.append(ValidationError({"factors": message}, code="polarity"))
    if not owners:
        errors.append(ValidationError({"owners": _("Choose at least one owner.")}))
    elif any(m.project_id != cycle.project_id for m in owners):
        errors.append(ValidationError({"owners": _("Owners must be members of this project.")}))
    try:
        voice = resolve_voice(cycle, author=author, on_behalf_of=on_behalf_of, anonymous=anonymous)
    except ValidationError as exc:
        errors.append(exc)
    if errors:
        raise merge_errors(*errors)
    with transaction.atomic():
        action = Action.objects.create(
            cycle=cycle,
            author=voice.author,
            on_behalf_of=voice.on_behalf_of,
            anonymous=voice.anonymous,
            held=batched and voice.anonymous,
            voice_group=voice.voice_group,
            created_at=voice.created_at,
            **fields,
        )
        action.factors.set(factors)
        action.owners.set(owners)
        announce(action, "action.created", payloads.action_payload(action))
    return action


def action_set_hidden(*, by: AnyUser | None, action: Action, hidden: bool) -> Action:
    """Hide an inappropriate action from views (it stays in the record, marked hidden)."""
    return set_hidden(
        by=by, item=action, hidden=hidden, kind="action", payload=payloads.action_payload
    )


def action_update_status(
    *, by: AnyUser | None, action: Action, status: object, version: int
) -> Action:
    """Change an action's status if nobody changed the action since `version` was read."""
    require_write(by, action.cycle.project)
    clean = clean_choice(status, field="status", choices=list(ActionStatusChoice.values))
    with transaction.atomic():
        if not Action.objects.filter(pk=action.pk, version=version).update(
            status=clean, version=F("version") + 1
        ):
            raise ConflictError(_("Someone else changed this action. Reload and try again."))
        publish(
            cycle_id=action.cycle_id,
            kind="action.updated",
            data=payloads.action_payload(Action.objects.get(pk=action.pk)),
        )
        # Read back inside the transaction: a failure here undoes the write, so a caller is
        # never told an edit failed that in fact stands.
        action.refresh_from_db()
    return action


def review_update(
    *, by: AnyUser | None, review: ActionReview, status: object, note: object, version: int
) -> ActionReview:
    """Record how a previous cycle's action went; the action takes the reviewed status."""
    require_write(by, review.cycle.project)
    errors: list[ValidationError] = []
    try:
        clean_status = clean_choice(status, field="status", choices=list(ActionStatusChoice.values))
    except ValidationError as exc:
        errors.append(exc)
    try:
        clean_note = clean_text(note, field="note", max_length=REVIEW_NOTE_MAX, required=False)
    except ValidationError as exc:
        errors.append(exc)
    if errors:
        raise merge_errors(*errors)
    with transaction.atomic():
        if not ActionReview.objects.filter(pk=review.pk, version=version).update(
            status=clean_status, note=clean_note, reviewed=True, version=F("version") + 1
        ):
            raise ConflictError(_("Someone else changed this review. Reload and try again."))
        Action.objects.filter(pk=review.action_id).update(
            status=clean_status, version=F("version") + 1
        )
        publish(
            cycle_id=review.cycle_id,
            kind="review.updated",
            data=payloads.review_payload(ActionReview.objects.get(pk=review.pk)),
        )
        review.refresh_from_db()  # inside, as in action_update_status
    return review
