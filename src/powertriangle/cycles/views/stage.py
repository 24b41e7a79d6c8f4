"""The workspace page, starting a cycle and moving it on to the next stage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from powertriangle.core.access import get_project
from powertriangle.core.choices import StageChoice
from powertriangle.core.errors import ConflictError
from powertriangle.cycles.access import writable
from powertriangle.cycles.forms import AdvanceForm, StartForm
from powertriangle.cycles.models import Cycle
from powertriangle.cycles.parts.page import Workspace, page_context
from powertriangle.cycles.services.cycles import cycle_advance, cycle_start
from powertriangle.cycles.views.responses import cycle_for, detail_url, see_other


def _messages_of(error: ValidationError) -> list[str]:
    return [m for messages_ in error.message_dict.values() for m in messages_]


@login_required
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, write=False)
    return render(
        request, "cycles/detail.html", page_context(Workspace(cycle, writable(request, cycle)))
    )


@login_required
@require_POST
def cycle_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request.user, pk, write=True)
    back = reverse("projects:detail", args=[project.pk])
    # The project page's button posts no number (only the CSRF token): three votes each then.
    posted = "votes_per_member" in request.POST
    form = StartForm(request.POST if posted else {"votes_per_member": 3})
    if not form.is_valid():
        messages.error(
            request, _("Choose how many votes each person has: a whole number from 0 to 20.")
        )
        return see_other(back)
    votes = form.cleaned_data["votes_per_member"]
    try:
        cycle = cycle_start(
            by=request.user, project=project, votes_per_member=3 if votes is None else votes
        )
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
        current = Cycle.objects.filter(project=project).exclude(stage=StageChoice.CLOSED).first()
        return see_other(detail_url(current) if current else back)
    messages.success(
        request, _("Cycle %(number)d has started with reaction.") % {"number": cycle.number}
    )
    return see_other(detail_url(cycle))


@login_required
@require_POST
def cycle_advance_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Move on one stage. A stale or disallowed move changes nothing and says why."""
    cycle = cycle_for(request, pk, write=True)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date. Look where the cycle is now."))
        return see_other(detail_url(cycle))
    try:
        cycle = cycle_advance(
            by=request.user,
            cycle=cycle,
            to=form.cleaned_data["to"],
            version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        if cycle.is_open:
            text = _("The cycle has moved on to %(stage)s.") % {
                "stage": StageChoice(cycle.stage).label
            }
        else:
            text = _("The cycle is closed. Nothing more can be added to it.")
        messages.success(request, text)
    return see_other(detail_url(cycle))
