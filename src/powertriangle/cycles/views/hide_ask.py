"""The coach's "Hide" asks first: on its own page, or (htmx) in place of the link it came from.
The item's page carries only a link; the question and its form come when asked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from powertriangle.cycles.models import Action, Cycle, Factor, Link
from powertriangle.cycles.parts.controls import hide_control, hide_link_id
from powertriangle.cycles.views.responses import detail_url, go_to, is_htmx


@dataclass(frozen=True)
class Hideable:
    """A factor, link or action the coach may hide: `url` asks (GET) and hides (POST),
    `words` say what it is, `target` is the section the hiding post swaps, `anchor` where the
    item sits on the cycle page."""

    url: str
    words: str
    question: str
    target: str
    anchor: str
    hidden: bool

    @property
    def link_id(self) -> str:
        """The "Hide" link's id, which "Keep it" takes over while the question is shown."""
        return hide_link_id(self.url)


Kind = Literal["factor", "link", "action"]

QUESTIONS: dict[Kind, Promise] = {
    "factor": gettext_lazy(
        "Hide this factor? It stays in the record and the coach can show it again."
    ),
    "link": gettext_lazy("Hide this link? It stays in the record and the coach can show it again."),
    "action": gettext_lazy(
        "Hide this action? It stays in the record and the coach can show it again."
    ),
}


def ask_to_hide(
    request: HttpRequest,
    cycle: Cycle,
    kind: Kind,
    thing: Factor | Link | Action,
    *,
    words: str,
    target: str,
) -> HttpResponse:
    """Asked on GET of the hide address of `thing`, a factor, link or action (`kind`): the
    question and its form; with `?keep=1` (htmx, "Keep it") the link again. Nothing to ask in a
    closed cycle or of a hidden item: back to the cycle page, which shows how it is."""
    item = Hideable(
        url=request.path,
        words=words,
        question=str(QUESTIONS[kind]),
        target=target,
        anchor=f"{kind}-{thing.pk}",
        hidden=thing.hidden,
    )
    back = detail_url(cycle, item.anchor)
    if not cycle.is_open or item.hidden:
        return go_to(request, back)
    context = {"cycle": cycle, "hide": item, "back": back}
    if not is_htmx(request):
        return render(request, "cycles/hide_ask.html", context)
    if request.GET.get("keep"):
        link = hide_control(item.url, hidden=False, target=item.target, words=item.words)
        return HttpResponse(link)
    return render(request, "cycles/partials/hide_ask.html", context)
