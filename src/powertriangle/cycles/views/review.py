"""Reviewing the previous cycle's actions when a new cycle opens."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from powertriangle.core.choices import ActionStatusChoice
from powertriangle.core.errors import ConflictError
from powertriangle.cycles.forms import StatusForm, add_service_errors
from powertriangle.cycles.models import ActionReview
from powertriangle.cycles.parts.page import Workspace
from powertriangle.cycles.services.actions import review_update
from powertriangle.cycles.views.responses import (
    CONFLICT,
    INVALID,
    METRICS,
    Fragment,
    cycle_for,
    item_of,
    respond,
)


@login_required
@require_POST
def review_update_view(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    """Record how an action went; if someone else saved first, say so and keep what was typed."""
    cycle = cycle_for(request, pk, write=True)
    review = item_of(
        request,
        cycle,
        ActionReview.objects.select_related("cycle__project", "action"),
        review_pk,
    )
    key = f"review-{review.pk}"
    item = Fragment("cycles/partials/review_item.html", review=review.pk)
    form = StatusForm(request.POST, auto_id=f"{key}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            review = review_update(
                by=request.user,
                review=review,
                status=data["status"],
                note=data["note"],
                version=data["version"],
            )
        except ConflictError:
            review.refresh_from_db()
            kept = StatusForm(
                {"status": data["status"], "note": data["note"], "version": review.version},
                auto_id=f"{key}-%s",
            )
            notice = _(
                "Someone else changed this review while you were looking: it now says "
                "“%(status)s”. What you wrote is kept below; save again to use it."
            ) % {"status": ActionStatusChoice(review.status).label}
            ws = Workspace(cycle, True, forms={key: kept}, notices={key: notice})
            return respond(request, ws, main=item, status=CONFLICT)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            notice = _("Saved: “%(title)s” is “%(status)s”.") % {
                "title": review.action.title,
                "status": ActionStatusChoice(review.status).label,
            }
            ws = Workspace(cycle, True, notices={key: notice})
            return respond(request, ws, main=item, oob=[METRICS], anchor=key)
    ws = Workspace(cycle, True, forms={key: form})
    return respond(request, ws, main=item, status=INVALID)
