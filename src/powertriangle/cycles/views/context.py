"""The cycle workspace as template context: the page takes all of it, an htmx fragment only the
parts its template uses (each part is computed on first use), so a fragment is always the same
markup as the matching part of the page without paying for the rest."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest

from powertriangle.catalogue.models import Catalogue, Prompt
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.core.choices import StageChoice
from powertriangle.cycles import selectors
from powertriangle.cycles.forms import (
    ActionForm,
    AttendanceForm,
    LinkForm,
    SharedChoices,
    VoteForm,
)
from powertriangle.cycles.models import Factor
from powertriangle.cycles.presenters import metric_rows, undisclosed_note, voice_label
from powertriangle.cycles.views.diagram import figure_for
from powertriangle.cycles.views.workspace import (
    ActionItem,
    DimensionPanel,
    FactorItem,
    LinkItem,
    ReviewItem,
    Workspace,
    _dimension_panels,
    _links,
    _status_form,
    _votes_left,
    cycle_factors,
    members_of,
    stage_purpose,
)
from powertriangle.projects.models import Member
from powertriangle.triangle.model import ContributionKind, Stage, may_contribute, next_stage

SPEAKER = {"author": "members", "on_behalf_of": "members"}


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


class _Parts:
    """The workspace's parts, each built on first use (and the parts it needs with it)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws, self.cycle, self.writable = ws, ws.cycle, ws.writable
        self.project = ws.cycle.project
        self.stage_ = Stage(ws.cycle.stage)
        self.notices = ws.notices

    @cached_property
    def members_qs(self) -> QuerySet[Member]:
        return members_of(self.cycle)

    @cached_property
    def members(self) -> list[Member]:
        return list(self.members_qs)

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
    def visible(self) -> QuerySet[Factor]:
        return cycle_factors(self.cycle)

    @cached_property
    def dimensions(self) -> list[DimensionPanel]:
        return _dimension_panels(
            self.ws, self.members_qs, self.all_prompts, self.catalogue, self.shared
        )

    @cached_property
    def visible_factors(self) -> list[FactorItem]:
        return [item for p in self.dimensions for item in (*p.barriers, *p.enablers)]

    @cached_property
    def links(self) -> list[LinkItem]:
        return _links(selectors.links_visible(self.cycle))

    @cached_property
    def hidden_links(self) -> list[LinkItem]:
        return _links(selectors.links_hidden(self.cycle)) if self.writable else []

    @cached_property
    def all_actions(self) -> list[ActionItem]:
        ws, cycle = self.ws, self.cycle
        return [
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

    @cached_property
    def reviews(self) -> list[ReviewItem]:
        ws, cycle = self.ws, self.cycle
        return [
            ReviewItem(
                r,
                _status_form(ws, f"review-{r.pk}", r, f"review-{r.pk}")
                if ws.writable and cycle.is_open
                else None,
                ws.notices.get(f"review-{r.pk}", ""),
            )
            for r in selectors.reviews_of(cycle)
        ]

    @cached_property
    def follow_through_known(self) -> bool:
        """From cycle 2 on, once there is something to say: the previous cycle had no actions,
        or a review has been saved (before the look back begins, "0 %" would say that nothing
        was done when nobody has said yet)."""
        if self.cycle.number == 1:
            return False
        return not self.reviews or any(item.review.reviewed for item in self.reviews)

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

    @cached_property
    def following(self) -> Stage | None:
        try:
            return next_stage(self.stage_)
        except ValueError:
            return None

    def context(self) -> dict[str, Callable[[], Any]]:
        """Every key of the template context, as a function that computes its value."""
        cycle, stage = self.cycle, self.stage_

        def following() -> Stage | None:
            return self.following

        return {
            "cycle": lambda: cycle,
            "project": lambda: self.project,
            "stage": lambda: stage.value,
            "stage_label": lambda: StageChoice(stage.value).label,
            "stage_purpose": lambda: stage_purpose(stage),
            "track": lambda: [
                (s.value, StageChoice(s.value).label, s == stage)
                for s in (Stage.REACTION, Stage.INTERACTION, Stage.ACTION, Stage.CLOSED)
            ],
            "writable": lambda: self.writable,
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
                _votes_left(cycle, self.members) if self.vote_form is not None else []
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
                self.metrics, show_follow_through=self.follow_through_known
            ),
            "undisclosed_note": lambda: undisclosed_note(self.metrics),
            "next_stage": lambda: f.value if (f := following()) else "",
            "next_stage_label": lambda: StageChoice(f.value).label if (f := following()) else "",
            "may_advance": lambda: self.writable and following() is not None,
            "may_start_next": lambda: (
                self.writable
                and not cycle.is_open
                and cycle.project.cycles.order_by("-number").values_list("pk", flat=True).first()
                == cycle.pk
            ),
            "next_cycle": lambda: cycle.project.cycles.filter(number=cycle.number + 1).first(),
            "notices": lambda: self.notices,
        }


def build(request: HttpRequest, ws: Workspace, *, lazy: bool = False) -> dict[str, Any]:
    """The whole workspace as template context; `lazy`: each part is computed when a template
    first uses it (an htmx fragment shows a few parts only)."""
    parts = _Parts(ws).context()
    if lazy:
        return {key: Lazy(compute) for key, compute in parts.items()}
    return {key: compute() for key, compute in parts.items()}
