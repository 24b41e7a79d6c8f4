"""Two teams with something of every kind, built through the services: ours (the `world`'s
project in Alice's unit) and theirs (Charlie's project in another region). Each team's texts
carry a marker, so a response that leaks the other team's data is easy to catch.

Per team: cycle 1 closed (two factors, a link, a vote, an action), cycle 2 open in reaction with
the review of that action and a factor of its own. A path parameter names a slot of the team
(`"factor"`) or follows one (`"factor.cycle"`, the factor's cycle).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import Model
from django.test import Client
from django.utils.timezone import now

from powertriangle.accounts.models import ApiToken
from powertriangle.accounts.tokens import token_create, token_issue
from powertriangle.catalogue.services import catalogue_default
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link
from powertriangle.cycles.services.actions import action_create
from powertriangle.cycles.services.contributions import factor_create, link_create, vote_cast
from powertriangle.cycles.services.cycles import attendance_set, cycle_advance, cycle_start
from powertriangle.orgs.models import Organisation
from powertriangle.projects.models import Member, Project
from powertriangle.projects.services import member_add, project_update
from tests.conftest import PASSWORD, World


@dataclass
class Team:
    name: str  # "ours" or "theirs"
    marker: str  # in every text of the team; must never reach the other team
    coach: User  # coach of the project's organisation
    manager: User  # manager of a subtree holding it
    organisation: Organisation
    project: Project
    member: Member
    closed_cycle: Cycle  # cycle 1
    cycle: Cycle  # cycle 2, open (reaction)
    factor: Factor  # in cycle 2
    closed_factor: Factor  # in cycle 1 (a barrier)
    other_factor: Factor  # in cycle 1 (an enabler)
    link: Link  # in cycle 1
    action: Action  # in cycle 1
    review: ActionReview  # in cycle 2, of `action`
    workshop: Any = None  # open, on cycle 2 (once the workshops app is installed)
    live_link: Link | None = None  # in cycle 2, for the workshop's hide buttons
    live_action: Action | None = None  # in cycle 2, likewise
    token: ApiToken | None = None  # an API token of the coach (not the one the matrix uses)
    draft: Any = None  # a workshop of cycle 2 prepared, not open yet

    def value(self, slot: str) -> str:
        """What fills a path parameter: the id of a slot or of what it leads to (`"review.cycle"`
        is the review's cycle), another attribute (`"workshop.join_token"`), or `"=text"`."""
        if slot.startswith("="):
            return slot[1:]
        found: Any = reduce(getattr, slot.split("."), self)
        assert found is not None, f"{self.name} has nothing in {slot!r}"
        return str(found.pk) if isinstance(found, Model) else str(found)


def _fill(
    name: str, marker: str, coach: User, manager: User, project: Project, member: Member
) -> Team:
    project = project_update(
        by=coach,
        project=project,
        version=project.version,
        title=f"{project.title} {marker}",
        esther_question=project.esther_question,
        description=f"{marker} {project.description}",
    )
    first = Cycle.objects.filter(project=project).exclude(stage="closed").first()
    if first is None:
        first = cycle_start(by=coach, project=project)
    attendance_set(by=coach, cycle=first, members=[member])
    barrier = factor_create(
        by=coach,
        cycle=first,
        dimension="resources",
        polarity="barrier",
        text=f"{marker} short visits",
        author=member,
    )
    enabler = factor_create(
        by=coach,
        cycle=first,
        dimension="contexts",
        polarity="enabler",
        text=f"{marker} a calm kitchen",
        author=member,
    )
    first = cycle_advance(by=coach, cycle=first)
    link = link_create(
        by=coach,
        cycle=first,
        factor_a=barrier,
        factor_b=enabler,
        note=f"{marker} calm needs time",
        author=member,
    )
    vote_cast(by=coach, cycle=first, factor=barrier, member=member)
    first = cycle_advance(by=coach, cycle=first)
    action = action_create(
        by=coach,
        cycle=first,
        kind="handle_barrier",
        title=f"{marker} longer visits",
        factors=[barrier],
        owners=[member],
        author=member,
    )
    first = cycle_advance(by=coach, cycle=first)
    second = cycle_start(by=coach, project=project)
    factor = factor_create(
        by=coach,
        cycle=second,
        dimension="discourses",
        polarity="barrier",
        text=f"{marker} nobody asks her",
        author=member,
    )
    return Team(
        name=name,
        marker=marker,
        coach=coach,
        manager=manager,
        organisation=project.organisation,
        project=project,
        member=member,
        closed_cycle=first,
        cycle=second,
        factor=factor,
        closed_factor=barrier,
        other_factor=enabler,
        link=link,
        action=action,
        review=ActionReview.objects.get(cycle=second, action=action),
    )


@dataclass
class Teams:
    ours: Team
    theirs: Team
    world: World

    def both(self) -> tuple[Team, Team]:
        return (self.ours, self.theirs)

    def other(self, team: Team) -> Team:
        return self.theirs if team is self.ours else self.ours


def build_teams(world: World) -> Teams:
    # The default catalogue is loaded from its file on first use, which may be a page view on a
    # fresh installation (installation configuration, not anyone's data). Load it first, so that
    # the walks below see a GET that writes anything else.
    catalogue_default()
    ours = _fill("ours", "Qx7ours", world.coach, world.manager, world.project, world.esther)
    otto = member_add(
        by=world.outsider,
        project=world.other_project,
        display_name="Otto Qx7theirs",
        role="person_in_need_of_care",
    )
    theirs = _fill(
        "theirs", "Qx7theirs", world.outsider, world.outside_manager, world.other_project, otto
    )
    for team in (ours, theirs):
        team.token = token_create(user=team.coach, name=f"{team.marker} script")[0]
    if apps.is_installed(WORKSHOPS_APP):
        for team in (ours, theirs):
            team.workshop = _open_workshop(team)
            services: Any = import_module(f"{WORKSHOPS_APP}.services")
            team.draft = services.workshop_create(by=team.coach, cycle=team.cycle, anonymous=False)
            team.live_link, team.live_action = _live_items(team)
    return Teams(ours, theirs, world)


WORKSHOPS_APP = "powertriangle.workshops"


def _open_workshop(team: Team) -> Any:
    """An open (not anonymous) workshop on the team's open cycle, through its services."""
    services: Any = import_module(f"{WORKSHOPS_APP}.services")
    workshop = services.workshop_create(by=team.coach, cycle=team.cycle, anonymous=False)
    return services.workshop_open(by=team.coach, workshop=workshop)


def _live_items(team: Team) -> tuple[Link, Action]:
    """A link and an action on the workshop's cycle, for the coach's hide buttons. Written
    directly: the cycle stays in reaction, where the services take neither."""
    second = factor_create(
        by=team.coach,
        cycle=team.cycle,
        dimension="contexts",
        polarity="enabler",
        text=f"{team.marker} a quiet room",
        author=team.member,
    )
    voice = {"author": team.member, "voice_group": team.member.role_group, "created_at": now()}
    first, second = sorted((team.factor, second), key=lambda f: f.pk)  # the pair's check
    link = Link.objects.create(
        cycle=team.cycle,
        factor_a=first,
        factor_b=second,
        note=f"{team.marker} quiet",
        **voice,
    )
    action = Action.objects.create(
        cycle=team.cycle, kind="handle_barrier", title=f"{team.marker} ask her first", **voice
    )
    return link, action


def session_client(user: User | None, *, enforce_csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if user is not None:
        client.force_login(user)
    return client


def bearer(user: User) -> str:
    token = token_issue(username=user.username, password=PASSWORD)
    assert token is not None
    return token
