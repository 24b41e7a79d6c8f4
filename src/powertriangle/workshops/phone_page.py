"""The participant's phone page, a composition of the cycle's parts: the stage panel (one step at
a time) and the board of what has been said. Built once for the page and for each of its
fragments; never from the request."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.forms import Form
from django.http import QueryDict
from django.utils.translation import gettext as _

from powertriangle.core.choices import DimensionChoice, PolarityChoice, RoleChoice
from powertriangle.cycles.models import Cycle
from powertriangle.cycles.parts.stage import dimension_hint, stage_part
from powertriangle.cycles.selectors import factors_visible
from powertriangle.live.store import head_of
from powertriangle.projects.models import Member
from powertriangle.triangle.model import ContributionKind, Dimension, Role, Stage, may_contribute
from powertriangle.triangle.voice import may_speak_for_others
from powertriangle.workshops import selectors
from powertriangle.workshops.forms import (
    KeyedForm,
    PhoneActionForm,
    PhoneFactorForm,
    PhoneLinkForm,
    new_key,
    short_factor_label,
)
from powertriangle.workshops.models import Participant
from powertriangle.workshops.services import is_live, seconds_left


@dataclass
class PanelState:
    """What a request changes on the panel: the reaction step, a bound form, a message."""

    dimension: str = ""
    polarity: str = ""
    form: Form | None = None
    notice: str = ""
    alert: str = ""


@dataclass
class VoteState:
    key: str = field(default_factory=new_key)
    notice: str = ""
    alert: str = ""
    voter: Member | None = None
    factor_id: int | None = None  # the factor the notice names (the notice goes if it is hidden)


@dataclass(frozen=True)
class FactorOption:
    id: int
    label: str


def fresh_cycle(participant: Participant) -> Cycle:
    return Cycle.objects.select_related("project__organisation").get(
        pk=participant.workshop.cycle_id
    )


def factor_options(cycle: Cycle) -> list[FactorOption]:
    """Factors to pick from, by their label (never in the order they were made)."""
    options = [FactorOption(f.pk, short_factor_label(f)) for f in factors_visible(cycle)]
    return sorted(options, key=lambda o: (o.label.casefold(), o.id))


def represented_for(participant: Participant) -> QuerySet[Member] | None:
    """Whom this participant may speak for: only supporters in a workshop with names."""
    if participant.workshop.anonymous or not may_speak_for_others(Role(participant.member.role)):
        return None
    return selectors.represented(participant)


def stage_form(
    participant: Participant,
    cycle: Cycle,
    stage: Stage,
    data: QueryDict | None = None,
    *,
    dimension: str = "",
    polarity: str = "",
    initial: dict[str, Any] | None = None,
) -> KeyedForm:
    """The form of a contributing stage, empty for the page or bound to the posted `data`: the
    same choices either way (the reaction step's suggestions are those of `dimension` and
    `polarity`)."""
    represented = represented_for(participant)
    initial = dict(initial or {})
    if stage == Stage.REACTION:
        entries = selectors.suggestions(cycle, dimension, polarity)
        return PhoneFactorForm(
            data, entries=entries, represented=represented, auto_id="f-%s", initial=initial
        )
    factors = factors_visible(cycle)
    if stage == Stage.INTERACTION:
        return PhoneLinkForm(
            data, factors=factors, represented=represented, auto_id="l-%s", initial=initial
        )
    owners = selectors.active_members(cycle)
    return PhoneActionForm(
        data,
        factors=factors,
        owners=owners,
        represented=represented,
        auto_id="a-%s",
        initial=initial,
    )


def _stage_form(participant: Participant, cycle: Cycle, state: PanelState) -> Form | None:
    if state.form is not None:
        return state.form
    stage = Stage(cycle.stage)
    if stage == Stage.REACTION and state.dimension and state.polarity:
        return stage_form(
            participant, cycle, stage, dimension=state.dimension, polarity=state.polarity
        )
    if stage == Stage.INTERACTION:
        return stage_form(participant, cycle, stage)
    if stage == Stage.ACTION:
        initial: dict[str, Any] = {}
        if not participant.workshop.anonymous:
            initial["owners"] = [participant.member.pk]
        return stage_form(participant, cycle, stage, initial=initial)
    return None


def _me(participant: Participant) -> str:
    member = participant.member
    role = RoleChoice(member.role).label
    if participant.workshop.anonymous:
        return _("You take part as: %(role)s") % {"role": str(role).lower()}
    # A comma, not brackets: names often carry their own ("Karin (Esther's daughter)").
    return _("You take part as %(name)s, %(role)s") % {
        "name": member.display_name,
        "role": str(role).lower(),
    }


def panel_context(participant: Participant, cycle: Cycle, state: PanelState) -> dict[str, Any]:
    workshop = participant.workshop
    stage = Stage(cycle.stage)
    live = is_live(workshop)
    dimension = state.dimension if state.dimension in DimensionChoice.values else ""
    polarity = state.polarity if dimension and state.polarity in PolarityChoice.values else ""
    state.dimension, state.polarity = dimension, polarity
    header = stage_part(stage, with_closed=False)
    context: dict[str, Any] = {
        "live": live,
        "stage": stage.value,
        "stage_label": header.label,
        "stage_number": header.number,
        "stage_purpose": header.purpose,
        "track": header.track,
        "notice": state.notice,
        "alert": state.alert,
        "step_dimension": dimension,
        "step_dimension_label": DimensionChoice(dimension).label if dimension else "",
        "step_polarity": polarity,
        "step_polarity_label": PolarityChoice(polarity).label if polarity else "",
        "dimension_choices": [
            (d.value, DimensionChoice(d.value).label, dimension_hint(d)) for d in Dimension
        ],
        "prompts": selectors.stage_prompts(cycle) if live and stage != Stage.CLOSED else [],
        "dimension_prompts": selectors.stage_prompts(cycle, dimension=dimension)
        if live and dimension
        else [],
        "form": _stage_form(participant, cycle, state) if live else None,
        "factor_options": factor_options(cycle) if live and stage != Stage.REACTION else [],
    }
    return context


def board_context(
    participant: Participant, cycle: Cycle, vote: VoteState | None = None, *, items: bool = True
) -> dict[str, Any]:
    """The board (`items`: with everything said so far) and the participant's votes."""
    workshop = participant.workshop
    stage = Stage(cycle.stage)
    may_vote = is_live(workshop) and may_contribute(stage, ContributionKind.VOTE)
    vote = vote or VoteState()
    voter = vote.voter or participant.member
    represented = represented_for(participant)
    return {
        "board": selectors.board(workshop) if items else None,
        "may_vote": may_vote,
        "show_links": stage != Stage.REACTION,
        "show_actions": stage in (Stage.ACTION, Stage.CLOSED),
        "labels_json": json.dumps(selectors.labels(), ensure_ascii=False),
        "salt": workshop.order_salt if workshop.anonymous else "",
        "vote": vote,
        "vote_form": KeyedForm(represented=represented, auto_id="v-%s") if may_vote else None,
        "votes_left": selectors.votes_left(cycle, voter, anonymous=workshop.anonymous)
        if may_vote
        else 0,
        "voter_is_me": voter.pk == participant.member_id,
        "voter_name": voter.display_name,
    }


PAGE = ("panel", "board")


def phone_context(
    participant: Participant,
    state: PanelState | None = None,
    vote: VoteState | None = None,
    *,
    parts: tuple[str, ...] = PAGE,
) -> dict[str, Any]:
    """What the page needs, or only what the named parts need: "panel", "board" and "votes"
    (the board without its items)."""
    cycle = fresh_cycle(participant)
    workshop = participant.workshop
    context: dict[str, Any] = {
        "participant": participant,
        "workshop": workshop,
        "cycle": cycle,
        "project": cycle.project,
        "me": _me(participant),
        "anonymous": workshop.anonymous,
        "seconds_left": seconds_left(workshop) if is_live(workshop) else None,
        "head": head_of(cycle.pk),
    }
    if "panel" in parts:
        context.update(panel_context(participant, cycle, state or PanelState()))
    if "board" in parts or "votes" in parts:
        context.update(board_context(participant, cycle, vote, items="board" in parts))
    return context
