"""Planning actions, following their status, and hiding an action (coach only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from powertriangle.core.choices import ActionStatusChoice
from powertriangle.core.errors import ConflictError
from powertriangle.cycles.forms import ActionForm, StatusForm, add_service_errors
from powertriangle.cycles.models import Action
from powertriangle.cycles.parts.page import Workspace
from powertriangle.cycles.parts.people import members_of
from powertriangle.cycles.selectors import factors_visible
from powertriangle.cycles.services.actions import (
    action_create,
    action_set_hidden,
    action_update_status,
)
from powertriangle.cycles.views.hide_ask import ask_to_hide
from powertriangle.cycles.views.responses import (
    ACTIONS,
    CONFLICT,
    INVALID,
    METRICS,
    Fragment,
    already_added,
    closed_refusal,
    contribute_once,
    cycle_for,
    hidden_changed,
    item_of,
    respond,
    wants_hidden,
)


@login_required
@require_POST
def action_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, write=True)
    form = ActionForm(
        request.POST, factors=factors_visible(cycle), members=members_of(cycle), auto_id="action-%s"
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = contribute_once(
                request,
                data,
                "action",
                lambda: action_create(
                    by=request.user,
                    cycle=cycle,
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    factors=list(data["factors"]),
                    owners=list(data["owners"]),
                    due=data["due"],
                    author=data["author"],
                    on_behalf_of=data["on_behalf_of"],
                    anonymous=data["anonymous"],
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            notice = (
                already_added()
                if made.made is None
                else _("The action “%(title)s” was added.") % {"title": made.made.title}
            )
            ws = Workspace(cycle, True, notices={"action": notice})
            return respond(request, ws, main=ACTIONS, oob=[METRICS], anchor="actions")
    ws = Workspace(cycle, True, forms={"action": form})
    return respond(request, ws, main=ACTIONS, status=INVALID)


@login_required
@require_POST
def action_status_view(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Change an action's status; if someone else changed it first, say so and keep the choice."""
    cycle = cycle_for(request, pk, write=True)
    action = item_of(request, cycle, Action.objects.select_related("cycle__project"), action_pk)
    key = f"action-{action.pk}"
    item = Fragment("cycles/partials/action_item.html", action=action.pk)
    form = StatusForm(request.POST, auto_id=f"{key}-%s")
    if not form.is_valid():
        return respond(
            request, Workspace(cycle, True, forms={key: form}), main=item, status=INVALID
        )
    try:
        action = action_update_status(
            by=request.user,
            action=action,
            status=form.cleaned_data["status"],
            version=form.cleaned_data["version"],
        )
    except ConflictError:
        action.refresh_from_db()
        kept = StatusForm(
            {"status": form.cleaned_data["status"], "version": action.version},
            auto_id=f"{key}-%s",
        )
        notice = _(
            "Someone else changed this action while you were looking: it is now “%(status)s”. "
            "Your choice is still selected; save again to use it."
        ) % {"status": ActionStatusChoice(action.status).label}
        ws = Workspace(cycle, True, forms={key: kept}, notices={key: notice})
        return respond(request, ws, main=item, status=CONFLICT)
    notice = _("Saved: “%(title)s” is now “%(status)s”.") % {
        "title": action.title,
        "status": ActionStatusChoice(action.status).label,
    }
    ws = Workspace(cycle, True, notices={key: notice})
    return respond(request, ws, main=item, anchor=key)


@login_required
@require_http_methods(["GET", "POST"])
def action_hidden_view(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Hide an action from the views (it stays in the record), or show it again."""
    cycle = cycle_for(request, pk, write=True)
    action = item_of(request, cycle, Action.objects.select_related("cycle__project"), action_pk)
    if request.method == "GET":
        return ask_to_hide(request, cycle, "action", action, words=action.title, target="actions")
    try:
        action = action_set_hidden(by=request.user, action=action, hidden=wants_hidden(request))
    except ValidationError as exc:
        return closed_refusal(request, cycle, exc)
    return hidden_changed(
        request,
        cycle,
        hidden=action.hidden,
        words=action.title,
        key="action",
        main=ACTIONS,
        oob=[METRICS],
        anchor="actions",
    )
