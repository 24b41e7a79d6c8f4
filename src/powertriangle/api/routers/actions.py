"""Actions that handle a barrier or reinforce an enabler, and their review in the next cycle."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from powertriangle.api import lookups
from powertriangle.api.auth import user_of
from powertriangle.api.outputs import action_out, review_out
from powertriangle.api.responses import CONFLICT, ERRORS
from powertriangle.api.schemas import (
    ActionIn,
    ActionOut,
    ActionStatusIn,
    HideIn,
    ReviewIn,
    ReviewOut,
)
from powertriangle.core.access import can_write
from powertriangle.cycles.models import Action
from powertriangle.cycles.selectors import actions_of, reviews_of
from powertriangle.cycles.services.actions import (
    action_create,
    action_set_hidden,
    action_update_status,
    review_update,
)

router = Router(tags=["actions"])


@router.get("/cycles/{cycle_id}/actions", response={200: list[ActionOut], **ERRORS})
def action_list(
    request: HttpRequest, cycle_id: int, include_hidden: bool = False
) -> list[ActionOut]:
    """The cycle's actions. `include_hidden` is honoured for coaches only."""
    cycle = lookups.cycle(request, cycle_id)
    hidden = include_hidden and can_write(user_of(request), cycle.project)
    return [action_out(a) for a in actions_of(cycle, include_hidden=hidden)]


@router.post("/cycles/{cycle_id}/actions", response={201: ActionOut, **ERRORS})
def action_add(request: HttpRequest, cycle_id: int, payload: ActionIn) -> Status[ActionOut]:
    cycle = lookups.cycle(request, cycle_id, write=True)
    refs = lookups.References(cycle.project, cycle)
    factors = refs.factors(payload.factor_ids, field="factor_ids")
    owners = refs.members(payload.owner_ids, field="owner_ids")
    author = refs.member(payload.author_id, field="author_id")
    on_behalf_of = refs.member(payload.on_behalf_of_id, field="on_behalf_of_id")
    refs.check()
    action = action_create(
        by=user_of(request),
        cycle=cycle,
        kind=payload.kind.value,
        title=payload.title,
        description=payload.description,
        factors=factors,
        owners=owners,
        due=payload.due,
        author=author,
        on_behalf_of=on_behalf_of,
        anonymous=payload.anonymous,
    )
    return Status(201, action_out(action))


@router.patch("/actions/{action_id}", response={200: ActionOut, **ERRORS, **CONFLICT})
def action_change_status(
    request: HttpRequest, action_id: int, payload: ActionStatusIn
) -> ActionOut:
    """Set the status; `version` must be the one read, else 409."""
    action = lookups.action(request, action_id, write=True)
    action = action_update_status(
        by=user_of(request), action=action, status=payload.status.value, version=payload.version
    )
    return action_out(Action.objects.prefetch_related("factors", "owners").get(pk=action.pk))


@router.post("/actions/{action_id}/hide", response={200: ActionOut, **ERRORS})
def action_hide(request: HttpRequest, action_id: int, payload: HideIn) -> ActionOut:
    """Hide an inappropriate action from every view (`hidden: false` shows it again)."""
    action = lookups.action(request, action_id, write=True)
    action = action_set_hidden(by=user_of(request), action=action, hidden=payload.hidden)
    return action_out(Action.objects.prefetch_related("factors", "owners").get(pk=action.pk))


@router.get("/cycles/{cycle_id}/reviews", response={200: list[ReviewOut], **ERRORS})
def review_list(request: HttpRequest, cycle_id: int) -> list[ReviewOut]:
    """The previous cycle's actions, to be reviewed in this one."""
    cycle = lookups.cycle(request, cycle_id)
    return [review_out(r) for r in reviews_of(cycle)]


@router.patch("/reviews/{review_id}", response={200: ReviewOut, **ERRORS, **CONFLICT})
def review_change(request: HttpRequest, review_id: int, payload: ReviewIn) -> ReviewOut:
    """Record how the action went; the action takes the status. Stale `version` → 409."""
    review = lookups.review(request, review_id, write=True)
    review = review_update(
        by=user_of(request),
        review=review,
        status=payload.status.value,
        note=payload.note,
        version=payload.version,
    )
    return review_out(review)
