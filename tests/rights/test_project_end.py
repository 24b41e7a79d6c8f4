"""A project ends in two steps: archived (read only, listed apart, can come back), then deleted
for good after a confirmation, with everything in it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from powertriangle.cycles.models import Factor
from powertriangle.cycles.services.contributions import factor_create
from powertriangle.projects.models import Project
from powertriangle.projects.rights.ending import project_archive, project_delete
from tests.conftest import World
from tests.rights.scene import NAME, person_with_a_trace, rows_naming
from tests.workshops.conftest import join, open_workshop


@pytest.mark.django_db
def test_an_archived_project_is_read_only_and_listed_apart(world: World) -> None:
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(reverse("projects:archive", args=[world.project.pk]), {"archived": "1"})
    assert response.status_code == 302
    assert Project.objects.get(pk=world.project.pk).is_archived
    detail = client.get(reverse("projects:detail", args=[world.project.pk])).content.decode()
    assert "it can be read, not changed" in detail
    assert reverse("projects:edit", args=[world.project.pk]) not in detail
    assert client.get(reverse("projects:edit", args=[world.project.pk])).status_code == 404
    with pytest.raises(Http404):
        factor_create(
            by=world.coach,
            cycle=world.cycle,
            dimension="resources",
            polarity="barrier",
            text="Too late",
            author=world.nurse,
        )
    assert not Factor.objects.filter(text="Too late").exists()
    listing = client.get(reverse("projects:list")).content.decode()
    archived_part = listing.split("Archived projects", 1)
    assert len(archived_part) == 2
    assert world.project.title in archived_part[1]
    assert world.project.title not in archived_part[0].split("<main", 1)[1]
    client.post(reverse("projects:archive", args=[world.project.pk]), {"archived": "0"})
    assert not Project.objects.get(pk=world.project.pk).is_archived
    assert client.get(reverse("projects:edit", args=[world.project.pk])).status_code == 200


@pytest.mark.django_db
def test_archiving_closes_the_open_workshop_and_its_phones_are_thanked(world: World) -> None:
    workshop = open_workshop(world)
    phone = join(workshop, member=world.relative.pk)
    project_archive(by=world.coach, project=world.project, archived=True)
    workshop.refresh_from_db()
    assert workshop.status == "closed"
    assert workshop.code is None
    page = phone.get(reverse("workshops:phone", args=[workshop.pk]))
    assert "Thank you" in page.content.decode()


@pytest.mark.django_db
def test_only_an_archived_project_is_deleted_and_only_after_the_box_is_ticked(
    world: World,
) -> None:
    person_with_a_trace(world)
    with pytest.raises(ValidationError, match="Archive the project first"):
        project_delete(by=world.coach, project=world.project)
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("projects:delete", args=[world.project.pk])
    assert "Only an archived project can be deleted" in client.get(url).content.decode()
    project_archive(by=world.coach, project=world.project, archived=True)
    refused = client.post(url, {})
    assert refused.status_code == 422
    assert "Tick the box to confirm." in refused.content.decode()
    assert Project.objects.filter(pk=world.project.pk).exists()
    assert world.client_for(world.manager).post(url, {"confirm": "on"}).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not Project.objects.filter(pk=world.project.pk).exists()
    assert rows_naming(NAME, world.project.title, world.project.esther_question) == []
    assert Project.objects.filter(pk=world.other_project.pk).exists()
