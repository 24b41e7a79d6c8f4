"""The `world` of tests/conftest.py plus a cycle in every stage, so that every form and every API
operation has something real to act on: factors (one hidden), links, votes, actions, a second
cycle that opens with the review of the first cycle's actions, and live workshops (open with
names, open and anonymous, not yet open) with a phone that joined them through the join page.
Built through the services, as a coach would."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django.urls import reverse

from powertriangle.accounts.tokens import token_create
from powertriangle.catalogue.services import catalogue_default
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link
from powertriangle.cycles.services.actions import action_create
from powertriangle.cycles.services.contributions import (
    factor_create,
    factor_set_hidden,
    link_create,
    vote_cast,
)
from powertriangle.cycles.services.cycles import attendance_set, cycle_advance, cycle_start
from powertriangle.projects.models import Member, Project
from powertriangle.projects.services import member_add, project_create
from powertriangle.workshops.models import Workshop
from powertriangle.workshops.services import workshop_create, workshop_open
from tests.conftest import World


@dataclass
class Stage:
    """One project with its open cycle in a given stage."""

    project: Project
    cycle: Cycle
    members: list[Member]
    factors: list[Factor]
    workshop: Workshop | None = None


@dataclass
class Scene:
    world: World
    reaction: Stage
    interaction: Stage
    action: Stage
    review: Stage  # the second cycle of its project, in reaction, with reviews to make
    idle: Stage  # a project whose only cycle is closed: the next one can start
    participant: Client  # a phone that joined the open workshops

    @property
    def stages(self) -> list[Stage]:
        return [self.reaction, self.interaction, self.action, self.review, self.idle]

    @property
    def link(self) -> Link:
        return Link.objects.filter(cycle=self.interaction.cycle).get()

    @property
    def action_item(self) -> Action:
        return Action.objects.filter(cycle=self.action.cycle).get()

    @property
    def review_item(self) -> ActionReview:
        return ActionReview.objects.filter(cycle=self.review.cycle).order_by("id").first()  # type: ignore[return-value]


def _members(world: World, project: Project) -> list[Member]:
    people = [
        ("Esther", "person_in_need_of_care", ""),
        ("Sven", "relative", ""),
        ("Nadia", "professional", "Nurse"),
        ("Sara", "supporter", ""),
    ]
    return [
        member_add(by=world.coach, project=project, display_name=n, role=r, profession=p)
        for n, r, p in people
    ]


def _factors(world: World, cycle: Cycle, author: Member) -> list[Factor]:
    found = []
    for dimension, polarity, text in (
        ("resources", "barrier", "Too little time at discharge"),
        ("resources", "enabler", "A named contact nurse"),
        ("discourses", "barrier", "We decide for her"),
        ("contexts", "enabler", "Home care knows her well"),
    ):
        found.append(
            factor_create(
                by=world.coach,
                cycle=cycle,
                dimension=dimension,
                polarity=polarity,
                text=text,
                author=author,
            )
        )
    return found


def _stage(world: World, title: str, advances: int) -> Stage:
    project = project_create(
        by=world.coach,
        organisation=world.unit,
        title=title,
        esther_question="What is best for Esther at home?",
    )
    members = _members(world, project)
    cycle = cycle_start(by=world.coach, project=project)
    attendance_set(by=world.coach, cycle=cycle, members=members)
    factors = _factors(world, cycle, members[2])
    for _ in range(advances):
        cycle = cycle_advance(by=world.coach, cycle=cycle)
    return Stage(project, cycle, members, factors)


def _add_link_and_vote(world: World, stage: Stage) -> None:
    nurse = stage.members[2]
    link_create(
        by=world.coach,
        cycle=stage.cycle,
        factor_a=stage.factors[0],
        factor_b=stage.factors[2],
        note="Lack of time makes us decide quickly",
        author=nurse,
    )
    # Esther's vote: she is the first in the member lists, so her vote can be taken back.
    vote_cast(by=world.coach, cycle=stage.cycle, factor=stage.factors[0], member=stage.members[0])


def _add_action(world: World, stage: Stage) -> Action:
    return action_create(
        by=world.coach,
        cycle=stage.cycle,
        kind="handle_barrier",
        title="Plan the discharge a day earlier",
        factors=[stage.factors[0]],
        owners=[stage.members[2]],
        author=stage.members[2],
    )


def build_scene(world: World) -> Scene:
    # Loaded on first use otherwise: inside a rolled-back request it would be parsed every time.
    catalogue_default()
    members = [world.esther, world.relative, world.nurse, world.supporter]
    factors = _factors(world, world.cycle, world.nurse)
    hidden = factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="contexts",
        polarity="barrier",
        text="Hidden by the coach",
        author=world.relative,
    )
    factor_set_hidden(by=world.coach, factor=hidden, hidden=True)
    reaction = Stage(world.project, world.cycle, members, factors)

    interaction = _stage(world, "Interaction project", advances=1)
    _add_link_and_vote(world, interaction)

    action = _stage(world, "Action project", advances=2)
    _add_link_and_vote(world, action)
    _add_action(world, action)

    first = _stage(world, "Review project", advances=2)
    _add_action(world, first)
    cycle_advance(by=world.coach, cycle=first.cycle)
    second = cycle_start(by=world.coach, project=first.project)
    review = Stage(first.project, second, first.members, _factors(world, second, first.members[2]))

    idle = _stage(world, "Idle project", advances=3)

    phone = Client(HTTP_ACCEPT_LANGUAGE="en")
    for stage, anonymous in ((reaction, False), (interaction, False), (action, True)):
        workshop = workshop_create(by=world.coach, cycle=stage.cycle, anonymous=anonymous)
        stage.workshop = workshop_open(by=world.coach, workshop=workshop)
        _join(phone, stage.workshop, None if anonymous else stage.members[0])
    review.workshop = workshop_create(by=world.coach, cycle=review.cycle, anonymous=False)
    token_create(user=world.coach, name="A script")  # for the tokens page's revoke route
    return Scene(world, reaction, interaction, action, review, idle, phone)


def _join(phone: Client, workshop: Workshop, member: Member | None) -> None:
    """Join through the join page: as a member from the list, or with a role (anonymous)."""
    data: dict[str, object] = {"token": workshop.join_token}
    data.update({"member": member.pk} if member is not None else {"role": "relative"})
    response = phone.post(reverse("workshops:join_submit", args=[workshop.pk]), data)
    assert response.status_code == 303, response.content.decode()[:500]
