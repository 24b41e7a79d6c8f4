"""Seed the tap benchmark's database and print JSON: `python -m bench._tap.seed` after migrate.
The demo (for its coach), and through the services as that coach a project of its own whose
first cycle is in reaction (phones add factors there), with an open workshop whose names are
shown (an anonymous one holds posts back in shuffled batches on purpose)."""

from __future__ import annotations

import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    import django

    django.setup()

    from django.contrib.auth import get_user_model

    from powertriangle.cycles.services.cycles import attendance_set, cycle_start
    from powertriangle.ops.demo import COACH_USERNAME, demo_seed
    from powertriangle.orgs.models import OrgMembership
    from powertriangle.projects.services import member_add, project_create
    from powertriangle.workshops.services import workshop_create, workshop_open

    demo_seed()
    coach = get_user_model().objects.get(username=COACH_USERNAME)
    unit = OrgMembership.objects.filter(user=coach).first()
    assert unit is not None
    project = project_create(
        by=coach,
        organisation=unit.organisation,
        title="Tap benchmark",
        esther_question="What is best for Esther at home?",
    )
    members = [
        member_add(by=coach, project=project, display_name=name, role=role)
        for name, role in (("Esther", "person_in_need_of_care"), ("Nadia", "professional"))
    ]
    cycle = cycle_start(by=coach, project=project)
    attendance_set(by=coach, cycle=cycle, members=members)
    workshop = workshop_open(
        by=coach, workshop=workshop_create(by=coach, cycle=cycle, anonymous=False)
    )
    print(
        json.dumps({"workshop": workshop.pk, "code": workshop.code, "phone_member": members[1].pk})
    )


if __name__ == "__main__":
    main()
