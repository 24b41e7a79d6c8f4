"""The cycle workspace's context: built once, used by the page and by every htmx fragment, so a
fragment is always the same markup as the matching part of the page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powertriangle.catalogue.models import Catalogue, CatalogueEntry, Prompt
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.core.access import can_write
from powertriangle.core.choices import DimensionChoice, StageChoice
from powertriangle.cycles import selectors
from powertriangle.cycles.forms import (
    ActionForm,
    AttendanceForm,
    FactorForm,
    LinkForm,
    StatusForm,
    VoteForm,
)
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link, Vote
from powertriangle.cycles.presenters import (
    MetricRow,
    metric_rows,
    pair_label,
    undisclosed_note,
    voice_label,
)
from powertriangle.cycles.views.diagram import figure_for
from powertriangle.projects.models import Member
from powertriangle.projects.selectors import members_listed
from powertriangle.triangle.model import (
    ContributionKind,
    Dimension,
    Polarity,
    Stage,
    dimension_pair,
    may_contribute,
    next_stage,
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
    return Factor.objects.filter(cycle=cycle, hidden=False).order_by("dimension", "polarity", "id")


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
    ws: Workspace, dimension: str, members: QuerySet[Member], catalogue: Catalogue | None
) -> FactorForm:
    bound = ws.forms.get(f"factor-{dimension}")
    if isinstance(bound, FactorForm):
        return bound
    return FactorForm(
        entries=CatalogueEntry.objects.filter(catalogue=catalogue, dimension=dimension),
        members=members,
        auto_id=f"factor-{dimension}-%s",
    )


def _dimension_panels(
    ws: Workspace, members: QuerySet[Member], prompts: list[Prompt], catalogue: Catalogue | None
) -> list[DimensionPanel]:
    cycle = ws.cycle
    may_add = ws.writable and may_contribute(Stage(cycle.stage), ContributionKind.FACTOR)
    factors = list(
        Factor.objects.filter(cycle=cycle)
        .select_related("author", "on_behalf_of")
        .annotate(vote_count=Count("votes"))
        .order_by("id")
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
                form=_factor_form(ws, dimension.value, members, catalogue)
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


def build(request: HttpRequest, ws: Workspace) -> dict[str, Any]:
    """The whole workspace as template context."""
    cycle = ws.cycle
    project = cycle.project
    stage = Stage(cycle.stage)
    members = members_of(cycle)
    member_list = list(members)
    allowed = {k: ws.writable and may_contribute(stage, k) for k in ContributionKind}
    catalogue = catalogue_for_organisation(project.organisation) if stage != Stage.CLOSED else None
    prompts = (
        list(Prompt.objects.filter(catalogue=catalogue, stage=stage.value).order_by("position"))
        if catalogue
        else []
    )
    visible = cycle_factors(cycle)
    panels = _dimension_panels(ws, members, prompts, catalogue)
    visible_factors = [item for p in panels for item in (*p.barriers, *p.enablers)]
    links = _links(selectors.links_visible(cycle))
    hidden_links = _links(selectors.links_hidden(cycle)) if ws.writable else []
    actions = [
        ActionItem(
            a,
            voice_label(a),
            _status_form(ws, f"action-{a.pk}", a, f"action-{a.pk}")
            if ws.writable and cycle.is_open and not a.hidden
            else None,
            ws.notices.get(f"action-{a.pk}", ""),
        )
        for a in selectors.actions_of(cycle, include_hidden=ws.writable)
    ]
    reviews = [
        ReviewItem(
            r,
            _status_form(ws, f"review-{r.pk}", r, f"review-{r.pk}")
            if ws.writable and cycle.is_open
            else None,
            ws.notices.get(f"review-{r.pk}", ""),
        )
        for r in selectors.reviews_of(cycle)
    ]
    present_ids = set(cycle.attendances.values_list("member_id", flat=True))
    metrics = selectors.metrics_for_cycle(cycle)
    rows: list[MetricRow] = metric_rows(metrics, show_follow_through=cycle.number > 1)
    forms_ = ws.forms
    link_form = forms_.get("link") or (
        LinkForm(factors=visible, members=members, auto_id="link-%s")
        if allowed[ContributionKind.LINK]
        else None
    )
    vote_form = forms_.get("votes") or (
        VoteForm(
            factors=visible,
            members=members,
            auto_id="vote-%s",
            initial={"member": ws.voting_member.pk if ws.voting_member else None},
        )
        if allowed[ContributionKind.VOTE]
        else None
    )
    action_form = forms_.get("action") or (
        ActionForm(factors=visible, members=members, auto_id="action-%s")
        if allowed[ContributionKind.ACTION]
        else None
    )
    attendance_form = forms_.get("attendance") or (
        AttendanceForm(
            members=members, auto_id="attendance-%s", initial={"members": sorted(present_ids)}
        )
        if ws.writable and cycle.is_open
        else None
    )
    try:
        following = next_stage(stage)
    except ValueError:
        following = None
    newest = cycle.project.cycles.order_by("-number").values_list("pk", flat=True).first()
    next_cycle = cycle.project.cycles.filter(number=cycle.number + 1).first()
    return {
        "cycle": cycle,
        "project": project,
        "stage": stage.value,
        "stage_label": StageChoice(stage.value).label,
        "stage_purpose": stage_purpose(stage),
        "track": [
            (s.value, StageChoice(s.value).label, s == stage)
            for s in (Stage.REACTION, Stage.INTERACTION, Stage.ACTION, Stage.CLOSED)
        ],
        "writable": ws.writable,
        "prompts": [p for p in prompts if not p.dimension],
        "dimensions": panels,
        "factor_count": len(visible_factors),
        "visible_factors": visible_factors,
        "links": links,
        "hidden_links": hidden_links,
        "show_links": stage in (Stage.INTERACTION, Stage.ACTION) or bool(links or hidden_links),
        "link_form": link_form,
        "vote_form": vote_form,
        "votes_left": _votes_left(cycle, member_list) if vote_form is not None else [],
        "show_votes": vote_form is not None,
        "actions": [i for i in actions if not i.action.hidden],
        "hidden_actions": [i for i in actions if i.action.hidden],
        "show_actions": stage == Stage.ACTION or bool(actions),
        "action_form": action_form,
        "reviews": reviews,
        "show_review": cycle.number > 1,
        "members": member_list,
        "present_ids": present_ids,
        "present_members": [m for m in member_list if m.pk in present_ids],
        "anonymity_k": settings.POWERTRIANGLE_ANONYMITY_K,
        "attendance_form": attendance_form,
        "figure": figure_for(cycle),
        "metric_rows": rows,
        "undisclosed_note": undisclosed_note(metrics),
        "next_stage": following.value if following else "",
        "next_stage_label": StageChoice(following.value).label if following else "",
        "may_advance": ws.writable and following is not None,
        "may_start_next": ws.writable and not cycle.is_open and newest == cycle.pk,
        "next_cycle": next_cycle,
        "notices": ws.notices,
    }


def writable(request: HttpRequest, cycle: Cycle) -> bool:
    return can_write(request.user, cycle.project)
