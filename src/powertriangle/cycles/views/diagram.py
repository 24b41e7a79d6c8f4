"""The triangle as a picture of its own (the page shows the same figure inline)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from powertriangle.cycles.access import cycle_for
from powertriangle.cycles.parts.figure import figure_for


@login_required
@require_GET
def triangle_svg(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, write=False)
    svg = render_to_string(
        "cycles/triangle.svg", {"figure": figure_for(cycle), "standalone": True}, request=request
    )
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
