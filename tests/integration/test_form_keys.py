"""One form key per create form: a page sent twice (Back and submit again, a double click, a
retry) makes one object, and the person is shown what the first submit made. The key keeps no
id of an anonymous contribution, and housekeeping forgets keys after two days."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from powertriangle.core.models import FormKey
from powertriangle.cycles.models import Factor
from powertriangle.ops.housekeeping import housekeep
from powertriangle.projects.models import Member, Project
from powertriangle.workshops.models import Workshop
from tests.conftest import World

pytestmark = pytest.mark.django_db


def english(world: World) -> Client:
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def key_on(page: str) -> str:
    """The form key of the (first) create form on a page."""
    found = re.search(r'name="form_key" value="([A-Za-z0-9_-]+)"', page)
    assert found, "no form key on the page"
    return found.group(1)


def test_creating_a_project_twice_from_the_same_page_makes_one(world: World) -> None:
    client = english(world)
    key = key_on(client.get(reverse("projects:create")).content.decode())
    data = {
        "organisation": world.unit.pk,
        "title": "Meals together",
        "esther_question": "What is best for Esther at meals?",
        "description": "",
        "form_key": key,
    }
    first = client.post(reverse("projects:create"), data)
    again = client.post(reverse("projects:create"), data)  # Back, and "Create project" again
    project = Project.objects.get(title="Meals together")
    assert first["Location"] == again["Location"] == reverse("projects:detail", args=[project.pk])
    shown = client.get(again["Location"]).content.decode()
    assert "This project was created already: here it is." in shown
    # A new page has a new key: a second project on purpose is still possible.
    fresh = key_on(client.get(reverse("projects:create")).content.decode())
    assert fresh != key
    client.post(reverse("projects:create"), data | {"form_key": fresh})
    assert Project.objects.filter(title="Meals together").count() == 2


def test_a_refused_project_keeps_its_key_and_makes_nothing(world: World) -> None:
    client = english(world)
    key = key_on(client.get(reverse("projects:create")).content.decode())
    data = {"organisation": world.unit.pk, "title": "", "esther_question": "", "form_key": key}
    refused = client.post(reverse("projects:create"), data)
    assert refused.status_code == 422
    assert key_on(refused.content.decode()) == key  # the mended form goes with the same key
    assert not FormKey.objects.exists()


def test_a_factor_sent_twice_is_added_once(world: World) -> None:
    client = english(world)
    page = client.get(reverse("cycles:detail", args=[world.cycle.pk])).content.decode()
    key = key_on(page)
    data = {
        "dimension": "resources",
        "polarity": "barrier",
        "text": "Too little time",
        "author": world.nurse.pk,
        "form_key": key,
    }
    url = reverse("cycles:factor_create", args=[world.cycle.pk])
    client.post(url, data, headers={"HX-Request": "true"})
    again = client.post(url, data, headers={"HX-Request": "true"})
    assert again.status_code == 200
    assert "This was added already: nothing new was added." in again.content.decode()
    assert Factor.objects.filter(text="Too little time").count() == 1
    assert FormKey.objects.get(key=key).object_id == Factor.objects.get().pk


def test_an_anonymous_factor_s_key_keeps_no_id(world: World) -> None:
    client = english(world)
    data = {
        "dimension": "contexts",
        "polarity": "barrier",
        "text": "Nobody asks me about times",
        "author": world.esther.pk,
        "anonymous": "on",
        "form_key": "k" * 32,
    }
    url = reverse("cycles:factor_create", args=[world.cycle.pk])
    client.post(url, data)
    client.post(url, data)
    assert Factor.objects.filter(text="Nobody asks me about times").count() == 1
    stored = FormKey.objects.get()
    assert stored.object_id is None  # nothing ties the anonymous factor to the coach's account
    assert stored.created_on == timezone.localdate()  # the day only


def test_a_member_added_twice_is_there_once(world: World) -> None:
    client = english(world)
    url = reverse("projects:member_add", args=[world.project.pk])
    data = {"display_name": "Kerstin", "role": "relative", "profession": "", "form_key": "m" * 32}
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert Member.objects.filter(project=world.project, display_name="Kerstin").count() == 1
    assert "This member was added already." in response.content.decode()


def test_a_post_without_a_key_is_served_as_before(world: World) -> None:
    client = english(world)
    url = reverse("projects:member_add", args=[world.project.pk])
    for name, key in (("Bertil", ""), ("Gunnel", "not a key!")):
        data = {"display_name": name, "role": "relative", "profession": "", "form_key": key}
        assert client.post(url, data).status_code == 302
    assert (
        Member.objects.filter(project=world.project, display_name__in=["Bertil", "Gunnel"]).count()
        == 2
    )
    assert not FormKey.objects.exists()


def test_housekeeping_forgets_keys_after_two_days(world: World) -> None:
    today = timezone.localdate()
    for age in (0, 2, 3):
        FormKey.objects.create(
            user=world.coach,
            key=f"key-{age}-" + "x" * 20,
            kind="project",
            object_id=1,
            created_on=today - dt.timedelta(days=age),
        )
    assert housekeep()["form_keys"] == 1
    assert sorted(FormKey.objects.values_list("created_on", flat=True)) == [
        today - dt.timedelta(days=2),
        today,
    ]


def test_preparing_a_workshop_twice_prepares_one(world: World) -> None:
    client = english(world)
    page = client.get(reverse("workshops:new", args=[world.cycle.pk])).content.decode()
    data = {"anonymous": "1", "form_key": key_on(page)}
    url = reverse("workshops:new", args=[world.cycle.pk])
    first, again = client.post(url, data), client.post(url, data)
    assert first["Location"] == again["Location"]
    assert Workshop.objects.count() == 1
