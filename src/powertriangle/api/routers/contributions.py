"""Factors (barriers and enablers), links between them, and dot votes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from powertriangle.api import lookups
from powertriangle.api.auth import user_of
from powertriangle.api.outputs import factor_out, link_out
from powertriangle.api.responses import ERRORS
from powertriangle.api.schemas import (
    FactorIn,
    FactorOut,
    HideIn,
    LinkIn,
    LinkOut,
    VoteIn,
    VoteOut,
    VoteRemoved,
)
from powertriangle.catalogue.models import CatalogueEntry
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.core.access import can_write
from powertriangle.core.text import comparable
from powertriangle.cycles.models import Cycle, Factor, Vote
from powertriangle.cycles.selectors import (
    VOTE_COUNT,
    factors_visible,
    links_of,
    links_visible,
    with_votes,
)
from powertriangle.cycles.services.contributions import (
    factor_create,
    factor_set_hidden,
    link_create,
    link_set_hidden,
    vote_cast,
    vote_remove,
)
from powertriangle.projects.models import Member

router = Router(tags=["contributions"])


def _all_factors(cycle: Cycle) -> QuerySet[Factor]:
    """Hidden ones included: only for those who may hide and show them again."""
    return (
        Factor.objects.filter(cycle=cycle)
        .select_related("catalogue_entry")
        .annotate(vote_count=VOTE_COUNT)
        .order_by("dimension", "polarity", "created_at", "id")
    )


@router.get("/cycles/{cycle_id}/factors", response={200: list[FactorOut], **ERRORS})
def factor_list(
    request: HttpRequest, cycle_id: int, include_hidden: bool = False
) -> list[FactorOut]:
    """The cycle's factors with their votes. `include_hidden` is honoured for coaches only."""
    cycle = lookups.cycle(request, cycle_id)
    if include_hidden and can_write(user_of(request), cycle.project):
        return [factor_out(f) for f in _all_factors(cycle)]
    return [factor_out(f) for f in with_votes(factors_visible(cycle))]


@router.post("/cycles/{cycle_id}/factors", response={201: FactorOut, **ERRORS})
def factor_add(request: HttpRequest, cycle_id: int, payload: FactorIn) -> Status[FactorOut]:
    cycle = lookups.cycle(request, cycle_id, write=True)
    refs = lookups.References(cycle.project, cycle)
    author = refs.member(payload.author_id, field="author_id")
    on_behalf_of = refs.member(payload.on_behalf_of_id, field="on_behalf_of_id")
    entry: CatalogueEntry | None = None
    if payload.catalogue_key is not None:
        catalogue = catalogue_for_organisation(cycle.project.organisation)
        key = payload.catalogue_key
        entry = catalogue.entries.filter(key=key).first() if comparable(key) else None
        if entry is None:
            refs.errors["catalogue_key"] = [_("There is no such entry in this catalogue.")]
    refs.check()
    factor = factor_create(
        by=user_of(request),
        cycle=cycle,
        dimension=payload.dimension.value if payload.dimension else "",
        polarity=payload.polarity.value if payload.polarity else "",
        level=payload.level.value if payload.level else "",
        text=payload.text,
        catalogue_entry=entry,
        author=author,
        on_behalf_of=on_behalf_of,
        anonymous=payload.anonymous,
    )
    return Status(201, factor_out(factor, votes=0))


@router.post("/factors/{factor_id}/hide", response={200: FactorOut, **ERRORS})
def factor_hide(request: HttpRequest, factor_id: int, payload: HideIn) -> FactorOut:
    """Hide an inappropriate factor from every view (`hidden: false` shows it again)."""
    factor = lookups.factor(request, factor_id, write=True)
    factor = factor_set_hidden(by=user_of(request), factor=factor, hidden=payload.hidden)
    return factor_out(factor)


@router.get("/cycles/{cycle_id}/links", response={200: list[LinkOut], **ERRORS})
def link_list(request: HttpRequest, cycle_id: int, include_hidden: bool = False) -> list[LinkOut]:
    """The cycle's links. `include_hidden` is honoured for coaches only."""
    cycle = lookups.cycle(request, cycle_id)
    hidden = include_hidden and can_write(user_of(request), cycle.project)
    return [link_out(link) for link in (links_of if hidden else links_visible)(cycle)]


@router.post("/links/{link_id}/hide", response={200: LinkOut, **ERRORS})
def link_hide(request: HttpRequest, link_id: int, payload: HideIn) -> LinkOut:
    """Hide an inappropriate link from every view (`hidden: false` shows it again)."""
    link = lookups.link(request, link_id, write=True)
    return link_out(link_set_hidden(by=user_of(request), link=link, hidden=payload.hidden))


@router.post("/cycles/{cycle_id}/links", response={201: LinkOut, **ERRORS})
def link_add(request: HttpRequest, cycle_id: int, payload: LinkIn) -> Status[LinkOut]:
    """Say how two factors of the cycle affect each other."""
    cycle = lookups.cycle(request, cycle_id, write=True)
    refs = lookups.References(cycle.project, cycle)
    factor_a = refs.factor(payload.factor_a_id, field="factor_a_id")
    factor_b = refs.factor(payload.factor_b_id, field="factor_b_id")
    author = refs.member(payload.author_id, field="author_id")
    on_behalf_of = refs.member(payload.on_behalf_of_id, field="on_behalf_of_id")
    refs.check()
    assert factor_a is not None
    assert factor_b is not None
    link = link_create(
        by=user_of(request),
        cycle=cycle,
        factor_a=factor_a,
        factor_b=factor_b,
        note=payload.note,
        author=author,
        on_behalf_of=on_behalf_of,
        anonymous=payload.anonymous,
    )
    return Status(201, link_out(link))


def _vote_refs(
    request: HttpRequest, cycle_id: int, payload: VoteIn
) -> tuple[Cycle, Factor, Member]:
    cycle = lookups.cycle(request, cycle_id, write=True)
    refs = lookups.References(cycle.project, cycle)
    factor = refs.factor(payload.factor_id, field="factor_id")
    member = refs.member(payload.member_id, field="member_id")
    refs.check()
    assert factor is not None
    assert member is not None
    return cycle, factor, member


def _vote_out(cycle: Cycle, factor: Factor, member: Member) -> VoteOut:
    used = Vote.objects.filter(cycle=cycle, member=member).count()
    return VoteOut(
        factor_id=factor.pk,
        member_id=member.pk,
        factor_votes=Vote.objects.filter(factor=factor).count(),
        member_votes_left=max(cycle.votes_per_member - used, 0),
    )


@router.post("/cycles/{cycle_id}/votes", response={201: VoteOut, **ERRORS})
def vote_add(request: HttpRequest, cycle_id: int, payload: VoteIn) -> Status[VoteOut]:
    """Put one of the member's dots on a factor (several dots on one factor are allowed)."""
    cycle, factor, member = _vote_refs(request, cycle_id, payload)
    vote_cast(by=user_of(request), cycle=cycle, factor=factor, member=member)
    return Status(201, _vote_out(cycle, factor, member))


@router.delete("/cycles/{cycle_id}/votes", response={200: VoteRemoved, **ERRORS})
def vote_take_back(request: HttpRequest, cycle_id: int, payload: VoteIn) -> VoteRemoved:
    """Take back one of the member's dots from the factor; `removed` is false if it had none."""
    cycle, factor, member = _vote_refs(request, cycle_id, payload)
    removed = vote_remove(by=user_of(request), cycle=cycle, factor=factor, member=member)
    return VoteRemoved(**_vote_out(cycle, factor, member).model_dump(), removed=removed)
