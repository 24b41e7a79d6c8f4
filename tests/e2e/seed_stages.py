"""Seed the pages the accessibility, third-party and keyboard tests walk: `python -m
tests.e2e.seed_stages` in the server's environment, after tests/e2e/seed.py (it reuses that
seed's unit). It prints one line of JSON: the live workshops' join tokens, which a phone gets
from the QR code; everything else the tests find through the pages.

Its own coach (`STAGES_COACH`) has no language preference, so the browser's Accept-Language
decides the language of every page, whatever other tests do to the seeded coach's settings.
Projects (all in the seeded unit, so the same coach also sees the other tests' projects):

- `STAGES_PROJECT`: cycle 1 closed, cycle 2 closed with its reviews of cycle 1's actions, and
  cycle 3 open in reaction with reviews (one reviewed, one not);
- `INTERACTION_PROJECT`: cycle 1 in interaction, factors in all dimensions, a hidden one, links
  and votes;
- `ACTION_PROJECT`: cycle 1 in action with actions in several statuses;
- `KEYBOARD_PROJECT`: members, no cycle yet (the keyboard test runs its cycle there).

Each open cycle (reaction, interaction, action) has an open live workshop; the one in reaction is
anonymous, so phones join it by role instead of by name.
"""

from __future__ import annotations

import json
import os

