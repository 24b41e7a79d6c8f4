"""Reading an exported project document: every check, each problem reported with its path.

The result is a set of unsaved model objects that refer to each other; `project_import` saves
them in one transaction only when the whole document is right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.catalogue.models import CatalogueEntry
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.core.choices import (
    ActionKindChoice,
    ActionStatusChoice,
    DimensionChoice,
    LevelChoice,
    PolarityChoice,
    RoleChoice,
    RoleGroupChoice,
    StageChoice,
)
from powertriangle.core.clock import day_only
from powertriangle.cycles.models import Action, ActionReview, Cycle, CycleStage, Factor, Link, Vote
from powertriangle.cycles.services import actions as action_rules
from powertriangle.cycles.services import contributions as contribution_rules
from powertriangle.cycles.services.cycles import VOTES_MAX
from powertriangle.exchange.fields import MISSING, FieldReader, Stop, at
from powertriangle.orgs.models import Organisation
from powertriangle.projects import services as project_rules
from powertriangle.projects.models import Member
from powertriangle.triangle.metrics import anonymous_group
from powertriangle.triangle.model import RoleGroup

FORMAT = "powertriangle.project"
VERSION = 1
_VOICE = ("author", "on_behalf_of", "anonymous", "voice_group", "hidden", "created_at")


@dataclass
class ParsedCycle:
    cycle: Cycle
    started_at: dt.datetime | None
    stages: list[tuple[CycleStage, dt.datetime | None]] = field(default_factory=list)
    present: list[Member] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    action_factors: dict[int, list[Factor]] = field(default_factory=dict)  # by id(action)
    action_owners: dict[int, list[Member]] = field(default_factory=dict)
    reviews: list[ActionReview] = field(default_factory=list)


@dataclass
class ParsedProject:
    project: dict[str, str]
    members: list[Member]
    cycles: list[ParsedCycle]


def parse(document: object, *, organisation: Organisation) -> ParsedProject:
    """Check the whole document; raise ValidationError {path: [messages]} on any problem."""
    reader = _Reader(organisation)
    try:
        parsed = reader.document(document)
    except Stop:
        parsed = None
    if reader.problems or parsed is None:
        raise ValidationError(reader.problems)
    return parsed


class _Reader(FieldReader):
    def __init__(self, organisation: Organisation) -> None:
        super().__init__()
        self.organisation = organisation
        self._entries: dict[str, CatalogueEntry] | None = None

    def entry(self, value: object, path: str) -> CatalogueEntry | None:
        if value is None:
            return None
        if self._entries is None:
            catalogue = catalogue_for_organisation(self.organisation)
            self._entries = {e.key: e for e in catalogue.entries.all()}
        if not isinstance(value, str) or value not in self._entries:
            self.fail(path, _("The organisation's catalogue has no entry with this key."))
            return None
        return self._entries[value]

    # ── The document ──────────────────────────────────────────────────────────────────────

    def document(self, document: object) -> ParsedProject:
        if not isinstance(document, dict):
            self.fail("", _("Enter an object."))
            raise Stop
        top = self.fields(document, "", ("format", "version", "project", "members", "cycles"))
        if top.get("format") != FORMAT:
            self.fail("format", _("This is not a project exported from powertriangle."))
            raise Stop
        version = top.get("version")
        if isinstance(version, bool) or version != VERSION:
            self.fail(
                "version",
                _("This installation reads version %(version)d of the format.")
                % {"version": VERSION},
            )
            raise Stop
        project = self.fields(
            top.get("project", MISSING), "project", ("title", "esther_question"), ("description",)
        )
        fields = {
            "title": self.text(project, "title", "project", max_length=project_rules.TITLE_MAX),
            "esther_question": self.text(
                project, "esther_question", "project", max_length=project_rules.QUESTION_MAX
            ),
            "description": self.text(
                project,
                "description",
                "project",
                max_length=project_rules.DESCRIPTION_MAX,
                required=False,
            ),
        }
        members: dict[str, Member] = {}
        member_list = [
            self.member(item, f"members[{i}]", members)
            for i, item in enumerate(self.items(top, "members", ""))
        ]
        cycles: list[ParsedCycle] = []
        raw_cycles = self.items(top, "cycles", "")
        factor_refs: dict[str, object] = {}
        action_refs: dict[str, object] = {}
        previous: dict[str, Action] = {}
        for i, item in enumerate(raw_cycles):
            reader = _CycleReader(self, f"cycles[{i}]", members, factor_refs, action_refs)
            parsed = reader.read(item, last=i == len(raw_cycles) - 1, previous_actions=previous)
            if cycles and parsed.cycle.number <= cycles[-1].cycle.number:
                self.fail(
                    f"cycles[{i}].number",
                    _("Cycle numbers must increase from one cycle to the next."),
                )
            cycles.append(parsed)
            previous = reader.actions
        return ParsedProject(project=fields, members=member_list, cycles=cycles)

    def member(self, item: object, path: str, members: dict[str, Member]) -> Member:
        data = self.fields(
            item, path, ("ref", "display_name", "role"), ("profession", "active", "stand_in")
        )
        ref = self.new_ref(data, path, members)
        stand_in = self.boolean(data, "stand_in", path, default=False)
        name = self.text(data, "display_name", path, max_length=project_rules.NAME_MAX)
        member = Member(
            display_name=name,
            role=self.choice(data, "role", path, list(RoleChoice.values), default="professional"),
            profession=self.text(
                data, "profession", path, max_length=project_rules.PROFESSION_MAX, required=False
            ),
            active=self.boolean(data, "active", path, default=True),
            # The member of an anonymous workshop's participant: counted, never listed.
            stand_in=stand_in,
        )
        if stand_in:
            # As the services make it: no name of its own, no profession, never active.
            member.display_name = project_rules.STAND_IN_NAME
            member.profession = ""
            member.active = False
        if ref is not None:
            members[ref] = member
        return member


class _CycleReader:
    def __init__(
        self,
        reader: _Reader,
        path: str,
        members: dict[str, Member],
        factor_refs: dict[str, object],
        action_refs: dict[str, object],
    ) -> None:
        self.r = reader
        self.path = path
        self.members = members
        self.factor_refs = factor_refs  # every factor of the document: refs are unique in it
        self.action_refs = action_refs
        self.factors: dict[str, Factor] = {}  # this cycle's: links, votes, actions refer here
        self.actions: dict[str, Action] = {}
        self.when = timezone.now()  # for contributions without a time: the cycle's start
        self.present_groups: list[RoleGroup] = []  # of the cycle's attendance (the k-rule)

    def read(self, item: object, *, last: bool, previous_actions: dict[str, Action]) -> ParsedCycle:
        r, path = self.r, self.path
        optional = ("votes_per_member", "started_at", "closed_at", "stages", "attendance")
        data = r.fields(
            item,
            path,
            ("number", "stage"),
            (*optional, "factors", "links", "votes", "actions", "reviews"),
        )
        stage = r.choice(data, "stage", path, list(StageChoice.values), default="closed")
        if "stage" in data and stage != StageChoice.CLOSED and not last:
            r.fail(at(path, "stage"), _("Only the last cycle can be open; close the others."))
        cycle = Cycle(
            number=r.integer(data, "number", path, low=1, high=1_000_000, default=1),
            stage=stage,
            votes_per_member=r.integer(
                data, "votes_per_member", path, low=0, high=VOTES_MAX, default=3
            ),
            closed_at=r.moment(data, "closed_at", path),
        )
        parsed = ParsedCycle(cycle=cycle, started_at=r.moment(data, "started_at", path))
        self.when = parsed.started_at or self.when
        for i, raw in enumerate(r.items(data, "stages", path)):
            where = at(at(path, "stages"), i)
            row = r.fields(raw, where, ("stage",), ("started_at", "ended_at"))
            stage_row = CycleStage(
                stage=r.choice(row, "stage", where, list(StageChoice.values), default="reaction"),
                ended_at=r.moment(row, "ended_at", where),
            )
            parsed.stages.append((stage_row, r.moment(row, "started_at", where)))
        parsed.present = r.refs(
            data, "attendance", path, self.members, _("Refer to a member listed in members.")
        )
        self.present_groups = [m.role_group for m in parsed.present]
        self.check_times(data, parsed)
        for i, raw in enumerate(r.items(data, "factors", path)):
            parsed.factors.append(self.factor(raw, at(at(path, "factors"), i)))
        pairs: set[frozenset[int]] = set()
        for i, raw in enumerate(r.items(data, "links", path)):
            link = self.link(raw, at(at(path, "links"), i), pairs)
            if link is not None:
                parsed.links.append(link)
        used: dict[int, int] = {}
        for i, raw in enumerate(r.items(data, "votes", path)):
            vote = self.vote(raw, at(at(path, "votes"), i), used, cycle.votes_per_member)
            if vote is not None:
                parsed.votes.append(vote)
        for i, raw in enumerate(r.items(data, "actions", path)):
            self.action(raw, at(at(path, "actions"), i), parsed)
        reviewed: set[int] = set()
        for i, raw in enumerate(r.items(data, "reviews", path)):
            review = self.review(raw, at(at(path, "reviews"), i), previous_actions, reviewed)
            if review is not None:
                parsed.reviews.append(review)
        return parsed

    def voice(self, data: dict[str, Any], path: str) -> dict[str, Any]:
        r = self.r
        anonymous = r.boolean(data, "anonymous", path, default=False)
        message = _("Refer to a member listed in members.")
        author = on_behalf_of = None
        if anonymous and (data.get("author") is not None or data.get("on_behalf_of") is not None):
            r.fail(at(path, "author"), _("An anonymous contribution carries no author."))
        elif data.get("author") is not None:
            author = r.ref(data["author"], at(path, "author"), self.members, message)
            if data.get("on_behalf_of") is not None:
                on_behalf_of = r.ref(
                    data["on_behalf_of"], at(path, "on_behalf_of"), self.members, message
                )
        elif not anonymous:
            r.fail(at(path, "author"), _("Name the author, or mark the contribution anonymous."))
        if on_behalf_of is author:
            on_behalf_of = None
        speaker = on_behalf_of or author
        declared = r.choice(
            data,
            "voice_group",
            path,
            list(RoleGroupChoice.values),
            default=RoleGroup.UNDISCLOSED.value,
            optional=True,
        )
        created_at = r.moment(data, "created_at", path) or self.when
        if anonymous:
            # The services' rules: only the day, and a role group only where at least k of
            # those present share it (never more than the document claims).
            group = anonymous_group(
                RoleGroup(declared or RoleGroup.UNDISCLOSED.value),
                self.present_groups,
                settings.POWERTRIANGLE_ANONYMITY_K,
            )
            created_at = day_only(created_at)
        else:  # a named contribution counts for its speaker, whatever the document says
            group = speaker.role_group if speaker is not None else RoleGroup.UNDISCLOSED
        return {
            "author": author,
            "on_behalf_of": on_behalf_of,
            "anonymous": anonymous,
            "voice_group": group.value,
            "hidden": r.boolean(data, "hidden", path, default=False),
            "created_at": created_at,
        }

    def check_times(self, data: dict[str, Any], parsed: ParsedCycle) -> None:
        """A cycle's stage and times agree, as the services make them."""
        r, path, cycle = self.r, self.path, parsed.cycle
        closed = cycle.stage == StageChoice.CLOSED
        if closed and cycle.closed_at is None and at(path, "closed_at") not in r.problems:
            r.fail(at(path, "closed_at"), _("A closed cycle needs the time it was closed."))
        if not closed and cycle.closed_at is not None:
            r.fail(at(path, "closed_at"), _("Only a closed cycle has a time it was closed."))
        started = parsed.started_at
        if started is not None and cycle.closed_at is not None and cycle.closed_at < started:
            r.fail(at(path, "closed_at"), _("A cycle cannot close before it started."))
        for i, (row, row_started) in enumerate(parsed.stages):
            where = at(at(path, "stages"), i)
            if row_started is not None and row.ended_at is not None and row.ended_at < row_started:
                r.fail(at(where, "ended_at"), _("A stage cannot end before it started."))
            last = i == len(parsed.stages) - 1
            if (closed or not last) and row.ended_at is None:
                r.fail(
                    at(where, "ended_at"), _("Only the current stage of an open cycle has no end.")
                )
            if last and not closed and row.stage != cycle.stage:
                r.fail(
                    at(where, "stage"), _("The last stage of an open cycle is its current stage.")
                )

    def factor(self, raw: object, path: str) -> Factor:
        r = self.r
        data = r.fields(
            raw,
            path,
            ("ref", "dimension", "polarity", "text"),
            ("level", "catalogue_key", *_VOICE),
        )
        ref = r.new_ref(data, path, self.factor_refs)
        factor = Factor(
            dimension=r.choice(data, "dimension", path, list(DimensionChoice.values)),
            polarity=r.choice(data, "polarity", path, list(PolarityChoice.values)),
            level=r.choice(data, "level", path, list(LevelChoice.values), optional=True),
            text=r.text(data, "text", path, max_length=contribution_rules.FACTOR_TEXT_MAX),
            catalogue_entry=r.entry(data.get("catalogue_key"), at(path, "catalogue_key")),
            **self.voice(data, path),
        )
        if ref is not None:
            self.factor_refs[ref] = self.factors[ref] = factor
        return factor

    def link(self, raw: object, path: str, pairs: set[frozenset[int]]) -> Link | None:
        r = self.r
        data = r.fields(raw, path, ("factor_a", "factor_b", "note"), _VOICE)
        message = _("Refer to a factor of this cycle.")
        ends = [
            r.ref(data[key], at(path, key), self.factors, message) if key in data else None
            for key in ("factor_a", "factor_b")
        ]
        note = r.text(data, "note", path, max_length=contribution_rules.LINK_NOTE_MAX)
        voice = self.voice(data, path)
        a, b = ends
        if a is None or b is None:
            return None
        pair = frozenset((id(a), id(b)))
        if a is b:
            r.fail(at(path, "factor_b"), _("Choose two different factors."))
        elif pair in pairs:
            r.fail(at(path, "factor_b"), _("These two factors are already linked."))
        pairs.add(pair)
        return Link(factor_a=a, factor_b=b, note=note, **voice)

    def vote(self, raw: object, path: str, used: dict[int, int], limit: int) -> Vote | None:
        r = self.r
        data = r.fields(raw, path, ("factor", "member"))
        factor = member = None
        if "factor" in data:
            factor = r.ref(
                data["factor"],
                at(path, "factor"),
                self.factors,
                _("Refer to a factor of this cycle."),
            )
        anonymous = "member" in data and data["member"] is None
        if "member" in data and not anonymous:
            member = r.ref(
                data["member"],
                at(path, "member"),
                self.members,
                _("Refer to a member listed in members."),
            )
        if factor is None or (member is None and not anonymous):
            return None
        if anonymous:  # an anonymous voter's dot: no voter, only the day
            return Vote(factor=factor, member=None, created_at=day_only(self.when))
        used[id(member)] = used.get(id(member), 0) + 1
        if used[id(member)] > limit:
            r.fail(path, _("This member has more votes than the cycle allows."))
        return Vote(factor=factor, member=member, created_at=self.when)

    def action(self, raw: object, path: str, parsed: ParsedCycle) -> None:
        r = self.r
        data = r.fields(
            raw,
            path,
            ("ref", "kind", "title"),
            ("description", "factors", "owners", "due", "status", *_VOICE),
        )
        ref = r.new_ref(data, path, self.action_refs)
        action = Action(
            kind=r.choice(data, "kind", path, list(ActionKindChoice.values)),
            title=r.text(data, "title", path, max_length=action_rules.TITLE_MAX),
            description=r.text(
                data, "description", path, max_length=action_rules.DESCRIPTION_MAX, required=False
            ),
            due=r.day(data, "due", path),
            status=r.choice(
                data, "status", path, list(ActionStatusChoice.values), default="planned"
            ),
            **self.voice(data, path),
        )
        parsed.action_factors[id(action)] = r.refs(
            data, "factors", path, self.factors, _("Refer to a factor of this cycle.")
        )
        parsed.action_owners[id(action)] = r.refs(
            data, "owners", path, self.members, _("Refer to a member listed in members.")
        )
        parsed.actions.append(action)
        if ref is not None:
            self.action_refs[ref] = self.actions[ref] = action

    def review(
        self, raw: object, path: str, previous: dict[str, Action], reviewed: set[int]
    ) -> ActionReview | None:
        r = self.r
        data = r.fields(raw, path, ("action", "status"), ("note", "reviewed"))
        status = r.choice(data, "status", path, list(ActionStatusChoice.values), default="planned")
        note = r.text(data, "note", path, max_length=action_rules.REVIEW_NOTE_MAX, required=False)
        done = r.boolean(data, "reviewed", path, default=False)
        if "action" not in data:
            return None
        action = r.ref(
            data["action"],
            at(path, "action"),
            previous,
            _("Refer to an action of the previous cycle."),
        )
        if action is None:
            return None
        if id(action) in reviewed:
            r.fail(at(path, "action"), _("This action is reviewed twice."))
        reviewed.add(id(action))
        return ActionReview(action=action, status=status, note=note, reviewed=done)
