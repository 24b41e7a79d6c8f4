"""The factors part: the three dimension panels with their barriers and enablers (hidden ones
for those who may hide them), the prompts of each dimension, and the form to add a factor."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.forms import Form

from powertriangle.catalogue.models import Catalogue, CatalogueEntry, Prompt
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.cycles import selectors
from powertriangle.cycles.forms import FactorForm, SharedChoices
from powertriangle.cycles.models import Cycle, Factor
from powertriangle.cycles.parts.stage import dimension_hint
from powertriangle.cycles.parts.voices import voice_label
from powertriangle.cycles.parts.words import dimension_label
from powertriangle.projects.models import Member
from powertriangle.triangle.model import Dimension, Polarity


@dataclass
class FactorItem:
    factor: Factor
    voice: str
    votes: int


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


def catalogue_entries(cycle: Cycle, dimension: str) -> QuerySet[CatalogueEntry]:
    """The suggestions a factor of `dimension` may be picked from (the project's catalogue)."""
    catalogue = catalogue_for_organisation(cycle.project.organisation)
    return CatalogueEntry.objects.filter(catalogue=catalogue, dimension=dimension).order_by(
        "position"
    )


def factor_form(
    dimension: str,
    members: QuerySet[Member],
    catalogue: Catalogue | None,
    shared: SharedChoices | None,
    bound: Form | None = None,
) -> FactorForm:
    """The form to add a factor to `dimension`: the posted one (`bound`) or a new one."""
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


@dataclass(frozen=True)
class PanelsState:
    """What the page's request changes on the panels: may it add or hide, a bound form, which
    dimension's form is open."""

    may_add: bool
    may_hide: bool
    forms: dict[str, Form]
    open_dimension: str = ""


def dimension_panels(
    cycle: Cycle,
    state: PanelsState,
    members: QuerySet[Member],
    prompts: list[Prompt],
    catalogue: Catalogue | None,
    shared: SharedChoices | None = None,
) -> list[DimensionPanel]:
    factors = sorted(
        selectors.with_votes(selectors.factors_of(cycle, include_hidden=state.may_hide)),
        key=lambda f: (f.created_at, f.pk),
    )
    entries = (
        list(CatalogueEntry.objects.filter(catalogue=catalogue).order_by("position"))
        if catalogue is not None and state.may_add
        else []
    )

    def items(chosen: list[Factor]) -> list[FactorItem]:
        return [FactorItem(f, voice_label(f), getattr(f, "vote_count", 0)) for f in chosen]

    panels = []
    for dimension in Dimension:
        mine = [f for f in factors if f.dimension == dimension]
        shown = [f for f in mine if not f.hidden]
        key = f"factor-{dimension.value}"
        panels.append(
            DimensionPanel(
                value=dimension.value,
                label=dimension_label(dimension),
                hint=dimension_hint(dimension),
                prompts=[p for p in prompts if p.dimension == dimension],
                barriers=items([f for f in shown if f.polarity == Polarity.BARRIER]),
                enablers=items([f for f in shown if f.polarity == Polarity.ENABLER]),
                hidden=items([f for f in mine if f.hidden]),
                form=factor_form(dimension.value, members, catalogue, shared, state.forms.get(key))
                if state.may_add or key in state.forms
                else None,
                entries={
                    p.value: [e for e in entries if e.dimension == dimension and e.polarity == p]
                    for p in Polarity
                },
                form_open=state.open_dimension == dimension.value,
            )
        )
    return panels
