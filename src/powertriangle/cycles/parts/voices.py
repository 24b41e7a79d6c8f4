"""Who said it: one label for every screen (the cycle page, the presenter, the phones, reports).

A `Voice` is what a screen may know about the speaker: the person who speaks (the one
represented, when a supporter wrote it down for them), whether they had support, and for an
anonymous item only the role group, when the k-rule disclosed it. The supporter's name is in it
only for the project's own pages (`name_supporter`); live events never carry it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from powertriangle.triangle.model import RoleGroup


class Voiced(Protocol):
    """What a factor, link or action has that the label needs."""

    anonymous: bool
    voice_group: str

    @property
    def author(self) -> object: ...

    @property
    def on_behalf_of(self) -> object: ...


@dataclass(frozen=True)
class Voice:
    speaker: str | None  # None: anonymous, or a former member
    anonymous: bool = False
    role_group: str | None = None  # of an anonymous item, only when disclosed
    supported: bool = False
    supporter: str | None = None  # only where the supporter may be named


# What a hidden item says about its speaker: nothing (as if anonymous, without a role group).
HIDDEN = Voice(None, anonymous=True)


def voice_of(item: Voiced, *, name_supporter: bool = False) -> Voice:
    """The item's voice; the supporter's name only with `name_supporter`."""
    group = item.voice_group if item.voice_group != RoleGroup.UNDISCLOSED else None
    if item.anonymous:
        return Voice(None, anonymous=True, role_group=group)
    represented, author = item.on_behalf_of, item.author
    speaker = represented or author
    supporter = str(author) if name_supporter and represented and author else None
    return Voice(
        str(speaker) if speaker is not None else None,
        role_group=group,
        supported=represented is not None,
        supporter=supporter,
    )


def voice_from_payload(data: Mapping[str, object]) -> Voice:
    """The voice of a live event (cycles.payloads), which never names a supporter."""
    speaker, group = data.get("speaker"), data.get("role_group")
    return Voice(
        str(speaker) if speaker is not None else None,
        anonymous=bool(data.get("anonymous")),
        role_group=str(group) if group is not None else None,
        supported=bool(data.get("supported")),
    )


def speaker_label(voice: Voice) -> str:
    """ "Esther", "Esther (with support from Sara)" or "Esther (with support)", "Anonymous" (with
    the role group only when the k-rule disclosed it), or "A former member"."""
    if voice.anonymous:
        if voice.role_group == RoleGroup.CARE_RECEIVERS:
            return _("Anonymous, a care receiver")
        if voice.role_group == RoleGroup.PROFESSIONALS:
            return _("Anonymous, a professional")
        return _("Anonymous")
    if voice.speaker is None:
        return _("A former member")
    if voice.supporter:
        return _("%(person)s (with support from %(supporter)s)") % {
            "person": voice.speaker,
            "supporter": voice.supporter,
        }
    if voice.supported:
        return _("%(name)s (with support)") % {"name": voice.speaker}
    return voice.speaker


def voice_label(item: Voiced) -> str:
    """The label of an item on the project's own pages (the supporter named)."""
    return speaker_label(voice_of(item, name_supporter=True))
