"""Export of a whole project as a versioned JSON document, and import of such a document.

The document refers to its own members, factors and actions by local references ("m1", "f1",
"a1", numbered in the document's order, CONTENT_ORDER), never by database ids, and to catalogue
entries by key; so exporting an imported project gives the same document again. Anonymous
contributions carry no author. The API and the command line both call these two functions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404

from powertriangle.core.access import AnyUser, projects_for, writable_organisations
from powertriangle.cycles.models import (
    Action,
    ActionReview,
    Attendance,
    Cycle,
    CycleStage,
    Factor,
    Link,
    Vote,
)
from powertriangle.exchange.reader import FORMAT, VERSION, ParsedProject, parse
from powertriangle.orgs.models import Organisation
from powertriangle.projects.models import Member, Project
from powertriangle.projects.services import project_create

__all__ = ["FORMAT", "VERSION", "project_export", "project_import"]


# The order of a document's contributions: by time, then by what they say. Anonymous ones keep
# only their day, so among them the order follows their words, never the order they were made
# in, and an imported document exports the same again.
CONTENT_ORDER = {
    "factor": ("created_at", "dimension", "polarity", "text", "id"),
    "link": ("created_at", "note", "id"),
    "action": ("created_at", "title", "id"),
}


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


class _Refs:
    """Positional local references: the n-th record of a kind (in document order) is `<p>n`."""

    def __init__(self, prefix: str, ids: Iterable[int]) -> None:
        self.position = {pk: n for n, pk in enumerate(ids, start=1)}
        self.prefix = prefix

    def __call__(self, pk: int | None) -> str | None:
        return None if pk is None else f"{self.prefix}{self.position[pk]}"

    def sorted(self, *pks: int) -> list[str | None]:
        """The references of `pks` in document order (a link's two factors, either way round)."""
        return [self(pk) for pk in sorted(pks, key=self.position.__getitem__)]


def _voice(item: Factor | Link | Action, member: _Refs) -> dict[str, Any]:
    anonymous = bool(item.anonymous)
    return {
        "author": None if anonymous else member(item.author_id),
        "on_behalf_of": None if anonymous else member(item.on_behalf_of_id),
        "anonymous": anonymous,
        "voice_group": item.voice_group,
        "hidden": item.hidden,
        "created_at": _iso(item.created_at),
    }


def project_export(*, by: AnyUser | None, project: Project) -> dict[str, Any]:
    """The whole project as a JSON-ready dict. `by=None` is the command line (trusted)."""
    if by is not None and not projects_for(by).filter(pk=project.pk).exists():
        raise Http404
    members = list(Member.objects.filter(project=project).order_by("id"))
    member = _Refs("m", (m.pk for m in members))
    cycles = list(Cycle.objects.filter(project=project).order_by("number"))
    in_project = {"cycle__project": project}
    factors = list(
        Factor.objects.filter(**in_project)
        .select_related("catalogue_entry")
        .order_by("cycle__number", *CONTENT_ORDER["factor"])
    )
    factor = _Refs("f", (f.pk for f in factors))
    actions = list(
        Action.objects.filter(**in_project)
        .prefetch_related(
            Prefetch("factors", queryset=Factor.objects.order_by("created_at", "id")),
            Prefetch("owners", queryset=Member.objects.order_by("id")),
        )
        .order_by("cycle__number", *CONTENT_ORDER["action"])
    )
    action = _Refs("a", (a.pk for a in actions))

    def grouped(rows: Iterable[Any]) -> dict[int, list[Any]]:
        groups: dict[int, list[Any]] = defaultdict(list)
        for row in rows:
            groups[row.cycle_id].append(row)
        return groups

    stages = grouped(CycleStage.objects.filter(**in_project).order_by("id"))
    present = grouped(Attendance.objects.filter(**in_project).order_by("member_id"))
    factors_by = grouped(factors)
    links = grouped(Link.objects.filter(**in_project).order_by(*CONTENT_ORDER["link"]))
    votes = grouped(Vote.objects.filter(**in_project))
    actions_by = grouped(actions)
    reviews = grouped(ActionReview.objects.filter(**in_project))
    return {
        "format": FORMAT,
        "version": VERSION,
        "project": {
            "title": project.title,
            "esther_question": project.esther_question,
            "description": project.description,
        },
        "members": [
            {
                "ref": member(m.pk),
                "display_name": m.display_name,
                "role": m.role,
                "profession": m.profession,
                "active": m.active,
                "stand_in": m.stand_in,
            }
            for m in members
        ],
        "cycles": [
            {
                "number": c.number,
                "stage": c.stage,
                "votes_per_member": c.votes_per_member,
                "started_at": _iso(c.started_at),
                "closed_at": _iso(c.closed_at),
                "stages": [
                    {
                        "stage": s.stage,
                        "started_at": _iso(s.started_at),
                        "ended_at": _iso(s.ended_at),
                    }
                    for s in stages[c.pk]
                ],
                "attendance": [member(a.member_id) for a in present[c.pk]],
                "factors": [
                    {
                        "ref": factor(f.pk),
                        "dimension": f.dimension,
                        "polarity": f.polarity,
                        "level": f.level or None,
                        "text": f.text,
                        "catalogue_key": f.catalogue_entry.key if f.catalogue_entry else None,
                        **_voice(f, member),
                    }
                    for f in factors_by[c.pk]
                ],
                "links": [
                    {
                        **dict(
                            zip(
                                ("factor_a", "factor_b"),
                                factor.sorted(link.factor_a_id, link.factor_b_id),
                                strict=True,
                            )
                        ),
                        "note": link.note,
                        **_voice(link, member),
                    }
                    for link in links[c.pk]
                ],
                # By factor and member, never in the order the dots were put.
                "votes": [
                    {"factor": factor(v.factor_id), "member": member(v.member_id)}
                    for v in sorted(
                        votes[c.pk],
                        key=lambda v: (
                            factor.position[v.factor_id],
                            member.position.get(v.member_id, 0) if v.member_id else 0,
                        ),
                    )
                ],
                "actions": [
                    {
                        "ref": action(a.pk),
                        "kind": a.kind,
                        "title": a.title,
                        "description": a.description,
                        "factors": [factor(f.pk) for f in a.factors.all()],
                        "owners": [member(m.pk) for m in a.owners.all()],
                        "due": a.due.isoformat() if a.due else None,
                        "status": a.status,
                        **_voice(a, member),
                    }
                    for a in actions_by[c.pk]
                ],
                "reviews": [
                    {
                        "action": action(r.action_id),
                        "status": r.status,
                        "note": r.note,
                        "reviewed": r.reviewed,
                    }
                    for r in sorted(reviews[c.pk], key=lambda r: action.position[r.action_id])
                ],
            }
            for c in cycles
        ],
    }


def project_import(*, by: AnyUser | None, organisation: Organisation, document: object) -> Project:
    """Create a new project in `organisation` from an exported document.

    The whole document is checked first; any problem raises ValidationError whose fields are
    paths into the document (e.g. `cycles[0].factors[3].dimension`), and nothing is written.
    """
    if by is not None and not writable_organisations(by).filter(pk=organisation.pk).exists():
        raise Http404
    parsed = parse(document, organisation=organisation)
    with transaction.atomic():
        return _write(by, organisation, parsed)


def _write(by: AnyUser | None, organisation: Organisation, parsed: ParsedProject) -> Project:
    project = project_create(by=by, organisation=organisation, **parsed.project)
    for m in parsed.members:
        m.project = project
    Member.objects.bulk_create(parsed.members)
    for data in parsed.cycles:
        cycle = data.cycle
        cycle.project = project
        cycle.save()
        if data.started_at is not None:  # started_at is set on creation; restore it after
            Cycle.objects.filter(pk=cycle.pk).update(started_at=data.started_at)
        for stage, started_at in data.stages:
            stage.cycle = cycle
            stage.save()
            if started_at is not None:
                CycleStage.objects.filter(pk=stage.pk).update(started_at=started_at)
        Attendance.objects.bulk_create(Attendance(cycle=cycle, member=m) for m in data.present)
        for rows in (data.factors, data.links, data.votes, data.actions, data.reviews):
            for row in rows:
                row.cycle = cycle
        Factor.objects.bulk_create(data.factors)
        for link in data.links:
            link.factor_a, link.factor_b = sorted((link.factor_a, link.factor_b), key=_pk)
        Link.objects.bulk_create(data.links)
        Vote.objects.bulk_create(data.votes)
        Action.objects.bulk_create(data.actions)
        Action.factors.through.objects.bulk_create(
            Action.factors.through(action_id=a.pk, factor_id=f.pk)
            for a in data.actions
            for f in data.action_factors[id(a)]
        )
        Action.owners.through.objects.bulk_create(
            Action.owners.through(action_id=a.pk, member_id=m.pk)
            for a in data.actions
            for m in data.action_owners[id(a)]
        )
        ActionReview.objects.bulk_create(data.reviews)
    return project


def _pk(obj: Factor) -> int:
    assert obj.pk is not None
    return int(obj.pk)
