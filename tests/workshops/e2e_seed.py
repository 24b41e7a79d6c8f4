"""Seed a project for the live workshop browser test, in the server's database:
`python -m tests.workshops.e2e_seed` in the server's environment, after tests.e2e.seed. Prints
{"project": id, "cycle": id} as JSON. Its own project, so other browser tests are not affected."""

from __future__ import annotations

import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    import django

    django.setup()

    from django.contrib.auth.models import User

    from powertriangle.cycles.services.cycles import attendance_set, cycle_start
    from powertriangle.orgs.models import OrgMembership
    from powertriangle.projects.services import member_add, project_create
    from tests.e2e.support import COACH

    coach = User.objects.get(username=COACH)
    unit = OrgMembership.objects.get(user=coach).organisation
    project = project_create(
        by=coach,
        organisation=unit,
        title="Workshop live e2e",
        esther_question="What is best for Esther at home?",
    )
    members = [
        member_add(by=coach, project=project, display_name=name, role=role)
        for name, role in (
            ("Esther", "person_in_need_of_care"),
            ("Sven", "relative"),
            ("Nadia", "professional"),
            ("Sara", "supporter"),
        )
    ]
    cycle = cycle_start(by=coach, project=project)
    attendance_set(by=coach, cycle=cycle, members=members)
    print(json.dumps({"project": project.pk, "cycle": cycle.pk}))


if __name__ == "__main__":
    main()
