"""Actions and their reviews in the next cycle."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema

from powertriangle.api.dates import IsoDate
from powertriangle.api.schemas.base import IdList, Input, Version, limit
from powertriangle.api.schemas.contributions import VoiceIn, VoiceOut
from powertriangle.cycles.services import actions as action_services
from powertriangle.triangle.model import ActionKind, ActionStatus

ActionTitle = Annotated[str, limit(action_services.TITLE_MAX)]
ActionDescription = Annotated[str, limit(action_services.DESCRIPTION_MAX)]
ReviewNote = Annotated[str, limit(action_services.REVIEW_NOTE_MAX)]


class ActionIn(VoiceIn):
    kind: ActionKind
    title: ActionTitle
    description: ActionDescription = ""
    factor_ids: IdList = []
    owner_ids: IdList
    due: IsoDate | None = None


class ActionOut(VoiceOut):
    id: int
    cycle_id: int
    kind: ActionKind
    title: str
    description: str
    factor_ids: list[int]
    owner_ids: list[int]
    due: dt.date | None
    status: ActionStatus
    hidden: bool
    version: int


class ActionStatusIn(Input):
    status: ActionStatus
    version: Version


class ReviewIn(Input):
    status: ActionStatus
    note: ReviewNote = ""
    version: Version


class ReviewOut(Schema):
    id: int
    cycle_id: int
    action_id: int
    action_title: str
    status: ActionStatus
    note: str
    reviewed: bool
    version: int
