"""Turning model objects into the API's response shapes. Anonymous items never show an author."""

from __future__ import annotations

from typing import Any

from powertriangle.api import schemas as s
from powertriangle.catalogue.models import Catalogue
from powertriangle.cycles.models import Action, ActionReview, Contribution, Cycle, Factor, Link
from powertriangle.cycles.selectors import links_visible
from powertriangle.projects.models import Member, Project
from powertriangle.triangle.metrics import CycleMetrics, VoiceFigures
from powertriangle.triangle.model import (
    ActionKind,
    ActionStatus,
    Dimension,
    Level,
    Polarity,
    Role,
    RoleGroup,
    Stage,
    TransitionError,
    next_stage,
)


def project_out(project: Project, *, can_write: bool) -> s.ProjectOut:
    return s.ProjectOut(
        id=project.pk,
        organisation_id=project.organisation_id,
        organisation_name=project.organisation.name,
        title=project.title,
        esther_question=project.esther_question,
        description=project.description,
        version=project.version,
        created_at=project.created_at,
        updated_at=project.updated_at,
        can_write=can_write,
    )


def member_out(member: Member) -> s.MemberOut:
    return s.MemberOut(
        id=member.pk,
        display_name=member.display_name,
        role=Role(member.role),
        role_group=member.role_group,
        profession=member.profession,
        active=member.active,
    )


def cycle_summary(cycle: Cycle) -> s.CycleSummary:
    return s.CycleSummary(
        id=cycle.pk,
        project_id=cycle.project_id,
        number=cycle.number,
        stage=Stage(cycle.stage),
        votes_per_member=cycle.votes_per_member,
        started_at=cycle.started_at,
        closed_at=cycle.closed_at,
        version=cycle.version,
    )


def cycle_out(cycle: Cycle) -> s.CycleOut:
    try:
        following: Stage | None = next_stage(Stage(cycle.stage))
    except TransitionError:
        following = None
    # One small count per kind: a single query joining them all would multiply the rows.
    counts = {
        "factors": cycle.factors.filter(hidden=False).count(),
        "links": links_visible(cycle).count(),
        "votes": cycle.votes.count(),
        "actions": cycle.actions.filter(hidden=False).count(),
        "reviews": cycle.reviews.count(),
    }
    present = sorted(cycle.present.values_list("pk", flat=True))
    return s.CycleOut(
        **cycle_summary(cycle).model_dump(),
        next_stage=following,
        stages=[
            s.StageOut(stage=Stage(row.stage), started_at=row.started_at, ended_at=row.ended_at)
            for row in cycle.stages.order_by("id")
        ],
        present_member_ids=present,
        counts=s.CycleCounts(present=len(present), **counts),
    )


def _voice(item: Contribution) -> dict[str, Any]:
    anonymous = bool(item.anonymous)
    return s.VoiceOut(
        author_id=None if anonymous else item.author_id,
        on_behalf_of_id=None if anonymous else item.on_behalf_of_id,
        anonymous=anonymous,
        voice_group=RoleGroup(item.voice_group),
        created_at=item.created_at,
    ).model_dump()


def factor_out(factor: Factor, *, votes: int | None = None) -> s.FactorOut:
    if votes is None:
        votes = getattr(factor, "vote_count", None)
        if votes is None:
            votes = factor.votes.count()
    entry = factor.catalogue_entry
    return s.FactorOut(
        id=factor.pk,
        cycle_id=factor.cycle_id,
        dimension=Dimension(factor.dimension),
        polarity=Polarity(factor.polarity),
        level=Level(factor.level) if factor.level else None,
        text=factor.text,
        catalogue_key=entry.key if entry is not None else None,
        hidden=factor.hidden,
        votes=votes,
        **_voice(factor),
    )


def link_out(link: Link) -> s.LinkOut:
    return s.LinkOut(
        id=link.pk,
        cycle_id=link.cycle_id,
        factor_a_id=link.factor_a_id,
        factor_b_id=link.factor_b_id,
        note=link.note,
        cross_dimension=link.cross_dimension,
        hidden=link.hidden,
        **_voice(link),
    )


def action_out(action: Action) -> s.ActionOut:
    return s.ActionOut(
        id=action.pk,
        cycle_id=action.cycle_id,
        kind=ActionKind(action.kind),
        title=action.title,
        description=action.description,
        factor_ids=sorted(f.pk for f in action.factors.all()),
        owner_ids=sorted(m.pk for m in action.owners.all()),
        due=action.due,
        status=ActionStatus(action.status),
        hidden=action.hidden,
        version=action.version,
        **_voice(action),
    )


def review_out(review: ActionReview) -> s.ReviewOut:
    return s.ReviewOut(
        id=review.pk,
        cycle_id=review.cycle_id,
        action_id=review.action_id,
        action_title=review.action.title,
        status=ActionStatus(review.status),
        note=review.note,
        reviewed=review.reviewed,
        version=review.version,
    )


def _figures(figures: VoiceFigures) -> s.VoiceFiguresOut:
    return s.VoiceFiguresOut(
        contributions=figures.contributions,
        voice_share=figures.voice_share,
        presence_share=figures.presence_share,
        voice_ratio=figures.voice_ratio,
    )


def metrics_out(metrics: CycleMetrics) -> s.MetricsOut:
    counts = {
        d.value: s.PolarityCounts(
            barrier=by_polarity[Polarity.BARRIER], enabler=by_polarity[Polarity.ENABLER]
        )
        for d, by_polarity in metrics.dimension_counts.items()
    }
    pairs = {f"{a.value}_{b.value}": n for (a, b), n in metrics.interaction_coverage.items()}
    return s.MetricsOut(
        voice=s.VoiceByGroup(
            care_receivers=_figures(metrics.voice[RoleGroup.CARE_RECEIVERS]),
            professionals=_figures(metrics.voice[RoleGroup.PROFESSIONALS]),
        ),
        undisclosed=metrics.undisclosed,
        uptake=metrics.uptake,
        ownership=metrics.ownership,
        dimension_counts=s.DimensionCountsOut(**counts),
        dimension_balance=s.DimensionBalanceOut(
            **{d.value: v for d, v in metrics.dimension_balance.items()}
        ),
        coverage=metrics.coverage,
        interaction_coverage=s.InteractionCoverageOut(**pairs),
        within_dimension_links=metrics.within_dimension_links,
        follow_through=metrics.follow_through,
    )


def catalogue_out(catalogue: Catalogue, lang: s.Language) -> s.CatalogueOut:
    return s.CatalogueOut(
        name=catalogue.name,
        title=catalogue.title(lang),
        version=catalogue.version,
        lang=lang,
        factors=[
            s.CatalogueFactorOut(
                key=e.key,
                dimension=Dimension(e.dimension),
                polarity=Polarity(e.polarity),
                level=Level(e.level) if e.level else None,
                text=e.text(lang),
                source=e.source,
            )
            for e in catalogue.entries.order_by("position", "id")
        ],
        prompts=[
            s.CataloguePromptOut(
                key=p.key,
                stage=Stage(p.stage),
                dimension=Dimension(p.dimension) if p.dimension else None,
                text=p.text(lang),
                source=p.source,
            )
            for p in catalogue.prompts.order_by("position", "id")
        ],
    )
