"""Erasing a member leaves no row and no output naming them, in either of its two ways, and
keeps what it promises to keep."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from powertriangle.accounts.tokens import token_issue
from powertriangle.cycles.models import Action, Factor, Link, Vote
from powertriangle.exchange.services import project_export
from powertriangle.live.models import LiveEvent, LiveStream
from powertriangle.projects.models import Member
from powertriangle.projects.rights.erasure import ErasureMode, member_erase
from powertriangle.workshops.models import Participant
from tests.conftest import PASSWORD, World
from tests.rights.scene import NAME, PROFESSION, person_with_a_trace, rows_naming


def _outputs(world: World) -> str:
    """What a coach can read of the project: its pages, its export, the API's cycle."""
    client = world.client_for(world.coach)
    key = token_issue(username=world.coach.username, password=PASSWORD)
    pages = [
        client.get(reverse("projects:detail", args=[world.project.pk])),
        client.get(reverse("cycles:detail", args=[world.cycle.pk])),
        Client().get(
            f"/api/v1/cycles/{world.cycle.pk}", headers={"authorization": f"Bearer {key}"}
        ),
    ]
    assert [p.status_code for p in pages] == [200, 200, 200]
    texts = [p.content.decode() for p in pages]
    texts.append(json.dumps(project_export(by=world.coach, project=world.project)))
    return "\n".join(texts)


@pytest.mark.django_db
def test_the_scene_names_her_everywhere_before(world: World) -> None:
    """The control: without an erasure, the search finds her in many tables and outputs."""
    person_with_a_trace(world)
    tables = {row.split(":")[0] for row in rows_naming(NAME)}
    assert {"projects_member", "live_liveevent"} <= tables, tables
    assert NAME in _outputs(world)


@pytest.mark.django_db
def test_kept_anonymous_leaves_no_row_or_output_naming_her_and_keeps_what_she_said(
    world: World,
) -> None:
    person = person_with_a_trace(world)
    stream_epoch = LiveStream.objects.get(cycle=world.cycle).epoch
    counts = (Factor.objects.count(), Link.objects.count(), Action.objects.count())
    dots = Vote.objects.count()

    member_erase(by=world.coach, member=person.member, mode=ErasureMode.ANONYMISE)

    assert rows_naming(NAME, PROFESSION) == []
    assert NAME not in _outputs(world)
    assert PROFESSION not in _outputs(world)
    assert (Factor.objects.count(), Link.objects.count(), Action.objects.count()) == counts
    assert Vote.objects.count() == dots
    assert not Vote.objects.filter(member=person.member).exists()
    for item in (person.own, person.for_her, person.link, person.action):
        item.refresh_from_db()
        assert item.anonymous
        assert item.author_id is None
        assert item.on_behalf_of_id is None
        assert item.voice_group == "undisclosed"  # she was the only relative: under k
        assert (item.created_at.hour, item.created_at.minute) == (0, 0)
    person.for_esther.refresh_from_db()  # Esther's voice stays Esther's; only the helper goes
    assert person.for_esther.on_behalf_of_id == world.esther.pk
    assert person.for_esther.author_id is None
    assert not person.for_esther.anonymous
    person.owned.refresh_from_db()
    assert list(person.owned.owners.all()) == [world.nurse]
    stand_in = Member.objects.get(pk=person.member.pk)
    assert stand_in.stand_in
    assert not stand_in.active
    assert stand_in.user_id is None
    assert world.cycle.present.filter(pk=stand_in.pk).exists()  # presence stays counted
    assert not Participant.objects.filter(member=stand_in).exists()
    assert not LiveEvent.objects.filter(cycle=world.cycle).exists()
    assert LiveStream.objects.get(cycle=world.cycle).epoch != stream_epoch


@pytest.mark.django_db
def test_deleted_leaves_no_row_or_output_naming_her_and_nothing_she_said(world: World) -> None:
    person = person_with_a_trace(world)
    member_erase(by=world.coach, member=person.member, mode=ErasureMode.DELETE)

    assert rows_naming(NAME, PROFESSION) == []
    assert NAME not in _outputs(world)
    assert not Member.objects.filter(pk=person.member.pk).exists()
    for gone in (person.own, person.for_her, person.link, person.action):
        assert not type(gone).everything.filter(pk=gone.pk).exists()
    assert Factor.objects.filter(pk=person.other.pk).exists()
    assert not Vote.objects.filter(factor=person.other).exists()  # her dot went with her
    kept = Factor.objects.get(pk=person.for_esther.pk)
    assert kept.on_behalf_of_id == world.esther.pk
    assert kept.author_id is None
    assert list(Action.objects.get(pk=person.owned.pk).owners.all()) == [world.nurse]


@pytest.mark.django_db
def test_the_erase_page_says_what_happens_and_a_choice_is_needed(world: World) -> None:
    person = person_with_a_trace(world)
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("projects:member_erase", args=[world.project.pk, person.member.pk])
    page = client.get(url).content.decode()
    assert "4 things they said or that were said on their behalf" in page
    assert "1 thing they said on someone else" in page
    assert "2 dots" in page
    refused = client.post(url, {})
    assert refused.status_code == 422
    assert "Choose what happens to what they said." in refused.content.decode()
    assert Member.objects.filter(pk=person.member.pk, stand_in=False).exists()
    done = client.post(url, {"mode": "anonymise"})
    assert done.status_code == 302
    assert rows_naming(NAME) == []
    assert client.get(url).status_code == 404  # a stand-in is nobody to erase again


@pytest.mark.django_db
def test_a_manager_or_another_coach_can_neither_see_nor_erase(world: World) -> None:
    person = person_with_a_trace(world)
    for user in (world.manager, world.outsider):
        client = world.client_for(user)
        for name in ("member_data", "member_data_download", "member_erase"):
            url = reverse(f"projects:{name}", args=[world.project.pk, person.member.pk])
            assert client.get(url).status_code == 404
        post = client.post(
            reverse("projects:member_erase", args=[world.project.pk, person.member.pk]),
            {"mode": "delete"},
        )
        assert post.status_code == 404
    assert Member.objects.filter(pk=person.member.pk, display_name=NAME).exists()


@pytest.mark.django_db
def test_the_command_line_lists_exports_and_erases(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    person = person_with_a_trace(world)
    call_command("member", str(world.project.pk))
    assert f"{person.member.pk}\t{NAME}\trelative" in capsys.readouterr().out
    call_command("member", str(world.project.pk), str(person.member.pk))
    document = json.loads(capsys.readouterr().out)
    assert document["member"]["display_name"] == NAME
    with pytest.raises(Exception, match="Add --yes"):
        call_command("member", str(world.project.pk), str(person.member.pk), erase="delete")
    assert Member.objects.filter(pk=person.member.pk).exists()
    call_command("member", str(world.project.pk), str(person.member.pk), erase="delete", yes=True)
    assert rows_naming(NAME) == []
