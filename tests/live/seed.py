"""Seed a live server's own database and print what the tests need as JSON:
`python -m tests.live.seed` after `powertriangle migrate`, in the server's environment."""

from __future__ import annotations

import json
import os

PASSWORD = "a long demo passphrase 42"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.test import Client

    from powertriangle.accounts.services import user_create
    from powertriangle.accounts.tokens import token_issue
    from powertriangle.cycles.services.cycles import attendance_set, cycle_start
    from powertriangle.orgs.services import organisation_create
    from powertriangle.projects.services import member_add, project_create

    region = organisation_create(name="Region Jönköping", kind="region")
    unit = organisation_create(name="Hemtjänst Norr", kind="unit", parent=region)
    other = organisation_create(name="Region Annan", kind="region")
    coach = user_create(username="alice", password=PASSWORD, organisation=unit, role="coach")
    outsider = user_create(username="charlie", password=PASSWORD, organisation=other)
    project = project_create(
        by=coach, organisation=unit, title="Safe return home", esther_question="What is best?"
    )
    nurse = member_add(by=coach, project=project, display_name="Nadia", role="professional")
    cycle = cycle_start(by=coach, project=project)
    attendance_set(by=coach, cycle=cycle, members=[nurse])
    token = token_issue(username="alice", password=PASSWORD)
    sessions = {}
    for user in (coach, outsider):
        client = Client()
        client.force_login(user)
        sessions[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    print(
        json.dumps(
            {
                "cycle": cycle.pk,
                "member": nurse.pk,
                "token": token,
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "coach_session": sessions["alice"],
                "outsider_session": sessions["charlie"],
            }
        )
    )


if __name__ == "__main__":
    main()
