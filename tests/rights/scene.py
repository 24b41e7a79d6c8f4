"""A person with a trace in every place a person can leave one, and a search of every table
(and every session, decoded) for what names them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection

from powertriangle.accounts.tokens import token_create
from powertriangle.cycles.models import Action, Cycle, Factor, Link
from powertriangle.cycles.services.contributions import vote_cast
from powertriangle.cycles.services.cycles import attendance_set, cycle_advance
from powertriangle.projects.models import Member
from powertriangle.projects.services import member_add
from tests.conftest import World
from tests.history import coach_action, coach_factor, coach_link
from tests.workshops.conftest import join, open_workshop

NAME = "Zelda Canaryson"
PROFESSION = "Canary keeper"
USERNAME = "zelda.canary"


@dataclass
class Person:
    member: Member
    user: User
    own: Factor  # said by her
    for_her: Factor  # said by the nurse on her behalf
    for_esther: Factor  # said by her on Esther's behalf: Esther's voice
    other: Factor  # the nurse's own, which she put a dot on
    link: Link
    action: Action  # hers, and she is responsible for it
    owned: Action  # the nurse's, with her among those responsible


def person_with_a_trace(world: World) -> Person:
    user = User.objects.create_user(username=USERNAME, password="x" * 12, email="z@canary.test")
    token_create(user=user, name="Her script", days=30)
    member = member_add(
        by=world.coach,
        project=world.project,
        display_name=NAME,
        role="relative",
        profession=PROFESSION,
    )
    Member.objects.filter(pk=member.pk).update(user=user)
    cycle = world.cycle
    attendance_set(by=world.coach, cycle=cycle, members=[member, world.nurse, world.esther])
    workshop = open_workshop(world)
    join(workshop, member=member.pk)  # a phone of hers: a participant row
    own = coach_factor(world, "Her own words", author=member)
    for_her = coach_factor(
        world, "Said for her", "contexts", author=world.nurse, on_behalf_of=member
    )
    for_esther = coach_factor(
        world, "Said for Esther", "discourses", "enabler", author=member, on_behalf_of=world.esther
    )
    other = coach_factor(world, "The nurse's view", "discourses", author=world.nurse)
    cycle_advance(by=world.coach, cycle=Cycle.objects.get(pk=cycle.pk))
    cycle = Cycle.objects.get(pk=cycle.pk)
    vote_cast(by=world.coach, cycle=cycle, factor=other, member=member)
    vote_cast(by=world.coach, cycle=cycle, factor=own, member=member)
    link = coach_link(world, cycle, own, other, "They pull apart", author=member)
    cycle_advance(by=world.coach, cycle=Cycle.objects.get(pk=cycle.pk))
    cycle = Cycle.objects.get(pk=cycle.pk)
    action = coach_action(world, cycle, "Her plan", factors=[own], owners=[member], author=member)
    owned = coach_action(
        world,
        cycle,
        "Nurse's plan",
        factors=[other],
        owners=[member, world.nurse],
        author=world.nurse,
    )
    return Person(member, user, own, for_her, for_esther, other, link, action, owned)


def rows_naming(*needles: str) -> list[str]:
    """Every table row (and decoded session) holding one of `needles`, as 'table: row'."""
    found: list[str] = []
    wanted = [n.casefold() for n in needles]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # Table names from the database's own catalogue, quoted: no outside input.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row).casefold()
                if any(n in text for n in wanted):
                    found.append(f"{table}: {row}")
    for session in Session.objects.all():
        text = str(session.get_decoded()).casefold()
        if any(n in text for n in wanted):
            found.append(f"session {session.pk}")
    return found
