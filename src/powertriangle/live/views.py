from __future__ import annotations

from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from powertriangle.core.access import get_in_projects
from powertriangle.cycles.models import Cycle
from powertriangle.live import store
from powertriangle.live.stream import event_stream_response


def _authorise(user: User | AnonymousUser, pk: int) -> int:
    """The cycle's id if `user` may read it (404 otherwise); connections closed either way."""
    try:
        return get_in_projects(user, Cycle.objects.all(), pk, via="project").pk
    finally:
        store.close_connections()


@require_GET
async def cycle_events(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The live stream of a cycle, for coaches and managers who may read it."""
    user = await request.auser()
    cycle_id = await sync_to_async(_authorise, thread_sensitive=True)(user, pk)
    return event_stream_response(request, cycle_id=cycle_id)
