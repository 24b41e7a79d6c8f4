"""The actions part: this cycle's actions with their status forms, and the reviews of the
previous cycle's actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.forms import Form

from powertriangle.cycles import selectors
from powertriangle.cycles.forms import StatusForm
from powertriangle.cycles.models import Action, ActionReview, Cycle
from powertriangle.cycles.parts.voices import voice_label


@dataclass
class ActionItem:
    action: Action
    voice: str
    form: StatusForm | None
    notice: str = ""


@dataclass
class ReviewItem:
    review: ActionReview
    form: StatusForm | None
    notice: str = ""


def status_form(obj: Action | ActionReview, prefix: str, bound: Form | None = None) -> StatusForm:
    """The form that changes an action's or review's status: the posted one or a new one."""
    if isinstance(bound, StatusForm):
        return bound
    initial = {"status": obj.status, "version": obj.version}
    if isinstance(obj, ActionReview):
        initial["note"] = obj.note
    return StatusForm(initial=initial, auto_id=f"{prefix}-%s")


def action_items(
    cycle: Cycle, *, may_change: bool, forms: dict[str, Form], notices: dict[str, str]
) -> list[ActionItem]:
    """The actions (hidden ones too, for those who may change them)."""
    items = []
    for a in selectors.actions_of(cycle, include_hidden=may_change):
        key = f"action-{a.pk}"
        editable = may_change and cycle.is_open and not a.hidden
        form = status_form(a, key, forms.get(key)) if editable else None
        items.append(ActionItem(a, voice_label(a), form, notices.get(key, "")))
    return items


def review_items(
    cycle: Cycle, *, may_change: bool, forms: dict[str, Form], notices: dict[str, str]
) -> list[ReviewItem]:
    items = []
    for r in selectors.reviews_of(cycle):
        key = f"review-{r.pk}"
        editable = may_change and cycle.is_open
        form = status_form(r, key, forms.get(key)) if editable else None
        items.append(ReviewItem(r, form, notices.get(key, "")))
    return items


def follow_through_known(cycle: Cycle, reviews: list[ReviewItem]) -> bool:
    """From cycle 2 on, once there is something to say: the previous cycle had no actions, or a
    review has been saved (before the look back begins, "0 %" would say that nothing was done
    when nobody has said yet)."""
    if cycle.number == 1:
        return False
    return not reviews or any(item.review.reviewed for item in reviews)
