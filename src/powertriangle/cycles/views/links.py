"""Saying how two factors affect each other, and hiding a link (coach only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from powertriangle.cycles.forms import LinkForm, add_service_errors
from powertriangle.cycles.models import Link
from powertriangle.cycles.parts.page import Workspace
from powertriangle.cycles.parts.people import members_of
from powertriangle.cycles.selectors import factors_visible
from powertriangle.cycles.services.contributions import link_create, link_set_hidden
from powertriangle.cycles.views.hide_ask import ask_to_hide
from powertriangle.cycles.views.responses import (
    DIAGRAM,
    INVALID,
    LINKS,
    METRICS,
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
def link_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, write=True)
    form = LinkForm(
        request.POST, factors=factors_visible(cycle), members=members_of(cycle), auto_id="link-%s"
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = contribute_once(
                request,
                data,
                "link",
                lambda: link_create(
                    by=request.user,
                    cycle=cycle,
                    factor_a=data["factor_a"],
                    factor_b=data["factor_b"],
                    note=data["note"],
                    author=data["author"],
                    on_behalf_of=data["on_behalf_of"],
                    anonymous=data["anonymous"],
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            notice = already_added() if made.replayed else _("The link was added.")
            ws = Workspace(cycle, True, notices={"link": notice})
            return respond(request, ws, main=LINKS, oob=[DIAGRAM, METRICS], anchor="links")
    ws = Workspace(cycle, True, forms={"link": form})
    return respond(request, ws, main=LINKS, status=INVALID)


@login_required
@require_http_methods(["GET", "POST"])
def link_hidden_view(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """Hide a link from the views (it stays in the record), or show it again."""
    cycle = cycle_for(request, pk, write=True)
    link = item_of(request, cycle, Link.objects.select_related("cycle__project"), link_pk)
    if request.method == "GET":
        return ask_to_hide(request, cycle, "link", link, words=link.note, target="links")
    try:
        link = link_set_hidden(by=request.user, link=link, hidden=wants_hidden(request))
    except ValidationError as exc:
        return closed_refusal(request, cycle, exc)
    return hidden_changed(
        request,
        cycle,
        hidden=link.hidden,
        words=link.note,
        key="link",
        main=LINKS,
        oob=[DIAGRAM, METRICS],
        anchor="links",
    )
