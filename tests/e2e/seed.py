"""Seed the browser tests' own database: `python -m tests.e2e.seed` after `powertriangle migrate`,
in the server's environment (conftest.py runs it in a subprocess, never in the test process)."""

from __future__ import annotations

import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    import django

    django.setup()

    from powertriangle.accounts.services import user_create
    from powertriangle.orgs.services import organisation_create
    from powertriangle.projects.services import project_create
    from tests.e2e.support import COACH, ESTHER_QUESTION, PASSWORD, PROJECT_TITLE

    region = organisation_create(name="Region Jönköping", kind="region")
    municipality = organisation_create(name="Eksjö", kind="municipality", parent=region)
    unit = organisation_create(name="Hemtjänst Norr", kind="unit", parent=municipality)
    coach = user_create(username=COACH, password=PASSWORD, organisation=unit, role="coach")
    project_create(
        by=coach, organisation=unit, title=PROJECT_TITLE, esther_question=ESTHER_QUESTION
    )


if __name__ == "__main__":
    main()
