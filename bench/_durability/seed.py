"""Seeding, in a subprocess with the data folder's environment: an account, a project with a
member and an open cycle."""

from __future__ import annotations

import json
import os

USERNAME = "durability"
PASSWORD = "durability check passphrase 42"  # noqa: S105 — a throwaway account in a temp folder


def seed() -> None:
    """Create the account, project, member and open cycle; print their ids as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    import django

    django.setup()

    from powertriangle.accounts.services import user_create
    from powertriangle.cycles.services.cycles import cycle_start
    from powertriangle.orgs.services import organisation_create
    from powertriangle.projects.services import member_add, project_create

    unit = organisation_create(name="Durability unit", kind="unit")
    coach = user_create(username=USERNAME, password=PASSWORD, organisation=unit, role="coach")
    project = project_create(
        by=coach,
        organisation=unit,
        title="Durability check",
        esther_question="What is best for Esther when the server dies?",
    )
    member = member_add(by=coach, project=project, display_name="Nadia", role="professional")
    cycle = cycle_start(by=coach, project=project)
    print(json.dumps({"cycle_id": cycle.pk, "member_id": member.pk}))
