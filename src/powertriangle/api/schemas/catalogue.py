"""The catalogue as read in one language, and project exchange (import)."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema

from powertriangle.api.schemas.base import Id, Input
from powertriangle.triangle.model import Dimension, Level, Polarity, Stage

Language = Literal["sv", "en"]


class CatalogueFactorOut(Schema):
    key: str
    dimension: Dimension
    polarity: Polarity
    level: Level | None
    text: str
    source: str


class CataloguePromptOut(Schema):
    key: str
    stage: Stage
    dimension: Dimension | None
    text: str
    source: str


class CatalogueOut(Schema):
    name: str
    title: str
    version: int
    lang: Language
    factors: list[CatalogueFactorOut]
    prompts: list[CataloguePromptOut]


# ── Exchange ───────────────────────────────────────────────────────────────────────────────


class ImportIn(Input):
    document: dict[str, Any]
    organisation_id: Id


class ImportOut(Schema):
    project_id: int
