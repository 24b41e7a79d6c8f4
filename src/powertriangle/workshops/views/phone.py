"""The participant's pages under /w/<id>/ (where the participant cookie is sent): the phone
page, its fragments, the posts that add factors, links, actions and votes, and the live stream.

Answers: to workshop.js, the changed fragment (422 with messages when nothing was saved); to a
plain form post, 303 back to the page after a success, or the page with the messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from powertriangle.core.choices import DimensionChoice, PolarityChoice
from powertriangle.cycles.models import Action, Factor
from powertriangle.cycles.selectors import factors_visible
from powertriangle.live import store
from powertriangle.live.stream import event_stream_response
from powertriangle.triangle.model import Stage
from powertriangle.workshops.contributions import (
    Outcome,
    participant_action_create,
    participant_factor_create,
    participant_link_create,
    participant_vote_cast,
    voter,
)
from powertriangle.workshops.forms import (
    KeyedForm,
    PhoneVoteForm,
    add_service_errors,
)
from powertriangle.workshops.live import phone_bounds
from powertriangle.workshops.models import Participant, Workshop
from powertriangle.workshops.phone_page import (
    PanelState,
    VoteState,
    fresh_cycle,
    phone_context,
    represented_for,
    stage_form,
)
from powertriangle.workshops.services import is_live
from powertriangle.workshops.views.access import (
    INVALID,
    NotJoined,
    is_fragment,
    not_joined,
    participant_for,
    participant_or_none,
    phone_path,
    see_other,
)

View = Callable[..., HttpResponse]


def participant_view(view: Callable[..., HttpResponse]) -> View:
    """Find the participant behind the cookie; a phone that has not joined gets a 404 page.
    Once the workshop has closed (or expired) its phones read and add nothing: the page says
    thank you, a fragment or a post gets 410 (workshop.js then loads the page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            participant = participant_for(request, pk)
        except NotJoined:
            return not_joined(request)
        if not is_live(participant.workshop):
            return ended(request)
        return view(request, participant, *args, **kwargs)

    return wrapper


def ended(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and not is_fragment(request):
        return render(request, "workshops/ended.html")
    if request.method == "POST" and not is_fragment(request):
        return see_other(request.path.rsplit("/", 1)[0] + "/")
    return HttpResponse(status=410)


def _panel(
    request: HttpRequest, participant: Participant, state: PanelState, status: int = 200
) -> HttpResponse:
    """The stage panel for workshop.js, or the whole page."""
    if is_fragment(request):
        context = phone_context(participant, state, parts=("panel",))
        return render(request, "workshops/partials/phone_panel.html", context, status=status)
    context = phone_context(participant, state)
    return render(request, "workshops/phone.html", context, status=status)


@require_GET
@participant_view
def phone(request: HttpRequest, participant: Participant) -> HttpResponse:
    """The page (or its stage panel); `?dimension=&polarity=` are the steps of adding a factor."""
    state = PanelState(
        dimension=request.GET.get("dimension", ""), polarity=request.GET.get("polarity", "")
    )
    return _panel(request, participant, state)


@require_GET
@participant_view
def phone_board(request: HttpRequest, participant: Participant) -> HttpResponse:
    context = phone_context(participant, parts=("board",))
    return render(request, "workshops/partials/phone_board.html", context)


def _done(
    request: HttpRequest, participant: Participant, notice: str, state: PanelState | None = None
) -> HttpResponse:
    state = state or PanelState()
    if participant.workshop.anonymous:
        # Held and released with others (cycles.services.release): say why it is not there yet.
        notice += " " + _(
            "It appears on the screens in a moment, together with what others add, so that "
            "nobody can tell who wrote what."
        )
    state.notice = notice
    if is_fragment(request):
        return _panel(request, participant, state)
    messages.success(request, notice)
    return see_other(phone_path(participant.workshop_id))


@dataclass
class Attempt:
    outcome: Outcome | None = None
    alert: str = ""


# Refusals about the moment, not about a field: shown above whatever the stage now asks for.
# (A factor's dimension and polarity are steps chosen by links, not fields of its form: only a
# stale or tampered page sends a wrong one, and the form it came with is not shown again.)
GENERAL = ("stage", "workshop", "dimension", "polarity")


def _attempt(form: KeyedForm, call: Callable[[], Outcome]) -> Attempt:
    try:
        return Attempt(call())
    except ValidationError as exc:
        errors = exc.message_dict
        rest = {k: v for k, v in errors.items() if k not in GENERAL}
        if rest:
            add_service_errors(form, ValidationError(rest))
        return Attempt(None, " ".join(m for key in GENERAL for m in errors.get(key, [])))


def _refused(
    request: HttpRequest,
    participant: Participant,
    form: KeyedForm,
    state: PanelState,
    alert: str,
    *,
    stage: Stage,
) -> HttpResponse:
    """Nothing was saved: the form again with its messages, or the refusal above the stage's
    current form (the one that was filled in may belong to a stage that has ended)."""
    if not alert and fresh_cycle(participant).stage != stage:
        alert = " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
    if alert:
        state = PanelState(alert=alert)
    else:
        state.form = form
    return _panel(request, participant, state, status=INVALID)


def _step(
    request: HttpRequest,
    participant: Participant,
    form: KeyedForm,
    save: Callable[[dict[str, Any]], Outcome],
    thanks: Callable[[Any], str],
    *,
    stage: Stage,
    state: PanelState | None = None,
) -> HttpResponse:
    """A post of one of the stage's forms: check it, `save` its cleaned data through the
    service, and answer with the panel thanking (`thanks` of what was made, None when a
    replayed one has since gone), or with the form's messages or the refusal."""
    attempt = Attempt()
    if form.is_valid():
        data = form.cleaned_data
        attempt = _attempt(form, lambda: save(data))
    if attempt.outcome is None:
        form.explain_refusal()
        state = state or PanelState()
        return _refused(request, participant, form, state, attempt.alert, stage=stage)
    return _done(request, participant, thanks(attempt.outcome.obj))


@require_POST
@participant_view
def factor_add(request: HttpRequest, participant: Participant) -> HttpResponse:
    cycle = fresh_cycle(participant)
    dimension = str(request.POST.get("dimension", ""))
    polarity = str(request.POST.get("polarity", ""))
    if dimension not in DimensionChoice.values or polarity not in PolarityChoice.values:
        # Only a tampered or very old form gets here: start the steps again, saying why.
        alert = _("Choose what it is about, and whether it makes things harder or easier.")
        return _panel(request, participant, PanelState(alert=alert), status=INVALID)
    form = stage_form(
        participant, cycle, Stage.REACTION, request.POST, dimension=dimension, polarity=polarity
    )

    def save(data: dict[str, Any]) -> Outcome:
        return participant_factor_create(
            participant=participant,
            key=data["submission"],
            dimension=dimension,
            polarity=polarity,
            text=data["text"],
            catalogue_entry=data["catalogue_entry"],
            on_behalf_of=form.speaks_for(),
        )

    def thanks(factor: Factor | None) -> str:
        return _("Thank you! Added to %(dimension)s: “%(text)s”") % {
            "dimension": DimensionChoice(factor.dimension).label if factor else "",
            "text": factor.shown_text if factor else "",
        }

    state = PanelState(dimension=dimension, polarity=polarity)
    return _step(request, participant, form, save, thanks, stage=Stage.REACTION, state=state)


@require_POST
@participant_view
def link_add(request: HttpRequest, participant: Participant) -> HttpResponse:
    cycle = fresh_cycle(participant)
    form = stage_form(participant, cycle, Stage.INTERACTION, request.POST)

    def save(data: dict[str, Any]) -> Outcome:
        return participant_link_create(
            participant=participant,
            key=data["submission"],
            factor_a=data["factor_a"],
            factor_b=data["factor_b"],
            note=data["note"],
            on_behalf_of=form.speaks_for(),
        )

    def thanks(_link: object) -> str:
        return _("Thank you! Your link has been added.")

    return _step(request, participant, form, save, thanks, stage=Stage.INTERACTION)


@require_POST
@participant_view
def action_add(request: HttpRequest, participant: Participant) -> HttpResponse:
    cycle = fresh_cycle(participant)
    form = stage_form(participant, cycle, Stage.ACTION, request.POST)

    def save(data: dict[str, Any]) -> Outcome:
        return participant_action_create(
            participant=participant,
            key=data["submission"],
            kind=data["kind"],
            title=data["title"],
            factors=list(data["factors"]),
            owners=list(data["owners"]),
            due=data["due"],
            on_behalf_of=form.speaks_for(),
        )

    def thanks(action: Action | None) -> str:
        return _("Thank you! The action “%(title)s” has been added.") % {
            "title": action.title if action else ""
        }

    return _step(request, participant, form, save, thanks, stage=Stage.ACTION)


@require_POST
@participant_view
def vote_add(request: HttpRequest, participant: Participant) -> HttpResponse:
    cycle = fresh_cycle(participant)
    form = PhoneVoteForm(
        request.POST,
        factors=factors_visible(cycle),
        represented=represented_for(participant),
        auto_id="v-%s",
    )
    state = VoteState()
    outcome = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            state.voter = voter(participant, form.speaks_for())
            outcome = participant_vote_cast(
                participant=participant,
                key=data["submission"],
                factor=data["factor"],
                on_behalf_of=form.speaks_for(),
            )
        except ValidationError as exc:
            state.alert = " ".join(m for ms in exc.message_dict.values() for m in ms)
    else:
        state.alert = " ".join(str(m) for ms in form.errors.values() for m in ms)
    status = 200
    if outcome is None:
        status = INVALID
    else:
        # No full stop after the quote: the factor's own text usually ends with one.
        text = form.cleaned_data["factor"].shown_text
        state.notice = _("Your vote is on “%(text)s”") % {"text": text}
        state.factor_id = form.cleaned_data["factor"].pk
    if not is_fragment(request):
        if outcome is None:
            messages.error(request, state.alert)
        else:
            messages.success(request, state.notice)
        return see_other(phone_path(participant.workshop_id))
    context = phone_context(participant, vote=state, parts=("votes",))
    return render(request, "workshops/partials/phone_vote_status.html", context, status=status)


def _authorise_stream(request: HttpRequest, pk: int) -> Workshop | None:
    """The live workshop this phone has joined, or None; connections closed either way."""
    try:
        participant = participant_or_none(request, pk)
        if participant is None or not is_live(participant.workshop):
            return None
        return participant.workshop
    finally:
        store.close_connections()


@require_GET
async def phone_events(request: HttpRequest, pk: int) -> StreamingHttpResponse | HttpResponse:
    """The workshop cycle's live stream, for phones that joined this workshop while it is open
    (404 otherwise): only events of the workshop's own lifetime, none after its close, and
    without any name while it is anonymous."""
    workshop = await sync_to_async(_authorise_stream, thread_sensitive=True)(request, pk)
    if workshop is None:
        return HttpResponse(status=404)
    return event_stream_response(request, cycle_id=workshop.cycle_id, bounds=phone_bounds(workshop))
