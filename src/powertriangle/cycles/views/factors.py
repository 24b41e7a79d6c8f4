"""Adding a barrier or an enabler, and hiding one (coach only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from powertriangle.core.choices import DimensionChoice
from powertriangle.cycles.forms import FactorForm, add_service_errors
from powertriangle.cycles.models import Cycle, Factor
from powertriangle.cycles.parts.factors import catalogue_entries
from powertriangle.cycles.parts.page import Workspace
from powertriangle.cycles.parts.people import members_of
from powertriangle.cycles.selectors import links_of_factor
from powertriangle.cycles.services.contributions import factor_create, factor_set_hidden
from powertriangle.cycles.views.hide_ask import ask_to_hide
from powertriangle.cycles.views.responses import (
    DIAGRAM,
    INVALID,
    LINKS,
    METRICS,
    VOTES,
    Fragment,
    alert,
    already_added,
    closed_refusal,
    contribute_once,
    cycle_for,
    dimension_section,
    hidden_changed,
    item_of,
    respond,
    wants_hidden,
)
from powertriangle.triangle.model import ContributionKind, Stage, may_contribute


def _changed_elsewhere(cycle: Cycle, *, links: bool = False) -> list[Fragment]:
    """What a new or hidden factor changes outside its own dimension (`links`: the links that
    join it, which hide and come back with it)."""
    stage = Stage(cycle.stage)
    extra = [DIAGRAM, METRICS]
    if links or may_contribute(stage, ContributionKind.LINK):
        extra.append(LINKS)
    if may_contribute(stage, ContributionKind.VOTE):
        extra.append(VOTES)
    return extra


@login_required
@require_POST
def factor_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, write=True)
    dimension = request.POST.get("dimension", "")
    if dimension not in DimensionChoice.values:
        return alert(
            request, cycle, _("Choose one of the three dimensions. Reload the page and try again.")
        )
    key = f"factor-{dimension}"
    form = FactorForm(
        request.POST,
        entries=catalogue_entries(cycle, dimension),
        members=members_of(cycle),
        auto_id=f"{key}-%s",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = contribute_once(
                request,
                data,
                "factor",
                lambda: factor_create(
                    by=request.user,
                    cycle=cycle,
                    dimension=dimension,
                    polarity=data["polarity"],
                    text=data["text"],
                    level=data["level"],
                    catalogue_entry=data["catalogue_entry"],
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
                else _("Added to %(dimension)s: “%(text)s”")
                % {"dimension": DimensionChoice(dimension).label, "text": made.made.text}
            )
            ws = Workspace(cycle, True, notices={key: notice}, open_dimension=dimension)
            return respond(
                request,
                ws,
                main=dimension_section(dimension),
                oob=_changed_elsewhere(cycle),
                anchor=f"dimension-{dimension}",
            )
    ws = Workspace(cycle, True, forms={key: form}, open_dimension=dimension)
    return respond(request, ws, main=dimension_section(dimension), status=INVALID)


@login_required
@require_http_methods(["GET", "POST"])
def factor_hidden_view(request: HttpRequest, pk: int, factor_pk: int) -> HttpResponse:
    """Hide a factor from the views (it stays in the record), or show it again."""
    cycle = cycle_for(request, pk, write=True)
    factor = item_of(request, cycle, Factor.objects.select_related("cycle__project"), factor_pk)
    if request.method == "GET":
        return ask_to_hide(
            request,
            cycle,
            "factor",
            factor,
            words=factor.shown_text,
            target=f"dimension-{factor.dimension}",
        )
    try:
        factor = factor_set_hidden(by=request.user, factor=factor, hidden=wants_hidden(request))
    except ValidationError as exc:
        return closed_refusal(request, cycle, exc)
    return hidden_changed(
        request,
        cycle,
        hidden=factor.hidden,
        words=factor.text,
        key=f"factor-{factor.dimension}",
        main=dimension_section(factor.dimension),
        oob=_changed_elsewhere(cycle, links=links_of_factor(factor).exists()),
        anchor=f"dimension-{factor.dimension}",
    )
