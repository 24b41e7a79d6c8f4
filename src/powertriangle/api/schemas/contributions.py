"""Contributions: who speaks (the voice), factors, links and votes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from powertriangle.api.schemas.base import Flag, Id, Input, limit
from powertriangle.cycles.services import contributions as contribution_services
from powertriangle.triangle.model import Dimension, Level, Polarity, RoleGroup

FactorText = Annotated[str, limit(contribution_services.FACTOR_TEXT_MAX)]
LinkNote = Annotated[str, limit(contribution_services.LINK_NOTE_MAX)]


class VoiceIn(Input):
    """Who speaks: an author, optionally on behalf of someone, or nobody (anonymous)."""

    author_id: Id | None = None
    on_behalf_of_id: Id | None = None
    anonymous: Flag = False


class VoiceOut(Schema):
    author_id: int | None
    on_behalf_of_id: int | None
    anonymous: bool
    voice_group: RoleGroup
    created_at: dt.datetime


class FactorIn(VoiceIn):
    """From the catalogue (`catalogue_key`), dimension, polarity, level and text default to the
    entry's; own words are always allowed instead."""

    dimension: Dimension | None = None
    polarity: Polarity | None = None
    level: Level | None = None
    text: FactorText = ""
    catalogue_key: Annotated[str, Field(max_length=80)] | None = None


class FactorOut(VoiceOut):
    id: int
    cycle_id: int
    dimension: Dimension
    polarity: Polarity
    level: Level | None
    text: str
    catalogue_key: str | None
    hidden: bool
    votes: int


class HideIn(Input):
    """`true` hides a factor, link or action from every view; `false` shows it again."""

    hidden: Flag


class LinkIn(VoiceIn):
    factor_a_id: Id
    factor_b_id: Id
    note: LinkNote


class LinkOut(VoiceOut):
    id: int
    cycle_id: int
    factor_a_id: int
    factor_b_id: int
    note: str
    cross_dimension: bool
    hidden: bool


class VoteIn(Input):
    factor_id: Id
    member_id: Id


class VoteOut(Schema):
    factor_id: int
    member_id: int
    factor_votes: int
    member_votes_left: int


class VoteRemoved(VoteOut):
    removed: bool
