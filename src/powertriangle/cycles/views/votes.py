"""Dot votes: one member puts a dot on a factor, or takes one back."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from powertriangle.cycles.forms import VoteForm, add_service_errors
from powertriangle.cycles.models import Cycle
from powertriangle.cycles.parts.page import Workspace
from powertriangle.cycles.parts.people import members_of
from powertriangle.cycles.parts.votes import VoteChange, vote_change
from powertriangle.cycles.selectors import factors_visible
from powertriangle.cycles.services.contributions import vote_cast, vote_remove
from powertriangle.cycles.views.responses import INVALID, VOTES, cycle_for, is_htmx, respond


def _changed(request: HttpRequest, cycle: Cycle, change: VoteChange, notice: str) -> HttpResponse:
    """htmx: only what the vote changed, each swapped out of band in its place (the form that
    sent it, with the chosen member, stays as it is)."""
    context = {
        "cycle": cycle,
        "item": change.item,
        "votes_left": change.votes_left,
        "notices": {"votes": notice},
    }
    html = render_to_string("cycles/partials/vote_changed.html", context, request=request)
    return HttpResponse(html, headers={"HX-Reswap": "none"})


def _vote(request: HttpRequest, pk: int, *, cast: bool) -> HttpResponse:
    cycle = cycle_for(request, pk, write=True)
    members = members_of(cycle)
    form = VoteForm(
        request.POST, factors=factors_visible(cycle), members=members, auto_id="vote-%s"
    )
    member = None
    if form.is_valid():
        member, factor = form.cleaned_data["member"], form.cleaned_data["factor"]
        try:
            if cast:
                vote_cast(by=request.user, cycle=cycle, factor=factor, member=member)
                changed = True
            else:
                changed = vote_remove(by=request.user, cycle=cycle, factor=factor, member=member)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not changed:
                form.add_error(
                    None,
                    _("%(name)s has no vote on this factor to take back.")
                    % {"name": member.display_name},
                )
            else:
                change = vote_change(cycle, factor, list(members))
                left = next(n for m, n in change.votes_left if m.pk == member.pk)
                notice = (
                    _("%(name)s voted for “%(text)s”. %(name)s has %(left)d of %(n)d votes left.")
                    if cast
                    else _(
                        "%(name)s took back a vote from “%(text)s”. "
                        "%(name)s has %(left)d of %(n)d votes left."
                    )
                ) % {
                    "name": member.display_name,
                    "text": factor.shown_text,
                    "left": left,
                    "n": cycle.votes_per_member,
                }
                if is_htmx(request):
                    return _changed(request, cycle, change, notice)
                ws = Workspace(cycle, True, notices={"votes": notice}, voting_member=member)
                return respond(request, ws, main=VOTES, anchor="votes")
    ws = Workspace(cycle, True, forms={"votes": form}, voting_member=member)
    return respond(request, ws, main=VOTES, status=INVALID)


@login_required
@require_POST
def vote_cast_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _vote(request, pk, cast=True)


@login_required
@require_POST
def vote_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _vote(request, pk, cast=False)
