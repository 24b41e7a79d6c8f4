"""The demo project: seeded once through the services, telling Esther's story in three cycles."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Model
from django.test import override_settings
from django.utils import translation

from powertriangle.catalogue.models import Catalogue, CatalogueEntry
from powertriangle.core.access import can_write, projects_for
from powertriangle.cycles.models import (
    Action,
    ActionReview,
    Attendance,
    Cycle,
    CycleStage,
    Factor,
    Link,
    Vote,
)
from powertriangle.ops import demo
from powertriangle.orgs.models import Organisation, OrgMembership
from powertriangle.projects.models import Member, Project
from powertriangle.triangle.catalogue import load_default_catalogue
from powertriangle.triangle.model import Role, RoleGroup

pytestmark = pytest.mark.django_db

COUNTED: tuple[type[Model], ...] = (
    Organisation,
    OrgMembership,
    Catalogue,
    CatalogueEntry,
    Project,
    Member,
    Cycle,
    CycleStage,
    Attendance,
    Factor,
    Link,
    Vote,
    Action,
    ActionReview,
)


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def seed() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_seeds_the_demo_once() -> None:
    first = seed()
    after_first = counts()
    second = seed()
    assert counts() == after_first
    assert after_first["Project"] == 1
    assert after_first["Cycle"] == 3
    assert "Demo project created" in first
    assert "already there" in second
    for output in (first, second):
        assert "coach" in output
        assert "manager" in output
        assert demo.DEMO_PASSWORD in output


def test_it_gives_the_coach_and_the_manager_their_places() -> None:
    info = demo.demo_seed()
    project = Project.objects.get(pk=info.project_id)
    unit = project.organisation
    assert [o.name for o in Organisation.objects.filter(pk__in=_path_ids(unit))] == list(
        demo.ORGANISATION_PATH
    )
    assert [o.kind for o in Organisation.objects.filter(pk__in=_path_ids(unit))] == [
        "region",
        "municipality",
        "unit",
    ]
    coach = authenticate(username=info.coach_username, password=info.password)
    manager = authenticate(username=info.manager_username, password=info.password)
    assert coach is not None
    assert manager is not None
    assert can_write(coach, project)
    assert projects_for(manager).filter(pk=project.pk).exists()
    assert not can_write(manager, project)
    assert OrgMembership.objects.get(user=manager).organisation == unit.parent


def _path_ids(org: Organisation) -> list[int]:
    return [int(part) for part in org.path.strip("/").split("/")]


def test_it_tells_esthers_story_across_three_cycles() -> None:
    project = Project.objects.get(pk=demo.demo_seed().project_id)
    assert project.title == demo.PROJECT_TITLE
    assert "Esther" in project.esther_question
    assert {m.role for m in project.members.all()} == {r.value for r in Role}
    assert project.members.filter(role="professional").exclude(profession="").count() == 3

    cycles = list(project.cycles.order_by("number"))
    assert [c.stage for c in cycles] == ["closed", "closed", "interaction"]
    for cycle in cycles:
        assert cycle.attendances.count() >= 6
        factors = cycle.factors.all()
        assert {f.dimension for f in factors} == {"resources", "discourses", "contexts"}
        assert {f.polarity for f in factors} == {"barrier", "enabler"}
        assert factors.filter(catalogue_entry__isnull=False).exists()
        assert factors.filter(catalogue_entry__isnull=True).exists()
        assert any(link.cross_dimension for link in cycle.links.all())
        assert cycle.votes.exists()

    factors = Factor.objects.filter(cycle__project=project)
    anonymous = factors.filter(anonymous=True)
    assert anonymous.exists()
    assert not anonymous.filter(author__isnull=False).exists()
    assert anonymous.filter(voice_group=RoleGroup.UNDISCLOSED).exists()
    supported = factors.filter(on_behalf_of__role="person_in_need_of_care")
    assert supported.filter(author__role="supporter").exists()
    assert set(supported.values_list("voice_group", flat=True)) == {RoleGroup.CARE_RECEIVERS}

    actions = Action.objects.filter(cycle__project=project)
    assert actions.filter(cycle=cycles[0]).exists()
    assert actions.filter(cycle=cycles[1]).exists()
    assert actions.filter(owners__role="person_in_need_of_care").exists()
    assert actions.filter(owners__role="relative").exists()
    assert actions.filter(kind="handle_barrier").exists()
    assert actions.filter(kind="reinforce_enabler").exists()
    for cycle in cycles[1:]:
        reviews = ActionReview.objects.filter(cycle=cycle)
        assert reviews.count() == Action.objects.filter(cycle__number=cycle.number - 1).count()
        assert all(r.reviewed and r.note for r in reviews)
    assert not ActionReview.objects.filter(cycle=cycles[0]).exists()


def test_it_picks_only_factors_the_default_catalogue_has() -> None:
    keys = {f.key for f in load_default_catalogue().factors}
    tables = (demo._CYCLE_1_FACTORS, demo._CYCLE_2_FACTORS, demo._CYCLE_3_FACTORS)
    picked = {spec[1] for table in tables for spec in table if spec[1]}
    assert picked
    assert picked <= keys
    for table in tables:
        for _ref, key, dimension, polarity, _words, _speaker in table:
            if key:
                factor = load_default_catalogue().factor(key)
                assert factor is not None
                assert (factor.dimension, factor.polarity) == (dimension, polarity), key


def test_it_prepares_the_demo_without_serving_when_asked() -> None:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", "--no-serve", stdout=out)
        call_command("demo", "--no-serve", stdout=out)
    assert Project.objects.count() == 1
    assert "already there" in out.getvalue()


def test_it_refuses_the_demo_in_production() -> None:
    with translation.override("en"), override_settings(PRODUCTION=True):
        with pytest.raises(CommandError, match="public password"):
            call_command("seed_demo", stdout=StringIO())
        with pytest.raises(CommandError, match="public password"):
            call_command("demo", "--no-serve", stdout=StringIO())
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


# Words that would make a text a health record, which the footer of every page forbids.
MEDICAL = ("läkemedel", "medicin", "diagnos", "sjukdom", "medication", "diagnosis", "dos ")


def test_the_demo_keeps_the_rule_of_no_medical_details() -> None:
    """The demo is what people copy: it writes reflections on how care works, never health
    details about anyone."""
    seed()
    texts = [
        *Factor.objects.values_list("text", flat=True),
        *Link.objects.values_list("note", flat=True),
        *Action.objects.values_list("title", flat=True),
        *Action.objects.values_list("description", flat=True),
        *ActionReview.objects.values_list("note", flat=True),
        *Project.objects.values_list("description", flat=True),
    ]
    found = [t for t in texts if any(word in t.casefold() for word in MEDICAL)]
    assert found == []
