"""What is public about each kind of event: one function per kind, shared by every publisher and
every page, so that one definition decides what a screen may learn.

Never in a payload: the author of an anonymous item (name, member id, participant id, address),
an exact time, the supporter behind a supported contribution, or the words of a hidden factor,
link or action (nor who said them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from powertriangle.cycles.models import Action, ActionReview, Attendance, Cycle, Factor, Link
from powertriangle.cycles.parts.voices import HIDDEN, Voice, speaker_label, voice_of
from powertriangle.cycles.selectors import link_shown
from powertriangle.projects.models import Member

Payload = dict[str, object]


def voice(item: Factor | Link | Action) -> Payload:
    """Who speaks (cycles.parts.voices, without the supporter): the represented person's display
    label ("supported") or the author's; nothing for an anonymous item. The role group only when
    it is disclosed."""
    return _public(voice_of(item))


def _public(said: Voice) -> Payload:
    return {
        "speaker": said.speaker,
        "supported": said.supported,
        "anonymous": said.anonymous,
        "role_group": said.role_group,
        "label": labels_of(said),
    }


def labels_of(said: Voice) -> dict[str, str]:
    """The speaker's label (cycles.parts.voices.speaker_label) in each language of the site, so
    that a screen shows a live item with the same words as a reload, in its own language."""
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = speaker_label(said)
    return labels


def hidden_voice() -> Payload:
    """What a hidden item says about its speaker: nothing (as if anonymous, without a group)."""
    return _public(HIDDEN)


def _with_voice(
    item: Factor | Link | Action, data: Payload, words: Payload, *, hidden: bool | None = None
) -> Payload:
    """`words` and the voice for a visible item; for a hidden one (`hidden`, by default the
    item's own flag), the same keys emptied, so a hidden item keeps only its place."""
    hidden = bool(item.hidden if hidden is None else hidden)
    data["hidden"] = hidden
    if hidden:
        data.update({key: type(value)() for key, value in words.items()})
        data.update(hidden_voice())
    else:
        data.update(words)
        data.update(voice(item))
    return data


def factor_payload(factor: Factor) -> Payload:
    """A factor; a hidden one keeps only its place (no text, no speaker)."""
    data: Payload = {
        "id": factor.pk,
        "dimension": factor.dimension,
        "polarity": factor.polarity,
        "level": factor.level,
    }
    return _with_voice(factor, data, {"text": factor.text})


def link_payload(link: Link) -> Payload:
    """A link; one that is not shown (hidden itself or with one of its factors) keeps only its
    place and the factors it joins (no note, no speaker)."""
    data: Payload = {
        "id": link.pk,
        "factor_a": link.factor_a_id,
        "factor_b": link.factor_b_id,
        "cross_dimension": link.cross_dimension,
    }
    return _with_voice(link, data, {"note": link.note}, hidden=not link_shown(link))


def vote_payload(factor: Factor, votes: int) -> Payload:
    """A factor's new number of dots (never who voted)."""
    return {"factor_id": factor.pk, "votes": votes}


def action_payload(action: Action) -> Payload:
    """An action; a hidden one keeps only its place, kind and status (no words, no people)."""
    data: Payload = {
        "id": action.pk,
        "kind": action.kind,
        "status": action.status,
        "version": action.version,
    }
    words: Payload = {
        "title": action.title,
        "description": action.description,
        "due": action.due.isoformat() if action.due else None,
        "factors": sorted(f.pk for f in action.factors.all()),
        "owners": [m.display_name for m in action.owners.order_by("id")],
    }
    return _with_voice(action, data, words)


def review_payload(review: ActionReview) -> Payload:
    return {
        "id": review.pk,
        "action_id": review.action_id,
        "status": review.status,
        "note": review.note,
        "reviewed": bool(review.reviewed),
        "version": review.version,
    }


def cycle_payload(cycle: Cycle) -> Payload:
    return {
        "id": cycle.pk,
        "number": cycle.number,
        "stage": cycle.stage,
        "closed": not cycle.is_open,
        "version": cycle.version,
    }


def attendance_payload(cycle: Cycle, members: Iterable[Member] | None = None) -> Payload:
    """How many are present, by role group (counts only, no names)."""
    if members is None:
        members = Member.objects.filter(
            pk__in=Attendance.objects.filter(cycle=cycle).values("member_id")
        )
    groups = Counter(str(m.role_group) for m in members)
    return {"present": sum(groups.values()), "groups": dict(sorted(groups.items()))}
