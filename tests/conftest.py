"""Personas shared by the tests: the coach, the care receiver, the relative, the manager and the
outsider (after healthchecks' alice, bob and charlie). Import `World` from here for typing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from powertriangle.accounts.services import user_create
from powertriangle.cycles.models import Cycle
from powertriangle.cycles.services.cycles import attendance_set, cycle_start
from powertriangle.orgs.models import Organisation
from powertriangle.orgs.services import organisation_create
from powertriangle.projects.models import Member, Project
from powertriangle.projects.services import member_add, project_create
from tests.hostile.sizes import FULL_ENV

PASSWORD = "a long demo passphrase 42"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--hostile-full",
        action="store_true",
        help="send the whole hostile corpus and every hypothesis example to every field "
        "(by default the hostile tests send a sample: tests/hostile/sizes.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Read where the hostile tests' settings are made, at import (xdist's workers get it too).
    if config.getoption("--hostile-full"):
        os.environ[FULL_ENV] = "1"


@dataclass
class World:
    region: Organisation
    municipality: Organisation
    unit: Organisation
    other_region: Organisation
    other_unit: Organisation
    coach: User  # coach of `unit`, where the project lives
    manager: User  # manager of `municipality`: reads its subtree
    outsider: User  # coach in another region
    outside_manager: User  # manager of the other region
    project: Project
    other_project: Project
    esther: Member  # person in need of care
    relative: Member
    nurse: Member  # professional
    supporter: Member
    coach_member: Member
    cycle: Cycle

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.5 s per user; the tests are about behaviour, not key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    region = organisation_create(name="Region Jönköping", kind="region")
    municipality = organisation_create(name="Eksjö", kind="municipality", parent=region)
    unit = organisation_create(name="Hemtjänst Norr", kind="unit", parent=municipality)
    other_region = organisation_create(name="Region Annan", kind="region")
    other_unit = organisation_create(name="Annan enhet", kind="unit", parent=other_region)
    coach = user_create(username="alice", password=PASSWORD, organisation=unit, role="coach")
    manager = user_create(
        username="maria", password=PASSWORD, organisation=municipality, role="manager"
    )
    outsider = user_create(
        username="charlie", password=PASSWORD, organisation=other_unit, role="coach"
    )
    outside_manager = user_create(
        username="olle", password=PASSWORD, organisation=other_region, role="manager"
    )
    project = project_create(
        by=coach,
        organisation=unit,
        title="Safe return home",
        esther_question="What is best for Esther when she goes home from hospital?",
    )
    other_project = project_create(
        by=outsider,
        organisation=other_unit,
        title="Other team's project",
        esther_question="What is best for Esther elsewhere?",
    )
    esther = member_add(
        by=coach, project=project, display_name="Esther", role="person_in_need_of_care"
    )
    relative = member_add(by=coach, project=project, display_name="Sven", role="relative")
    nurse = member_add(
        by=coach, project=project, display_name="Nadia", role="professional", profession="Nurse"
    )
    supporter = member_add(by=coach, project=project, display_name="Sara", role="supporter")
    coach_member = member_add(by=coach, project=project, display_name="Alice", role="coach")
    cycle = cycle_start(by=coach, project=project)
    attendance_set(
        by=coach, cycle=cycle, members=[esther, relative, nurse, supporter, coach_member]
    )
    return World(
        region,
        municipality,
        unit,
        other_region,
        other_unit,
        coach,
        manager,
        outsider,
        outside_manager,
        project,
        other_project,
        esther,
        relative,
        nurse,
        supporter,
        coach_member,
        cycle,
    )
