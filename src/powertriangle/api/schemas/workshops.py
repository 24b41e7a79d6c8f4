"""Live workshops, as a coach runs them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from powertriangle.api.schemas.base import Flag, Input
from powertriangle.workshops.models import WorkshopStatus
from powertriangle.workshops.services import TIMER_MAX_MINUTES


class WorkshopIn(Input):
    """`anonymous`: no name is saved with what phones post (chosen before it opens)."""

    anonymous: Flag


class TimerIn(Input):
    """Minutes to count down on every screen; 0 stops the timer."""

    minutes: Annotated[int, Field(ge=0, le=TIMER_MAX_MINUTES, strict=True)]


class WorkshopOut(Schema):
    """`code` (nine digits) and `join_url` (the QR link) only while it is open."""

    id: int
    cycle_id: int
    anonymous: bool
    status: WorkshopStatus
    code: str | None
    join_url: str | None
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    timer_seconds_left: int | None
    joined: dict[str, int]
