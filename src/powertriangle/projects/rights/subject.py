"""Everything stored about one member of a project (right of access and portability).

One document, JSON-ready, with stable English keys: the page renders it, the download is it,
the command line writes it. Anonymous contributions are not in it: their author was never
stored (the document says so in `not_included`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from powertriangle.cycles.models import Action, Attendance, Factor, Link, Vote
from powertriangle.projects.models import Member
from powertriangle.workshops.models import Participant

FORMAT = "powertriangle-member-data"
VERSION = 1
NOT_INCLUDED = (
    "Anonymous contributions and dots: their author is never stored, so nothing ties them to "
    "anyone. Texts written by others that mention the person by name are in the project's "
    "export, not here."
)


def _iso(moment: dt.datetime | dt.date | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _name(member: Member | None) -> str | None:
    return None if member is None else member.display_name


def _said(item: Factor | Link | Action, kind: str) -> dict[str, Any]:
    text = {"factor": "text", "link": "note", "action": "title"}[kind]
    return {
        "kind": kind,
        "cycle": item.cycle.number,
        "text": getattr(item, text),
        "voice_group": item.voice_group,
        "hidden": item.hidden,
        "created_at": _iso(item.created_at),
        "said_by": _name(item.author),
        "on_behalf_of": _name(item.on_behalf_of),
    }


def contributions_of(member: Member) -> list[Factor | Link | Action]:
    """What the member said, or what was said on their behalf (anonymous items are never theirs:
    they have no author). Held items included: they are stored, if not shown yet."""
    mine = Q(author=member) | Q(on_behalf_of=member)
    items: list[Factor | Link | Action] = []
    for model in (Factor, Link, Action):
        rows = model.everything.filter(mine).select_related("cycle", "author", "on_behalf_of")
        items.extend(rows.order_by("cycle__number", "created_at", "id"))
    return items


def _kind(item: Factor | Link | Action) -> str:
    return type(item).__name__.lower()


def member_data(member: Member) -> dict[str, Any]:
    """The JSON-ready document of everything about `member`."""
    items = contributions_of(member)
    votes = (
        Vote.everything.filter(member=member)
        .select_related("cycle", "factor")
        .order_by("cycle__number", "created_at", "id")
    )
    owned = member.owned_actions.select_related("cycle").order_by("cycle__number", "created_at")
    present = Attendance.objects.filter(member=member).select_related("cycle")
    joined = Participant.objects.filter(member=member).select_related("workshop__cycle")
    return {
        "format": FORMAT,
        "version": VERSION,
        "project": member.project.title,
        "member": {
            "display_name": member.display_name,
            "role": member.role,
            "profession": member.profession,
            "active": member.active,
            "joined_from_a_phone": member.newcomer,
            "added_at": _iso(member.created_at),
            "account": member.user.get_username() if member.user is not None else None,
        },
        "present_in_cycles": sorted(a.cycle.number for a in present),
        "workshops_joined": [
            {"cycle": p.workshop.cycle.number, "joined_at": _iso(p.joined_at)} for p in joined
        ],
        "contributions": [_said(i, _kind(i)) for i in items],
        "dots": [
            {"cycle": v.cycle.number, "factor": v.factor.text, "created_at": _iso(v.created_at)}
            for v in votes
        ],
        "actions_owned": [
            {
                "cycle": a.cycle.number,
                "title": a.title,
                "status": a.status,
                "due": _iso(a.due),
            }
            for a in owned
        ],
        "not_included": NOT_INCLUDED,
    }
