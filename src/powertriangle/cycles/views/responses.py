"""What every workspace view shares: finding the cycle (404 for anyone without access), and
answering with the page, an htmx fragment or a redirect."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from powertriangle.core.onetime import Once, once
from powertriangle.cycles.access import cycle_for, is_htmx, item_of
from powertriangle.cycles.models import Cycle
from powertriangle.cycles.parts.page import Workspace, page_context, part

__all__ = ["cycle_for", "is_htmx", "item_of"]

INVALID = 422  # the fragment (or page) again, with messages next to the fields; nothing saved
CONFLICT = 409  # someone else changed it first; the person's input is kept


@dataclass(frozen=True)
class Fragment:
    """A partial template. `dimension` picks that dimension's panel as `dim`; `action` and
    `review` pick that action's or review's item as `item`."""

    template: str
    dimension: str = ""
    action: int = 0
    review: int = 0


def already_added() -> str:
    """The notice when the same create form is sent twice (Back and submit, a double click):
    the first one counts."""
    return _("This was added already: nothing new was added.")


T = TypeVar("T")


def _named(item: Any) -> bool:
    return not getattr(item, "anonymous", False)


def contribute_once(
    request: HttpRequest, data: dict[str, Any], kind: str, make: Callable[[], T]
) -> Once[T]:
    """A contribution made from a create form through its one-time key (core.onetime): the
    same page sent twice adds it once. The key never keeps the id of an anonymous contribution,
    which must not be tied to whoever typed it."""
    return once(request.user, data["form_key"], kind, make, keep_id=_named)


DIAGRAM = Fragment("cycles/partials/diagram.html")
METRICS = Fragment("cycles/partials/metrics.html")
LINKS = Fragment("cycles/partials/links.html")
VOTES = Fragment("cycles/partials/votes.html")
ACTIONS = Fragment("cycles/partials/actions.html")
ATTENDANCE = Fragment("cycles/partials/attendance.html")


def dimension_section(dimension: str) -> Fragment:
    return Fragment("cycles/partials/dimension.html", dimension)


def factor_list(dimension: str) -> Fragment:
    return Fragment("cycles/partials/factor_list.html", dimension)


def _render(request: HttpRequest, context: dict[str, Any], fragment: Fragment, *, oob: bool) -> str:
    local = {**context, "oob": oob}
    if fragment.dimension:
        panels = part(context, "dimensions")
        local["dim"] = next(p for p in panels if p.value == fragment.dimension)
    if fragment.action:
        items = (*part(context, "actions"), *part(context, "hidden_actions"))
        local["item"] = next(i for i in items if i.action.pk == fragment.action)
    if fragment.review:
        reviews = part(context, "reviews")
        local["item"] = next(i for i in reviews if i.review.pk == fragment.review)
    return render_to_string(fragment.template, local, request=request)


def detail_url(cycle: Cycle, anchor: str = "") -> str:
    url = reverse("cycles:detail", args=[cycle.pk])
    return f"{url}#{anchor}" if anchor else url


def see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def respond(
    request: HttpRequest,
    ws: Workspace,
    *,
    main: Fragment,
    oob: Sequence[Fragment] = (),
    status: int = 200,
    anchor: str = "",
) -> HttpResponse:
    """htmx: the fragment (plus out-of-band updates of what it changed elsewhere).
    Otherwise: after a success, see the page again (303); after a refusal, the page with the
    person's input and the messages (status 422/409)."""
    if not is_htmx(request):
        if status < 300:
            return see_other(detail_url(ws.cycle, anchor))
        return render(request, "cycles/detail.html", page_context(ws), status=status)
    context = page_context(ws, lazy=True)
    parts = [_render(request, context, main, oob=False)]
    if status < 300:
        parts += [_render(request, context, f, oob=True) for f in oob]
    return HttpResponse("".join(parts), status=status)


def alert(
    request: HttpRequest, cycle: Cycle, message: str, *, status: int = INVALID
) -> HttpResponse:
    """A refusal that has no field to sit next to (e.g. a tampered form)."""
    if not is_htmx(request):
        messages.error(request, message)
        return see_other(detail_url(cycle))
    html = render_to_string("cycles/partials/alert.html", {"message": message}, request=request)
    response = HttpResponse(html, status=status)
    response["HX-Retarget"] = "#workspace-alert"
    response["HX-Reswap"] = "innerHTML"
    return response


def wants_hidden(request: HttpRequest) -> bool:
    """The hide/show forms post hidden=1 to hide and hidden=0 to show again."""
    return request.POST.get("hidden") == "1"


def hidden_changed(
    request: HttpRequest,
    cycle: Cycle,
    *,
    hidden: bool,
    words: str,
    key: str,
    main: Fragment,
    oob: Sequence[Fragment],
    anchor: str,
) -> HttpResponse:
    """The answer after the coach hid a factor, link or action, or showed it again."""
    notice = (
        _("Hidden: “%(text)s”. It stays in the record and can be shown again.")
        if hidden
        else _("Shown again: “%(text)s”.")
    ) % {"text": words}
    ws = Workspace(cycle, True, notices={key: notice})
    return respond(request, ws, main=main, oob=oob, anchor=anchor)


def closed_refusal(request: HttpRequest, cycle: Cycle, exc: ValidationError) -> HttpResponse:
    """The service refused a change (a page opened before the cycle closed): back to the
    cycle, which now shows it closed, with the service's reason."""
    for message in exc.messages:
        messages.error(request, message)
    return go_to(request, reverse("cycles:detail", args=[cycle.pk]), status=302)


def go_to(request: HttpRequest, url: str, *, status: int = 303) -> HttpResponse:
    """Send the browser to `url`: htmx is told to load it as a page (HX-Redirect), a plain
    request is redirected."""
    if is_htmx(request):
        return HttpResponse(status=200, headers={"HX-Redirect": url})
    response = HttpResponseRedirect(url)
    response.status_code = status
    return response
