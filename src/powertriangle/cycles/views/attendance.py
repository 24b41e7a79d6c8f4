"""Who is here: presence share and the anonymity rule depend on it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from powertriangle.cycles.forms import AttendanceForm, add_service_errors
from powertriangle.cycles.parts.page import Workspace
from powertriangle.cycles.parts.people import members_of
from powertriangle.cycles.services.cycles import attendance_set
from powertriangle.cycles.views.responses import ATTENDANCE, INVALID, METRICS, cycle_for, respond


@login_required
@require_POST
def attendance_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, write=True)
    form = AttendanceForm(request.POST, members=members_of(cycle), auto_id="attendance-%s")
    if form.is_valid():
        try:
            present = attendance_set(
                by=request.user, cycle=cycle, members=form.cleaned_data["members"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            n = len(present)
            notice = ngettext(
                "Saved: %(n)d person is here.", "Saved: %(n)d people are here.", n
            ) % {"n": n}
            ws = Workspace(cycle, True, notices={"attendance": notice})
            return respond(request, ws, main=ATTENDANCE, oob=[METRICS], anchor="attendance")
    ws = Workspace(cycle, True, forms={"attendance": form})
    return respond(request, ws, main=ATTENDANCE, status=INVALID)
