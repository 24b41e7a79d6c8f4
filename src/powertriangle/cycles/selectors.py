"""Reads about cycles: the facts the metrics are computed from, and the cycle's contents."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet

from powertriangle.core.choices import ActionStatusChoice
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link, Vote, VoteTally
from powertriangle.projects.models import Member
from powertriangle.triangle.metrics import (
    ActionFacts,
    CycleFacts,
    CycleMetrics,
    FactorFacts,
    LinkFacts,
    combine,
    cycle_metrics,
)
from powertriangle.triangle.model import Dimension, Polarity, RoleGroup
from powertriangle.triangle.model import link_shown as shown

# A factor's dots, the held ones (of anonymous voters, until their release) left out.
VOTE_COUNT = Count("votes", filter=Q(votes__held=False))


def latest_cycle_id(project_id: int) -> int | None:
    return (
        Cycle.objects.filter(project_id=project_id)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )


def cycle_numbered(project_id: int, number: int) -> Cycle | None:
    return Cycle.objects.filter(project_id=project_id, number=number).first()


def factors_of(cycle: Cycle, *, include_hidden: bool = False) -> QuerySet[Factor]:
    """The cycle's factors, by dimension and polarity in the order they were named; hidden ones
    only with `include_hidden` (for those who may hide them). Every reader of factors starts
    here, so "visible" has one definition."""
    factors = Factor.objects.filter(cycle=cycle)
    if not include_hidden:
        factors = factors.filter(hidden=False)
    return factors.order_by("dimension", "polarity", "created_at", "id")


def factors_visible(cycle: Cycle) -> QuerySet[Factor]:
    """The cycle's factors that are not hidden."""
    return factors_of(cycle)


def with_votes(factors: QuerySet[Factor]) -> QuerySet[Factor]:
    """`factors` with who said them and their dots (`vote_count`)."""
    return factors.select_related("author", "on_behalf_of", "catalogue_entry").annotate(
        vote_count=VOTE_COUNT
    )


# When a link is shown: neither it nor either of its factors is hidden, so a hidden factor's
# words never come back through a link, and its links come back with it (unless hidden too).
# Every reader of links filters with this (or asks `link_shown` of a link in hand).
LINK_SHOWN = Q(hidden=False, factor_a__hidden=False, factor_b__hidden=False)


def hidden_with_factor(link: Link) -> bool:
    """The link is out of sight because one of its factors is hidden (reads the factors unless
    they are loaded)."""
    return bool(link.factor_a.hidden or link.factor_b.hidden)


def link_shown(link: Link) -> bool:
    """`LINK_SHOWN` for one link in hand (triangle.model.link_shown)."""
    return shown(
        link_hidden=link.hidden,
        factor_a_hidden=link.factor_a.hidden,
        factor_b_hidden=link.factor_b.hidden,
    )


def links_visible(cycle: Cycle) -> QuerySet[Link]:
    """The cycle's links that are shown (`LINK_SHOWN`)."""
    return links_of(cycle).filter(LINK_SHOWN)


def links_hidden(cycle: Cycle) -> QuerySet[Link]:
    """The cycle's links that are not shown, hidden themselves or with a factor: for the coach."""
    return links_of(cycle).exclude(LINK_SHOWN)


def links_of_factor(factor: Factor) -> QuerySet[Link]:
    """The links that join `factor` to another (they are out of sight while it is hidden)."""
    return (
        Link.objects.filter(Q(factor_a=factor) | Q(factor_b=factor))
        .select_related("factor_a", "factor_b", "author", "on_behalf_of")
        .order_by("created_at", "id")
    )


def links_of(cycle: Cycle) -> QuerySet[Link]:
    """All the cycle's links, hidden ones included: only for those who may hide them."""
    return (
        Link.objects.filter(cycle=cycle)
        .select_related("factor_a", "factor_b", "author", "on_behalf_of")
        .order_by("created_at", "id")
    )


def actions_of(cycle: Cycle, *, include_hidden: bool = False) -> QuerySet[Action]:
    """The cycle's actions; hidden ones only with `include_hidden` (for those who may hide)."""
    actions = Action.objects.filter(cycle=cycle)
    if not include_hidden:
        actions = actions.filter(hidden=False)
    return (
        actions.select_related("author", "on_behalf_of")
        .prefetch_related(
            "owners", Prefetch("factors", queryset=Factor.objects.order_by("created_at", "id"))
        )
        .order_by("created_at", "id")
    )


def reviews_of(cycle: Cycle) -> QuerySet[ActionReview]:
    """The reviews of the previous cycle's actions that are not hidden."""
    return (
        ActionReview.objects.filter(cycle=cycle, action__hidden=False)
        .select_related("action")
        .prefetch_related("action__owners")
        .order_by("action__created_at", "action_id")
    )


def votes_used(cycle: Cycle, member: Member, *, anonymous: bool = False) -> int:
    """How many dots `member` has put in `cycle` (an anonymous voter's from their tally)."""
    if anonymous:
        return int(
            VoteTally.objects.filter(cycle=cycle, member=member)
            .values_list("used", flat=True)
            .first()
            or 0
        )
    return Vote.objects.filter(cycle=cycle, member=member).count()


def cycle_facts(cycle: Cycle) -> CycleFacts:
    """Plain facts for the metrics, in a fixed number of queries whatever the cycle's size."""
    present = tuple(m.role_group for m in Member.objects.filter(cycles_present=cycle).only("role"))
    factors = tuple(
        FactorFacts(id=pk, dimension=Dimension(d), polarity=Polarity(p), group=RoleGroup(g))
        for pk, d, p, g in factors_visible(cycle).values_list(
            "pk", "dimension", "polarity", "voice_group"
        )
    )
    links = tuple(
        LinkFacts(dimension_a=Dimension(a), dimension_b=Dimension(b), group=RoleGroup(g))
        for a, b, g in Link.objects.filter(LINK_SHOWN, cycle=cycle).values_list(
            "factor_a__dimension", "factor_b__dimension", "voice_group"
        )
    )
    actions = tuple(_action_facts(cycle))
    reviews = ActionReview.objects.filter(cycle=cycle, action__hidden=False)
    return CycleFacts(
        present=present,
        factors=factors,
        links=links,
        actions=actions,
        previous_actions=reviews.count(),
        previous_done_at_review=reviews.filter(status=ActionStatusChoice.DONE).count(),
    )


def _action_facts(cycle: Cycle) -> Iterable[ActionFacts]:
    actions = Action.objects.filter(cycle=cycle, hidden=False).prefetch_related(
        Prefetch("owners", queryset=Member.objects.only("id", "role")),
        Prefetch("factors", queryset=Factor.objects.only("id")),
    )
    for action in actions:
        yield ActionFacts(
            factor_ids=frozenset(f.pk for f in action.factors.all()),
            owner_groups=frozenset(m.role_group for m in action.owners.all()),
            group=RoleGroup(action.voice_group),
        )


def metrics_for_cycle(cycle: Cycle) -> CycleMetrics:
    return cycle_metrics(cycle_facts(cycle))


def metrics_for_cycles(cycles: Iterable[Cycle]) -> CycleMetrics:
    return cycle_metrics(combine(cycle_facts(c) for c in cycles))
