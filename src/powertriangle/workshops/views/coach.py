"""The coach's side: starting a workshop for a cycle, choosing anonymity, opening and closing
it, the timer, moving every screen to the next stage, and hiding a contribution."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from powertriangle.core.errors import ConflictError
from powertriangle.core.onetime import once
from powertriangle.cycles.access import cycle_for
from powertriangle.cycles.models import Action, Cycle, Factor, Link
from powertriangle.cycles.services.actions import action_set_hidden
from powertriangle.cycles.services.contributions import factor_set_hidden, link_set_hidden
from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.workshops.forms import AnonymityForm, TimerForm
from powertriangle.workshops.models import Workshop, WorkshopStatus
from powertriangle.workshops.services import (
    workshop_close,
    workshop_create,
    workshop_open,
    workshop_set_anonymous,
    workshop_set_timer,
)
from powertriangle.workshops.views.access import INVALID, coach_workshop, is_fragment, see_other
from powertriangle.workshops.views.present import present_part

Fragment = str
Item = TypeVar("Item", Factor, Link, Action)


def _manage_url(workshop: Workshop) -> str:
    return reverse("workshops:manage", args=[workshop.pk])


def _present_url(workshop: Workshop) -> str:
    return reverse("workshops:present", args=[workshop.pk])


def _first_message(error: ValidationError) -> str:
    return next(m for messages_ in error.message_dict.values() for m in messages_)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_new(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle: Cycle = cycle_for(request, cycle_pk, write=True)
    form = AnonymityForm(request.POST or None, auto_id="new-%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = once(
                request.user,
                data["form_key"],
                "workshop",
                lambda: workshop_create(by=request.user, cycle=cycle, anonymous=data["anonymous"]),
            )
        except ValidationError as exc:
            form.add_error(None, _first_message(exc))
        else:
            return see_other(reverse("workshops:manage", args=[made.object_id]))
    status = INVALID if form.errors else 200
    context = {"cycle": cycle, "project": cycle.project, "form": form}
    return render(request, "workshops/new.html", context, status=status)


def _manage_page(
    request: HttpRequest, workshop: Workshop, form: AnonymityForm | None = None, status: int = 200
) -> HttpResponse:
    form = form or AnonymityForm(
        initial={"anonymous": "1" if workshop.anonymous else "0"}, auto_id="anon-%s"
    )
    context: dict[str, Any] = {
        "workshop": workshop,
        "cycle": workshop.cycle,
        "project": workshop.cycle.project,
        "form": form,
        "draft": workshop.status == WorkshopStatus.DRAFT,
        "open": workshop.status == WorkshopStatus.OPEN,
    }
    return render(request, "workshops/manage.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def workshop_manage(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_page(request, coach_workshop(request, pk))


@login_required
@require_POST
def workshop_anonymity(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = coach_workshop(request, pk)
    form = AnonymityForm(request.POST, auto_id="anon-%s")
    if form.is_valid():
        try:
            workshop_set_anonymous(
                by=request.user, workshop=workshop, anonymous=form.cleaned_data["anonymous"]
            )
        except ValidationError as exc:
            form.add_error(None, _first_message(exc))
        else:
            return see_other(_manage_url(workshop))
    return _manage_page(request, workshop, form, status=INVALID)


@login_required
@require_POST
def workshop_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = coach_workshop(request, pk)
    try:
        workshop_open(by=request.user, workshop=workshop)
    except ValidationError as exc:
        messages.error(request, _first_message(exc))
        return see_other(_manage_url(workshop))
    return see_other(_present_url(workshop))


@login_required
@require_POST
def workshop_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = coach_workshop(request, pk)
    workshop_close(by=request.user, workshop=workshop)
    return see_other(_manage_url(workshop))


def _part_or_present(
    request: HttpRequest, workshop: Workshop, part: str, problem: str = ""
) -> HttpResponse:
    """workshop.js gets the changed part of the presenter; a plain post sees the page again."""
    if is_fragment(request):
        return present_part(request, workshop, part, problem=problem)
    if problem:
        messages.error(request, problem)
    return see_other(_present_url(workshop))


@login_required
@require_POST
def workshop_timer_view(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = coach_workshop(request, pk)
    form = TimerForm(request.POST)
    problem = ""
    if not form.is_valid():
        problem = str(next(iter(form.errors.values()))[0])
    else:
        try:
            workshop_set_timer(
                by=request.user, workshop=workshop, minutes=form.cleaned_data["minutes"]
            )
        except ValidationError as exc:
            problem = _first_message(exc)
    return _part_or_present(request, workshop, "timer", problem)


@login_required
@require_POST
def workshop_advance_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the cycle (and so every phone) to the next stage."""
    workshop = coach_workshop(request, pk)
    problem = ""
    try:
        version = int(str(request.POST.get("version", "")))
    except ValueError:
        version = 0
    try:
        cycle_advance(
            by=request.user, cycle=workshop.cycle, to=request.POST.get("to"), version=version
        )
    except ValidationError as exc:
        problem = _first_message(exc)
    except ConflictError as exc:
        problem = str(exc)
    workshop.cycle.refresh_from_db()
    return _part_or_present(request, workshop, "stage", problem)


def _set_hidden(request: HttpRequest, pk: int, model: type[Item], item_pk: int) -> HttpResponse:
    """Hide an inappropriate factor, link or action from every screen, or show it again. The
    coach sees that it is hidden, never who wrote an anonymous one."""
    workshop = coach_workshop(request, pk)
    item = model._default_manager.filter(cycle_id=workshop.cycle_id, pk=item_pk).first()
    if item is None:
        return HttpResponse(status=404)
    hidden = request.POST.get("hidden") == "1"
    if isinstance(item, Factor):
        factor_set_hidden(by=request.user, factor=item, hidden=hidden)
    elif isinstance(item, Link):
        link_set_hidden(by=request.user, link=item, hidden=hidden)
    else:
        action_set_hidden(by=request.user, action=item, hidden=hidden)
    return _part_or_present(request, workshop, "board")


@login_required
@require_POST
def factor_hidden_view(request: HttpRequest, pk: int, factor_pk: int) -> HttpResponse:
    return _set_hidden(request, pk, Factor, factor_pk)


@login_required
@require_POST
def link_hidden_view(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    return _set_hidden(request, pk, Link, link_pk)


@login_required
@require_POST
def action_hidden_view(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    return _set_hidden(request, pk, Action, action_pk)
