"""The cycle page: a composition of the parts. The page takes all of them; an htmx fragment only
the parts its template uses (each is computed on first use), so a fragment is always the same
markup as the matching part of the page without paying for the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.forms import Form

from powertriangle.catalogue.models import Catalogue, Prompt
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.cycles import selectors
from powertriangle.cycles.forms import (
    ActionForm,
    AttendanceForm,
    LinkForm,
    SharedChoices,
    VoteForm,
)
from powertriangle.cycles.models import Cycle, Factor
from powertriangle.cycles.parts.actions import (
    ActionItem,
    ReviewItem,
    action_items,
    follow_through_known,
    review_items,
)
from powertriangle.cycles.parts.factors import DimensionPanel, FactorItem, PanelsState
from powertriangle.cycles.parts.factors import dimension_panels as panels_of
from powertriangle.cycles.parts.figure import figure_for
from powertriangle.cycles.parts.links import LinkItem, link_items
from powertriangle.cycles.parts.metrics import metric_rows, undisclosed_note
from powertriangle.cycles.parts.people import members_of
from powertriangle.cycles.parts.stage import StagePart, stage_part
from powertriangle.cycles.parts.votes import votes_left
from powertriangle.projects.models import Member
from powertriangle.triangle.model import ContributionKind, Stage, may_contribute
from powertriangle.workshops.selectors import open_workshop_of

SPEAKER = {"author": "members", "on_behalf_of": "members"}


@dataclass
class Workspace:
    """What the page shows. `forms`/`notices` carry a bound form or a message back after a post."""

    cycle: Cycle
    writable: bool
    forms: dict[str, Form] = field(default_factory=dict)
    notices: dict[str, str] = field(default_factory=dict)
    voting_member: Member | None = None
    open_dimension: str = ""


class Lazy:
    """A part of the context computed the first time it is asked for. Django templates call a
    callable value, so an htmx fragment only pays for the parts it shows."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self._compute: Callable[[], Any] | None = compute
        self._value: Any = None

    def __call__(self) -> Any:
        if self._compute is not None:
            self._value, self._compute = self._compute(), None
        return self._value


def part(context: dict[str, Any], key: str) -> Any:
    value = context[key]
    return value() if isinstance(value, Lazy) else value


