"""Reads for workshop pages: finding a workshop by code or token, the participant behind a
cookie, and the board of contributions as phones and the presenter show it."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from powertriangle.catalogue.models import CatalogueEntry, Prompt
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.core.choices import ActionKindChoice, DimensionChoice, PolarityChoice
from powertriangle.cycles import payloads
from powertriangle.cycles.models import Action, Cycle, Factor, Link
from powertriangle.cycles.parts import voices
from powertriangle.cycles.selectors import (
    LINK_SHOWN,
    VOTE_COUNT,
    hidden_with_factor,
    link_shown,
    votes_used,
)
from powertriangle.projects.models import Member
from powertriangle.projects.selectors import members_listed
from powertriangle.triangle.model import Dimension
from powertriangle.triangle.voice import shuffle_key
from powertriangle.workshops.models import Participant, Workshop, WorkshopStatus
from powertriangle.workshops.payloads import without_names
from powertriangle.workshops.services import MAX_OPEN, secret_hash

_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _live() -> QuerySet[Workshop]:
    return Workshop.objects.filter(
        status=WorkshopStatus.OPEN, opened_at__gt=timezone.now() - MAX_OPEN
    ).select_related("cycle__project")


def workshop_by_code(code: str) -> Workshop | None:
    """The open workshop with this code; None for unknown, closed and expired codes alike."""
    return _live().filter(code=code).first()


def workshop_by_token(pk: int | None, token: str) -> Workshop | None:
    """The open workshop with this join token (and id, when given)."""
    # Only what secrets.token_urlsafe makes is looked up: PostgreSQL cannot even compare a
    # text with a NUL byte in it (a server error), and nothing else can be a token.
    if not _TOKEN.fullmatch(token):
        return None
    query = _live().filter(join_token=token)
    if pk is not None:
        query = query.filter(pk=pk)
    found = query.first()
    if found is None or not hmac.compare_digest(found.join_token, token):
        return None
    return found


def participant_by_secret(workshop_id: int, secret: str) -> Participant | None:
    return (
        Participant.objects.select_related("workshop__cycle__project", "member")
        .filter(workshop_id=workshop_id, secret_hash=secret_hash(secret))
        .first()
    )


def open_workshop_of(cycle: Cycle) -> Workshop | None:
    return (
        Workshop.objects.filter(cycle=cycle)
        .exclude(status=WorkshopStatus.CLOSED)
        .order_by("-id")
        .first()
    )


def speaker_label(voice: dict[str, object]) -> str:
    """Who said it, from the public voice of payloads.voice (so pages and live items agree)."""
    return voices.speaker_label(voices.voice_from_payload(voice))


def labels() -> dict[str, object]:
    """The words workshop.js needs to show a live item, in the page's language (who said it
    comes with the event: cycles.payloads.labels_of)."""
    return {
        "dimension": {d.value: str(d.label) for d in DimensionChoice},
        "polarity": {p.value: str(p.label) for p in PolarityChoice},
        "kind": {k.value: str(k.label) for k in ActionKindChoice},
    }


@dataclass
class BoardFactor:
    id: int
    dimension: str
    polarity: str
    polarity_label: str
    text: str
    speaker: str
    votes: int
    hidden: bool
    order: int


@dataclass
class BoardDimension:
    value: str
    label: str
    factors: list[BoardFactor] = field(default_factory=list)


@dataclass
class BoardLink:
    id: int
    a_id: int
    b_id: int
    a_text: str
    b_text: str
    note: str
    speaker: str
    order: int
    hidden: bool = False
    with_factor: bool = False  # out of sight because one of its factors is hidden


@dataclass
class BoardAction:
    id: int
    kind_label: str
    title: str
    speaker: str
    order: int
    hidden: bool = False


@dataclass
class Board:
    dimensions: list[BoardDimension]
    factors: list[BoardFactor]
    links: list[BoardLink]
    actions: list[BoardAction]


def _order(workshop: Workshop, pk: int) -> int:
    return shuffle_key(workshop.order_salt, pk) if workshop.anonymous else pk


def _unless_hidden(hidden: bool, words: str) -> str:
    """A hidden item keeps only its place on the presenter: no words, no speaker."""
    return "" if hidden else words


def _speaker(workshop: Workshop, voice: dict[str, object]) -> str:
    """Who said it, as this workshop's screens may say: nobody's name while it is anonymous,
    earlier named items included (payloads.without_names)."""
    if workshop.anonymous:
        shown = without_names("", voice)
        assert isinstance(shown, dict)
        voice = shown
    return speaker_label(voice)


def _board_link(workshop: Workshop, link: Link, texts: dict[int, str]) -> BoardLink:
    hidden = not link_shown(link)
    return BoardLink(
        link.pk,
        link.factor_a_id,
        link.factor_b_id,
        _unless_hidden(hidden, texts.get(link.factor_a_id, "")),
        _unless_hidden(hidden, texts.get(link.factor_b_id, "")),
        _unless_hidden(hidden, link.note),
        _unless_hidden(hidden, _speaker(workshop, payloads.voice(link))),
        _order(workshop, link.pk),
        hidden=link.hidden,
        with_factor=hidden_with_factor(link),
    )


def board(workshop: Workshop, *, with_hidden: bool = False) -> Board:
    """The cycle's factors by dimension, links and actions, in the workshop's order: as made,
    or shuffled in an anonymous workshop. With `with_hidden` (the coach's presenter), hidden
    factors, links and actions keep only their place: no words, no speaker."""
    cycle_id = workshop.cycle_id
    query = Factor.objects.filter(cycle_id=cycle_id).select_related("author", "on_behalf_of")
    if not with_hidden:
        query = query.filter(hidden=False)
    factors = []
    for factor in query.annotate(vote_count=VOTE_COUNT):
        data = payloads.factor_payload(factor)
        factors.append(
            BoardFactor(
                id=factor.pk,
                dimension=factor.dimension,
                polarity=factor.polarity,
                polarity_label=str(PolarityChoice(factor.polarity).label),
                text=factor.shown_text,
                speaker="" if factor.hidden else _speaker(workshop, data),
                votes=getattr(factor, "vote_count", 0),
                hidden=factor.hidden,
                order=_order(workshop, factor.pk),
            )
        )
    factors.sort(key=lambda f: (f.order, f.id))
    dimensions = [BoardDimension(d.value, str(DimensionChoice(d.value).label)) for d in Dimension]
    for dimension in dimensions:
        dimension.factors = [f for f in factors if f.dimension == dimension.value]
    texts = {f.id: f.text for f in factors if not f.hidden}
    links = Link.objects.filter(cycle_id=cycle_id).select_related(
        "factor_a", "factor_b", "author", "on_behalf_of"
    )
    actions = Action.objects.filter(cycle_id=cycle_id).select_related("author", "on_behalf_of")
    if not with_hidden:
        links = links.filter(LINK_SHOWN)
        actions = actions.filter(hidden=False)
    board_links = [_board_link(workshop, link, texts) for link in links]
    board_actions = [
        BoardAction(
            action.pk,
            str(ActionKindChoice(action.kind).label),
            _unless_hidden(action.hidden, action.title),
            _unless_hidden(action.hidden, _speaker(workshop, payloads.voice(action))),
            _order(workshop, action.pk),
            hidden=action.hidden,
        )
        for action in actions
    ]
    return Board(
        dimensions,
        [f for f in factors if not f.hidden],
        sorted(board_links, key=lambda x: (x.order, x.id)),
        sorted(board_actions, key=lambda x: (x.order, x.id)),
    )


def votes_left(cycle: Cycle, member: Member, *, anonymous: bool = False) -> int:
    used = votes_used(cycle, member, anonymous=anonymous)
    return max(cycle.votes_per_member - used, 0)


def stage_prompts(cycle: Cycle, *, dimension: str = "") -> list[str]:
    """The catalogue's questions for the cycle's stage (general ones, or one dimension's)."""
    catalogue = catalogue_for_organisation(cycle.project.organisation)
    return [
        p.text()
        for p in Prompt.objects.filter(
            catalogue=catalogue, stage=cycle.stage, dimension=dimension
        ).order_by("position")
    ]


def suggestions(cycle: Cycle, dimension: str, polarity: str) -> QuerySet[CatalogueEntry]:
    if dimension not in DimensionChoice.values or polarity not in PolarityChoice.values:
        # Steps come from the page's links; anything else (a NUL byte, which PostgreSQL cannot
        # even compare) matches no suggestion.
        return CatalogueEntry.objects.none()
    catalogue = catalogue_for_organisation(cycle.project.organisation)
    return CatalogueEntry.objects.filter(
        catalogue=catalogue, dimension=dimension, polarity=polarity
    ).order_by("position")


def represented(participant: Participant) -> QuerySet[Member]:
    """Whom a supporter may speak for: the project's other active members."""
    return (
        members_listed(participant.member.project_id, active_only=True)
        .exclude(pk=participant.member_id)
        .order_by("display_name", "id")
    )


def active_members(cycle: Cycle) -> QuerySet[Member]:
    return members_listed(cycle.project_id, active_only=True)
