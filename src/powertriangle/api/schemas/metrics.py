"""A cycle's figures (DESIGN.md §4; null = not enough data)."""

from __future__ import annotations

from ninja import Schema


class VoiceFiguresOut(Schema):
    contributions: int
    voice_share: float | None
    presence_share: float | None
    voice_ratio: float | None


class VoiceByGroup(Schema):
    care_receivers: VoiceFiguresOut
    professionals: VoiceFiguresOut


class PolarityCounts(Schema):
    barrier: int
    enabler: int


class DimensionCountsOut(Schema):
    resources: PolarityCounts
    discourses: PolarityCounts
    contexts: PolarityCounts


class DimensionBalanceOut(Schema):
    resources: float | None
    discourses: float | None
    contexts: float | None


class InteractionCoverageOut(Schema):
    resources_discourses: int
    discourses_contexts: int
    contexts_resources: int


class MetricsOut(Schema):
    voice: VoiceByGroup
    undisclosed: int
    uptake: float | None
    ownership: float | None
    dimension_counts: DimensionCountsOut
    dimension_balance: DimensionBalanceOut
    coverage: int
    interaction_coverage: InteractionCoverageOut
    within_dimension_links: int
    follow_through: float | None