class CyclePage:
    """The page's parts, each built on first use (and the parts it needs with it)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws, self.cycle, self.writable = ws, ws.cycle, ws.writable
        self.project = ws.cycle.project
        self.stage_ = Stage(ws.cycle.stage)

    @cached_property
    def members_qs(self) -> QuerySet[Member]:
        return members_of(self.cycle)

    @cached_property
    def members(self) -> list[Member]:
        return list(self.members_qs)

    @cached_property
    def visible(self) -> QuerySet[Factor]:
        return selectors.factors_visible(self.cycle)

    @cached_property
    def shared(self) -> SharedChoices:
        return SharedChoices(members=self.members_qs, factors=self.visible)

    def offer(self, form: Form, **fields: str) -> Form:
        self.shared.offer(form, **fields)
        return form

    @cached_property
    def allowed(self) -> dict[ContributionKind, bool]:
        return {k: self.writable and may_contribute(self.stage_, k) for k in ContributionKind}

    @cached_property
    def stage(self) -> StagePart:
        return stage_part(self.stage_)

    @cached_property
    def catalogue(self) -> Catalogue | None:
        closed = self.stage_ == Stage.CLOSED
        return None if closed else catalogue_for_organisation(self.project.organisation)

    @cached_property
    def all_prompts(self) -> list[Prompt]:
        if not self.catalogue:
            return []
        chosen = Prompt.objects.filter(catalogue=self.catalogue, stage=self.stage_.value)
        return list(chosen.order_by("position"))

    @cached_property
    def dimensions(self) -> list[DimensionPanel]:
        state = PanelsState(
            may_add=self.allowed[ContributionKind.FACTOR],
            may_hide=self.writable,
            forms=self.ws.forms,
            open_dimension=self.ws.open_dimension,
        )
        return panels_of(
            self.cycle, state, self.members_qs, self.all_prompts, self.catalogue, self.shared
        )

    @cached_property
    def visible_factors(self) -> list[FactorItem]:
        return [item for p in self.dimensions for item in (*p.barriers, *p.enablers)]

    @cached_property
    def links(self) -> list[LinkItem]:
        return link_items(selectors.links_visible(self.cycle))

    @cached_property
    def hidden_links(self) -> list[LinkItem]:
        return link_items(selectors.links_hidden(self.cycle)) if self.writable else []

    @cached_property
    def all_actions(self) -> list[ActionItem]:
        ws = self.ws
        return action_items(self.cycle, may_change=ws.writable, forms=ws.forms, notices=ws.notices)

    @cached_property
    def reviews(self) -> list[ReviewItem]:
        ws = self.ws
        return review_items(self.cycle, may_change=ws.writable, forms=ws.forms, notices=ws.notices)

    @cached_property
    def present_ids(self) -> set[int]:
        return set(self.cycle.attendances.values_list("member_id", flat=True))

    @cached_property
    def metrics(self) -> Any:
        return selectors.metrics_for_cycle(self.cycle)

    @cached_property
    def link_form(self) -> Form | None:
        return self.ws.forms.get("link") or (
            self.offer(
                LinkForm(factors=self.visible, members=self.members_qs, auto_id="link-%s"),
                **SPEAKER,
                factor_a="factors",
                factor_b="factors",
            )
            if self.allowed[ContributionKind.LINK]
            else None
        )

    @cached_property
    def vote_form(self) -> Form | None:
        voting = self.ws.voting_member
        return self.ws.forms.get("votes") or (
            self.offer(
                VoteForm(
                    factors=self.visible,
                    members=self.members_qs,
                    auto_id="vote-%s",
                    initial={"member": voting.pk if voting else None},
                ),
                member="members",
                factor="factors",
            )
            if self.allowed[ContributionKind.VOTE]
            else None
        )

    @cached_property
    def action_form(self) -> Form | None:
        return self.ws.forms.get("action") or (
            self.offer(
                ActionForm(factors=self.visible, members=self.members_qs, auto_id="action-%s"),
                **SPEAKER,
                factors="factors",
                owners="members",
            )
            if self.allowed[ContributionKind.ACTION]
            else None
        )

    @cached_property
    def attendance_form(self) -> Form | None:
        initial = {"members": sorted(self.present_ids)} if self.writable else {}
        return self.ws.forms.get("attendance") or (
            self.offer(
                AttendanceForm(members=self.members_qs, auto_id="attendance-%s", initial=initial),
                members="members",
            )
            if self.writable and self.cycle.is_open
            else None
        )

    def context(self) -> dict[str, Callable[[], Any]]:
        """Every key of the template context, as a function that computes its value."""
        cycle, stage = self.cycle, self.stage_
        return {
            "cycle": lambda: cycle,
            "project": lambda: self.project,
            "stage": lambda: stage.value,
            "stage_label": lambda: self.stage.label,
            "stage_purpose": lambda: self.stage.purpose,
            "track": lambda: self.stage.track,
            "writable": lambda: self.writable,
            "workshop_link_shown": lambda: self.writable and cycle.is_open,
            "open_workshop": lambda: open_workshop_of(cycle) if self.writable else None,
            "prompts": lambda: [p for p in self.all_prompts if not p.dimension],
            "dimensions": lambda: self.dimensions,
            "factor_count": lambda: len(self.visible_factors),
            "visible_factors": lambda: self.visible_factors,
            "links": lambda: self.links,
            "hidden_links": lambda: self.hidden_links,
            "show_links": lambda: (
                stage in (Stage.INTERACTION, Stage.ACTION) or bool(self.links or self.hidden_links)
            ),
            "link_form": lambda: self.link_form,
            "vote_form": lambda: self.vote_form,
            "votes_left": lambda: (
                votes_left(cycle, self.members) if self.vote_form is not None else []
            ),
            "show_votes": lambda: self.vote_form is not None,
            "actions": lambda: [i for i in self.all_actions if not i.action.hidden],
            "hidden_actions": lambda: [i for i in self.all_actions if i.action.hidden],
            "show_actions": lambda: stage == Stage.ACTION or bool(self.all_actions),
            "action_form": lambda: self.action_form,
            "reviews": lambda: self.reviews,
            "show_review": lambda: cycle.number > 1,
            "members": lambda: self.members,
            "present_ids": lambda: self.present_ids,
            "present_members": lambda: [m for m in self.members if m.pk in self.present_ids],
            "anonymity_k": lambda: settings.POWERTRIANGLE_ANONYMITY_K,
            "attendance_form": lambda: self.attendance_form,
            "figure": lambda: figure_for(cycle),
            "metric_rows": lambda: metric_rows(
                self.metrics, show_follow_through=follow_through_known(cycle, self.reviews)
            ),
            "undisclosed_note": lambda: undisclosed_note(self.metrics),
            "next_stage": lambda: self.stage.next_value,
            "next_stage_label": lambda: self.stage.next_label,
            "may_advance": lambda: self.writable and bool(self.stage.next_value),
            "may_start_next": lambda: (
                self.writable
                and not cycle.is_open
                and selectors.latest_cycle_id(cycle.project_id) == cycle.pk
            ),
            "next_cycle": lambda: selectors.cycle_numbered(cycle.project_id, cycle.number + 1),
            "notices": lambda: self.ws.notices,
        }


def page_context(ws: Workspace, *, lazy: bool = False) -> dict[str, Any]:
    """The whole page as template context; `lazy`: each part is computed when a template first
    uses it (an htmx fragment shows a few parts only)."""
    parts = CyclePage(ws).context()
    if lazy:
        return {key: Lazy(compute) for key, compute in parts.items()}
    return {key: compute() for key, compute in parts.items()}
