"""Cycles: starting, advancing, attendance and what a cycle looks like."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from powertriangle.api.schemas.base import IdList, Input, Version
from powertriangle.cycles.services.cycles import VOTES_MAX
from powertriangle.triangle.model import Stage


class CycleStartIn(Input):
    votes_per_member: Annotated[int, Field(ge=0, le=VOTES_MAX, strict=True)] = 3


class AdvanceIn(Input):
    to: Stage | None = None
    version: Version | None = None


class AttendanceIn(Input):
    member_ids: IdList


class AttendanceOut(Schema):
    member_ids: list[int]


class StageOut(Schema):
    stage: Stage
    started_at: dt.datetime
    ended_at: dt.datetime | None


class CycleCounts(Schema):
    factors: int
    links: int
    votes: int
    actions: int
    reviews: int
    present: int


class CycleSummary(Schema):
    id: int
    project_id: int
    number: int
    stage: Stage
    votes_per_member: int
    started_at: dt.datetime
    closed_at: dt.datetime | None
    version: int


class CycleOut(CycleSummary):
    next_stage: Stage | None
    stages: list[StageOut]
    present_member_ids: list[int]
    counts: CycleCounts
