"""The stand-in member of an anonymous workshop's participant: present and counted by its role,
in no list of members and in no picker (the project page, the API, the cycle's forms, the
phone's lists), and carried across an export and import."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from powertriangle.accounts.tokens import token_issue
from powertriangle.cycles.models import Cycle
from powertriangle.cycles.selectors import metrics_for_cycle
from powertriangle.exchange.services import project_export, project_import
from powertriangle.projects.models import Member
from powertriangle.workshops.models import Participant, Workshop
from powertriangle.workshops.services import workshop_close
from tests.conftest import PASSWORD, World
from tests.workshops.conftest import join, open_workshop, phone

CHECKBOX = re.compile(r'name="members" value="(\d+)"')


def _stand_ins(world: World, workshop: Workshop, roles: tuple[str, ...]) -> list[Member]:
    for i, role in enumerate(roles):
        join(workshop, phone(f"10.0.3.{i + 1}"), role=role)
    members = [p.member for p in Participant.objects.filter(workshop=workshop).order_by("id")]
    assert len(members) == len(roles)
    return members


def _member_ids(page: str, section_id: str) -> set[str]:
    section = re.search(rf'<section id="{section_id}".*?</section>', page, re.S)
    assert section is not None
    return set(re.findall(r"/members/(\d+)/", section.group(0)))


@pytest.mark.django_db
def test_a_stand_in_is_marked_and_in_no_list_of_members(
    world: World, anonymous_workshop: Workshop
) -> None:
    (stand_in,) = _stand_ins(world, anonymous_workshop, ("relative",))
    assert stand_in.stand_in
    assert not stand_in.active
    assert stand_in in world.cycle.present.all()
    coach = world.client_for(world.coach)

    page = coach.get(reverse("projects:detail", args=[world.project.pk])).content.decode()
    assert "Anonymous participant" not in page
    listed = _member_ids(page, "members")
    assert str(world.esther.pk) in listed
    assert str(stand_in.pk) not in listed
    edit = reverse("projects:member_edit", args=[world.project.pk, stand_in.pk])
    assert coach.get(edit).status_code == 404
    assert (
        coach.post(edit, {"display_name": "Known", "role": "relative", "active": "on"}).status_code
        == 404
    )
    stand_in.refresh_from_db()
    assert not stand_in.active

    token = token_issue(username="alice", password=PASSWORD)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    ids = [m["id"] for m in api.get(f"/api/v1/projects/{world.project.pk}/members").json()]
    assert world.esther.pk in ids
    assert stand_in.pk not in ids

    cycle_page = coach.get(reverse("cycles:detail", args=[world.cycle.pk])).content.decode()
    offered = set(CHECKBOX.findall(cycle_page))
    assert str(world.esther.pk) in offered
    assert str(stand_in.pk) not in offered
    assert "Anonymous participant" not in cycle_page


@pytest.mark.django_db
def test_a_named_workshop_offers_no_stand_in_to_pick_or_speak_for(
    world: World, anonymous_workshop: Workshop
) -> None:
    (stand_in,) = _stand_ins(world, anonymous_workshop, ("person_in_need_of_care",))
    workshop_close(by=world.coach, workshop=anonymous_workshop)
    named = open_workshop(world)
    who = phone("10.0.4.1").get(reverse("workshops:join_token", args=[named.join_token]))
    html = who.content.decode()
    assert f'value="{world.esther.pk}"' in html
    assert f'value="{stand_in.pk}"' not in html
    assert "Anonymous participant" not in html
    supporter = join(named, phone("10.0.4.2"), member=world.supporter.pk)
    page = supporter.get(reverse("workshops:phone", args=[named.pk])).content.decode()
    assert "Anonymous participant" not in page


@pytest.mark.django_db
def test_stand_ins_stay_present_and_counted_when_the_coach_saves_attendance(
    world: World, anonymous_workshop: Workshop
) -> None:
    stand_ins = _stand_ins(
        world, anonymous_workshop, ("person_in_need_of_care", "relative", "professional")
    )
    cycle = Cycle.objects.get(pk=world.cycle.pk)
    before = metrics_for_cycle(cycle)
    assert cycle.present.count() == 5 + len(stand_ins)
    coach = world.client_for(world.coach)
    page = coach.get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    offered = CHECKBOX.findall(page)
    response = coach.post(reverse("cycles:attendance", args=[cycle.pk]), {"members": offered})
    assert response.status_code in (200, 302, 303)
    present = set(cycle.present.values_list("pk", flat=True))
    assert {m.pk for m in stand_ins} <= present
    assert metrics_for_cycle(Cycle.objects.get(pk=cycle.pk)) == before


@pytest.mark.django_db
def test_stand_ins_cross_an_export_and_import_and_stay_unlisted(
    world: World, anonymous_workshop: Workshop
) -> None:
    (stand_in,) = _stand_ins(world, anonymous_workshop, ("relative",))
    document = project_export(by=world.coach, project=world.project)
    rows = [m for m in document["members"] if m["stand_in"]]
    assert len(rows) == 1
    assert rows[0]["active"] is False
    assert rows[0]["display_name"] == stand_in.display_name
    imported = project_import(by=world.outsider, organisation=world.other_unit, document=document)
    assert project_export(by=world.outsider, project=imported) == document
    copied = Member.objects.get(project=imported, stand_in=True)
    assert not copied.active
    assert not Member.objects.listed().filter(pk=copied.pk).exists()
    original = metrics_for_cycle(Cycle.objects.get(pk=world.cycle.pk))
    assert metrics_for_cycle(Cycle.objects.get(project=imported)) == original
    # Documents written before the marker existed still import, with nobody a stand-in.
    for row in document["members"]:
        del row["stand_in"]
    older = project_import(by=world.outsider, organisation=world.other_unit, document=document)
    assert not Member.objects.filter(project=older, stand_in=True).exists()
