"""What the screens of a workshop may receive of its cycle's live stream (live.stream.Bounds).

A phone: nothing from before its workshop opened, nothing after its workshop closed (its
stream ends with the close) or expired, and, while the workshop is anonymous, no name at all
(`payloads.without_names`), earlier named items included. The presenter of an anonymous
workshop: no name either.
"""

from __future__ import annotations

import time

from django.utils import timezone

from powertriangle.live.events import Event
from powertriangle.live.hub import Stop
from powertriangle.live.stream import Bounds
from powertriangle.workshops.models import Workshop
from powertriangle.workshops.payloads import without_names
from powertriangle.workshops.services import live_until


def closes(workshop_id: int) -> Stop:
    """The stop of a phone's stream: its own workshop's close."""

    def stop(event: Event) -> bool:
        if event.kind != "workshop.closed":
            return False
        data = event.data()
        return isinstance(data, dict) and data.get("workshop_id") == workshop_id

    return stop


def phone_bounds(workshop: Workshop) -> Bounds:
    until = live_until(workshop)
    deadline = None
    if until is not None:
        deadline = time.monotonic() + max(0.0, (until - timezone.now()).total_seconds())
    return Bounds(
        view=without_names if workshop.anonymous else None,
        not_before=workshop.opened_seq,
        stop=closes(workshop.pk),
        deadline=deadline,
    )


def presenter_bounds(workshop: Workshop) -> Bounds:
    return Bounds(view=without_names if workshop.anonymous else None)
