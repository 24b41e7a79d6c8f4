"""Seed the benchmark's database and print JSON: `python -m bench._live.seed` after migrate."""

from __future__ import annotations

import json
import os

PASSWORD = "a long bench passphrase 42"  # noqa: S105 - a throwaway database


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.test import Client

    from powertriangle.accounts.services import user_create
    from powertriangle.accounts.tokens import token_issue
    from powertriangle.cycles.services.cycles import attendance_set, cycle_start
    from powertriangle.live.store import stream_head
    from powertriangle.orgs.services import organisation_create
    from powertriangle.projects.services import member_add, project_create

    unit = organisation_create(name="Bench unit", kind="unit")
    coach = user_create(username="bench", password=PASSWORD, organisation=unit, role="coach")
    project = project_create(
        by=coach, organisation=unit, title="Bench", esther_question="What is best for Esther?"
    )
    member = member_add(by=coach, project=project, display_name="Nadia", role="professional")
    cycle = cycle_start(by=coach, project=project, votes_per_member=3)
    attendance_set(by=coach, cycle=cycle, members=[member])
    client = Client()
    client.force_login(coach)
    print(
        json.dumps(
            {
                "cycle": cycle.pk,
                "member": member.pk,
                "token": token_issue(username="bench", password=PASSWORD),
                "cookie": f"{settings.SESSION_COOKIE_NAME}="
                f"{client.cookies[settings.SESSION_COOKIE_NAME].value}",
                "head": stream_head(cycle.pk),
            }
        )
    )


if __name__ == "__main__":
    main()