# Shared with the tests that read these pages (plain strings: no Django import needed).
STAGES_COACH = "kim"
STAGES_PROJECT = "Trappan"
INTERACTION_PROJECT = "Samspel i hemtjänsten"
ACTION_PROJECT = "Handling på avdelning 3"
KEYBOARD_PROJECT = "Tangentbordet"
KEYBOARD_ESTHER = "Esther"
KEYBOARD_NURSE = "Nadia"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    import django

    django.setup()

    from powertriangle.accounts.services import user_create
    from powertriangle.cycles.models import ActionReview, Cycle, Factor
    from powertriangle.cycles.services.actions import (
        action_create,
        action_update_status,
        review_update,
    )
    from powertriangle.cycles.services.contributions import (
        factor_create,
        factor_set_hidden,
        link_create,
        vote_cast,
    )
    from powertriangle.cycles.services.cycles import attendance_set, cycle_advance, cycle_start
    from powertriangle.orgs.models import Organisation
    from powertriangle.projects.models import Member, Project
    from powertriangle.projects.services import member_add, project_create
    from powertriangle.workshops.services import workshop_create, workshop_open
    from tests.e2e.support import PASSWORD

    unit = Organisation.objects.get(name="Hemtjänst Norr")
    coach = user_create(username=STAGES_COACH, password=PASSWORD, organisation=unit, role="coach")

    def project(title: str, question: str) -> tuple[Project, list[Member]]:
        made = project_create(by=coach, organisation=unit, title=title, esther_question=question)
        people = (
            (KEYBOARD_ESTHER, "person_in_need_of_care", ""),
            ("Sven", "relative", ""),
            (KEYBOARD_NURSE, "professional", "Sjuksköterska"),
            ("Sara", "supporter", ""),
            ("Kim", "coach", ""),
        )
        members = [
            member_add(by=coach, project=made, display_name=name, role=role, profession=job)
            for name, role, job in people
        ]
        return made, members

    def advance(cycle: Cycle, to: str) -> Cycle:
        return cycle_advance(by=coach, cycle=cycle, to=to)

    def factors(cycle: Cycle, members: list[Member], n: int) -> list[Factor]:
        esther, sven, nadia, sara, _kim = members
        made = []
        texts = [
            ("resources", "barrier", "Ingen hinner ringa Esther dagen efter hemkomsten", nadia),
            ("resources", "enabler", "Trygghetslarmet fungerar", esther),
            ("discourses", "barrier", "Vi pratar om Esther, inte med henne", sven),
            ("discourses", "enabler", "Personalen lyssnar när Sven ringer", sven),
            ("contexts", "barrier", "Utskrivningen sker på fredag eftermiddag", nadia),
            ("contexts", "enabler", "Samma undersköterska kommer varje morgon", esther),
        ]
        for dimension, polarity, text, author in texts[:n]:
            made.append(
                factor_create(
                    by=coach,
                    cycle=cycle,
                    dimension=dimension,
                    polarity=polarity,
                    text=text,
                    level="unit" if polarity == "barrier" else "",
                    author=author,
                    on_behalf_of=esther if author == sara else None,
                )
            )
        made.append(
            factor_create(
                by=coach,
                cycle=cycle,
                dimension="resources",
                polarity="barrier",
                text="Anonym: ingen vet vem man ska ringa på natten",
                author=None,
                anonymous=True,
            )
        )
        return made

    def interact(cycle: Cycle, members: list[Member], made: list[Factor]) -> None:
        esther, sven, nadia, _sara, _kim = members
        link_create(
            by=coach,
            cycle=cycle,
            factor_a=made[0],
            factor_b=made[2],
            note="När ingen ringer känns det som att ingen lyssnar.",
            author=sven,
        )
        link_create(
            by=coach,
            cycle=cycle,
            factor_a=made[1],
            factor_b=made[5],
            note="Larmet och samma person ger trygghet tillsammans.",
            author=esther,
        )
        for voter, factor in ((esther, made[0]), (esther, made[2]), (nadia, made[4])):
            vote_cast(by=coach, cycle=cycle, factor=factor, member=voter)

    def plan(cycle: Cycle, members: list[Member], made: list[Factor]) -> None:
        esther, _sven, nadia, _sara, kim = members
        first = action_create(
            by=coach,
            cycle=cycle,
            kind="handle_barrier",
            title="Ring Esther dagen efter hemkomsten",
            description="Sjuksköterskan ringer före klockan tio.",
            factors=[made[0]],
            owners=[nadia],
            due="2031-03-01",
            author=nadia,
        )
        action_update_status(by=coach, action=first, status="doing", version=first.version)
        action_create(
            by=coach,
            cycle=cycle,
            kind="reinforce_enabler",
            title="Behåll samma undersköterska på morgonen",
            factors=[made[5]],
            owners=[kim, esther],
            author=esther,
        )

    # Cycles 1 and 2 closed, cycle 3 open in reaction with reviews.
    stages, members = project(STAGES_PROJECT, "Vad är bäst för Esther när hon bor hemma?")
    previous = None
    for number in (1, 2, 3):
        cycle = cycle_start(by=coach, project=stages)
        attendance_set(by=coach, cycle=cycle, members=members)
        if previous is not None:
            first = ActionReview.objects.filter(cycle=cycle).order_by("id").first()
            if first is not None:
                review_update(
                    by=coach,
                    review=first,
                    status="done",
                    note="Det gick bra, Esther blev uppringd.",
                    version=first.version,
                )
        if number == 3:
            factors(cycle, members, 2)
            break
        made = factors(cycle, members, 6)
        factor_set_hidden(by=coach, factor=made[-1], hidden=True)
        cycle = advance(cycle, "interaction")
        interact(cycle, members, made)
        cycle = advance(cycle, "action")
        plan(cycle, members, made)
        previous = advance(cycle, "closed")

    interaction, members = project(INTERACTION_PROJECT, "Vad är bäst för Esther på dagen?")
    cycle = cycle_start(by=coach, project=interaction, votes_per_member=2)
    attendance_set(by=coach, cycle=cycle, members=members[:3])
    made = factors(cycle, members, 6)
    factor_set_hidden(by=coach, factor=made[3], hidden=True)
    cycle = advance(cycle, "interaction")
    interact(cycle, members, made)

    action, members = project(ACTION_PROJECT, "Vad är bäst för Esther på avdelningen?")
    cycle = cycle_start(by=coach, project=action)
    attendance_set(by=coach, cycle=cycle, members=members)
    made = factors(cycle, members, 6)
    cycle = advance(cycle, "interaction")
    interact(cycle, members, made)
    cycle = advance(cycle, "action")
    plan(cycle, members, made)

    project(KEYBOARD_PROJECT, "Vad är bäst för Esther på kvällen?")

    tokens = []
    for title in (STAGES_PROJECT, INTERACTION_PROJECT, ACTION_PROJECT):
        open_cycle = Cycle.objects.exclude(stage="closed").get(project__title=title)
        workshop = workshop_create(
            by=coach, cycle=open_cycle, anonymous=open_cycle.stage == "reaction"
        )
        tokens.append(workshop_open(by=coach, workshop=workshop).join_token)
    print(json.dumps({"workshop_tokens": tokens}))


if __name__ == "__main__":
    main()
