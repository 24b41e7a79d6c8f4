"""The cycle workspace's context: built once, used by the page and by every htmx fragment, so a
fragment is always the same markup as the matching part of the page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.catalogue.models import Catalogue, CatalogueEntry, Prompt
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.core.access import can_write
from powertriangle.core.choices import DimensionChoice
from powertriangle.cycles import selectors
from powertriangle.cycles.forms import FactorForm, SharedChoices, StatusForm
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link, Vote
from powertriangle.cycles.presenters import (
    pair_label,
    voice_label,
)
from powertriangle.cycles.selectors import VOTE_COUNT
from powertriangle.projects.models import Member
from powertriangle.projects.selectors import members_listed
from powertriangle.triangle.model import (
    ContributionKind,
    Dimension,
    Polarity,
    Stage,
    dimension_pair,
    may_contribute,
)


def stage_purpose(stage: Stage) -> str:
    """One plain sentence on what the stage is for (from the paper's three-step cycle)."""
    if stage == Stage.REACTION:
        return _(
            "Notice and react: name the barriers and the enablers you see in each of the three "
            "dimensions."
        )
    if stage == Stage.INTERACTION:
        return _(
            "Reflect together on how the dimensions affect each other: link factors and choose "
            "what matters most. You cannot co-produce without interaction."
        )
    if stage == Stage.ACTION:
        return _(
            "Act: decide what to do to handle a barrier or to reinforce an enabler, and who "
            "takes care of it."
        )
    return _(
        "This cycle is finished. The next cycle begins again with reaction, building on what "
        "you have learnt."
    )


def members_of(cycle: Cycle) -> QuerySet[Member]:
    return members_listed(cycle.project_id, active_only=True)


def cycle_factors(cycle: Cycle) -> QuerySet[Factor]:
    return Factor.objects.filter(cycle=cycle, hidden=False).order_by(
        "dimension", "polarity", "created_at", "id"
    )


def catalogue_entries(cycle: Cycle, dimension: str) -> QuerySet[CatalogueEntry]:
    """The suggestions a factor of `dimension` may be picked from (the project's catalogue)."""
    catalogue = catalogue_for_organisation(cycle.project.organisation)
    return CatalogueEntry.objects.filter(catalogue=catalogue, dimension=dimension).order_by(
        "position"
    )


@dataclass
class FactorItem:
    factor: Factor
    voice: str
    votes: int


HINTS = {
    Dimension.RESOURCES: gettext_lazy(
        "What people can draw on: time, staff, money, knowledge of the person, and others who "
        "help them take part."
    ),
    Dimension.DISCOURSES: gettext_lazy(
        "Attitudes and beliefs: how we see the person and each other, and what we take for granted."
    ),
    Dimension.CONTEXTS: gettext_lazy(
        "Where it happens and what that means: the unit, the organisation and the "
        "relationships around them."
    ),
}


@dataclass
class DimensionPanel:
    value: str
    label: str
    hint: str
    prompts: list[Prompt]
    barriers: list[FactorItem]
    enablers: list[FactorItem]
    hidden: list[FactorItem]
    form: FactorForm | None
    entries: dict[str, list[CatalogueEntry]]
    form_open: bool = False


@dataclass
class LinkItem:
    link: Link
    voice: str
    where: str
    with_factor: bool = False  # out of sight because one of its factors is hidden


@dataclass
class ActionItem:
    action: Action
    voice: str
    form: StatusForm | None
    notice: str = ""


@dataclass
class ReviewItem:
    review: ActionReview
    form: StatusForm | None
    notice: str = ""


@dataclass
class Workspace:
    """What the page shows. `forms`/`notices` carry a bound form or a message back after a post."""

    cycle: Cycle
    writable: bool
    forms: dict[str, Form] = field(default_factory=dict)
    notices: dict[str, str] = field(default_factory=dict)
    voting_member: Member | None = None
    open_dimension: str = ""


def _factor_form(
    ws: Workspace,
    dimension: str,
    members: QuerySet[Member],
    catalogue: Catalogue | None,
    shared: SharedChoices | None,
) -> FactorForm:
    bound = ws.forms.get(f"factor-{dimension}")
    if isinstance(bound, FactorForm):
        return bound
    form = FactorForm(
        entries=CatalogueEntry.objects.filter(catalogue=catalogue, dimension=dimension),
        members=members,
        auto_id=f"factor-{dimension}-%s",
    )
    if shared is not None:
        shared.offer(form, author="members", on_behalf_of="members")
    return form


def _dimension_panels(
    ws: Workspace,
    members: QuerySet[Member],
    prompts: list[Prompt],
    catalogue: Catalogue | None,
    shared: SharedChoices | None = None,
) -> list[DimensionPanel]:
    cycle = ws.cycle
    may_add = ws.writable and may_contribute(Stage(cycle.stage), ContributionKind.FACTOR)
    factors = list(
        Factor.objects.filter(cycle=cycle)
        .select_related("author", "on_behalf_of")
        .annotate(vote_count=VOTE_COUNT)
        .order_by("created_at", "id")
    )
    entries = (
        list(CatalogueEntry.objects.filter(catalogue=catalogue).order_by("position"))
        if catalogue is not None and may_add
        else []
    )
    panels = []
    for dimension in Dimension:
        mine = [f for f in factors if f.dimension == dimension]

        def items(chosen: list[Factor]) -> list[FactorItem]:
            return [FactorItem(f, voice_label(f), getattr(f, "vote_count", 0)) for f in chosen]

        panels.append(
            DimensionPanel(
                value=dimension.value,
                label=str(DimensionChoice(dimension.value).label),
                hint=str(HINTS[dimension]),
                prompts=[p for p in prompts if p.dimension == dimension],
                barriers=items(
                    [f for f in mine if not f.hidden and f.polarity == Polarity.BARRIER]
                ),
                enablers=items(
                    [f for f in mine if not f.hidden and f.polarity == Polarity.ENABLER]
                ),
                hidden=items([f for f in mine if f.hidden]) if ws.writable else [],
                form=_factor_form(ws, dimension.value, members, catalogue, shared)
                if may_add or f"factor-{dimension.value}" in ws.forms
                else None,
                entries={
                    p.value: [e for e in entries if e.dimension == dimension and e.polarity == p]
                    for p in Polarity
                },
                form_open=ws.open_dimension == dimension.value,
            )
        )
    return panels


def _links(links: QuerySet[Link]) -> list[LinkItem]:
    result = []
    for link in links:
        a, b = Dimension(link.factor_a.dimension), Dimension(link.factor_b.dimension)
        pair = dimension_pair(a, b)
        where = (
            _("within %(dimension)s") % {"dimension": DimensionChoice(a.value).label}
            if pair is None
            else _("across dimensions: %(pair)s") % {"pair": pair_label(*pair)}
        )
        result.append(LinkItem(link, voice_label(link), where, selectors.hidden_with_factor(link)))
    return result


def _votes_left(cycle: Cycle, members: list[Member]) -> list[tuple[Member, int]]:
    used = Counter(
        dict(
            Vote.objects.filter(cycle=cycle)
            .values_list("member_id")
            .annotate(n=Count("id"))
            .values_list("member_id", "n")
        )
    )
    return [(m, max(cycle.votes_per_member - used[m.pk], 0)) for m in members]


def _status_form(ws: Workspace, key: str, obj: Action | ActionReview, prefix: str) -> StatusForm:
    bound = ws.forms.get(key)
    if isinstance(bound, StatusForm):
        return bound
    initial = {"status": obj.status, "version": obj.version}
    if isinstance(obj, ActionReview):
        initial["note"] = obj.note
    return StatusForm(initial=initial, auto_id=f"{prefix}-%s")


def writable(request: HttpRequest, cycle: Cycle) -> bool:
    return can_write(request.user, cycle.project)
