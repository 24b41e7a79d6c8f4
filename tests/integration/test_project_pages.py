"""The project pages through the real test client and database, with the shared personas."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from powertriangle.accounts.services import user_create
from powertriangle.cycles.services.contributions import factor_create
from powertriangle.cycles.services.cycles import cycle_advance, cycle_start
from powertriangle.projects.models import Member, Project
from powertriangle.projects.services import project_create, project_update
from tests.conftest import PASSWORD, World


def client(world: World, user: User | None) -> Client:
    c = world.client_for(user)
    c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return c


def project_data(world: World, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "organisation": world.unit.pk,
        "title": "Meals together",
        "esther_question": "What is best for Esther at mealtimes?",
        "description": "",
    }
    data.update(changes)
    return data


def edit_data(project: Project, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": project.title,
        "esther_question": project.esther_question,
        "description": project.description,
        "version": project.version,
    }
    data.update(changes)
    return data


def all_project_urls(project: Project, member: Member) -> list[str]:
    return [
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:edit", args=[project.pk]),
        reverse("projects:member_add", args=[project.pk]),
        reverse("projects:member_edit", args=[project.pk, member.pk]),
    ]


# The list


def test_it_lists_the_coachs_projects_only(world: World) -> None:
    body = client(world, world.coach).get(reverse("projects:list")).content.decode()
    assert "Safe return home" in body
    assert "What is best for Esther when she goes home from hospital?" in body
    assert "Cycle 1: Reaction" in body
    assert "Other team" not in body
    assert reverse("projects:create") in body


def test_it_lists_the_subtree_for_a_manager_without_a_new_button(world: World) -> None:
    nearby = user_create(
        username="bert", password=PASSWORD, organisation=world.municipality, role="coach"
    )
    project_create(
        by=nearby, organisation=world.municipality, title="Night care", esther_question="Q?"
    )
    body = client(world, world.manager).get(reverse("projects:list")).content.decode()
    assert "Safe return home" in body
    assert "Night care" in body
    assert "Other team" not in body
    assert reverse("projects:create") not in body
    outside = client(world, world.outside_manager).get(reverse("projects:list")).content.decode()
    assert "Other team" in outside
    assert "Safe return home" not in outside


def test_it_sends_anonymous_visitors_to_the_login(world: World) -> None:
    response = Client().get(reverse("projects:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# Creating


def test_it_creates_a_project(world: World) -> None:
    c = client(world, world.coach)
    page = c.get(reverse("projects:create"))
    assert page.status_code == 200
    assert "figurative person" in page.content.decode()
    assert world.other_unit.name not in page.content.decode()
    response = c.post(reverse("projects:create"), project_data(world))
    project = Project.objects.get(title="Meals together")
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    assert project.organisation == world.unit


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "This field cannot be empty."),
        ("x" * 10_000, "Keep it to 200 characters (this has 10000)."),
        ("Meals\x00together", "invisible control characters"),
    ],
)
def test_it_refuses_a_bad_title_and_writes_nothing(world: World, title: str, message: str) -> None:
    before = Project.objects.count()
    response = client(world, world.coach).post(
        reverse("projects:create"), project_data(world, title=title)
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    assert 'id="id_title_error"' in body
    assert 'aria-invalid="true"' in body
    assert "What is best for Esther at mealtimes?" in body  # the rest of the input is kept
    assert Project.objects.count() == before


def test_it_stores_markup_as_text_and_shows_it_escaped(world: World) -> None:
    title = "<script>alert(1)</script>"
    c = client(world, world.coach)
    c.post(reverse("projects:create"), project_data(world, title=title))
    project = Project.objects.get(title=title)
    for url in (reverse("projects:list"), reverse("projects:detail", args=[project.pk])):
        body = c.get(url).content.decode()
        assert "<script>alert(1)" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_it_refuses_an_organisation_the_coach_does_not_work_in(world: World) -> None:
    response = client(world, world.coach).post(
        reverse("projects:create"), project_data(world, organisation=str(world.other_unit.pk))
    )
    assert response.status_code == 422
    assert not Project.objects.filter(title="Meals together").exists()


def test_it_hides_the_create_page_from_a_manager(world: World) -> None:
    c = client(world, world.manager)
    assert c.get(reverse("projects:create")).status_code == 404
    assert c.post(reverse("projects:create"), project_data(world)).status_code == 404
    assert not Project.objects.filter(title="Meals together").exists()


# Detail and access


def test_it_shows_the_project_with_members_and_cycles(world: World) -> None:
    factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="resources",
        polarity="barrier",
        text="Too little time",
        author=world.nurse,
    )
    body = (
        client(world, world.coach)
        .get(reverse("projects:detail", args=[world.project.pk]))
        .content.decode()
    )
    assert "What is best for Esther when she goes home from hospital?" in body
    for text in ("Esther", "Person in need of care", "Nadia", "Nurse", "Care receivers"):
        assert text in body
    assert "Cycle 1 is open, in the stage: Reaction." in body
    assert reverse("cycles:detail", args=[world.cycle.pk]) in body
    assert '<td class="num">1</td>' in body  # one factor
    assert reverse("projects:edit", args=[world.project.pk]) in body
    assert reverse("projects:member_add", args=[world.project.pk]) in body
    assert "Start cycle" not in body  # a cycle is open


def test_it_offers_the_next_cycle_when_the_last_one_is_closed(world: World) -> None:
    cycle = world.cycle
    for _ in range(3):
        cycle = cycle_advance(by=world.coach, cycle=cycle)
    body = (
        client(world, world.coach)
        .get(reverse("projects:detail", args=[world.project.pk]))
        .content.decode()
    )
    assert "Closed" in body
    assert "Start cycle 2" in body
    assert f'action="{reverse("cycles:start", args=[world.project.pk])}"' in body
    assert reverse("cycles:detail", args=[world.cycle.pk]) in body
    manager_body = (
        client(world, world.manager)
        .get(reverse("projects:detail", args=[world.project.pk]))
        .content.decode()
    )
    assert "Start cycle" not in manager_body


def test_it_shows_managers_no_write_controls(world: World) -> None:
    body = (
        client(world, world.manager)
        .get(reverse("projects:detail", args=[world.project.pk]))
        .content.decode()
    )
    assert "Safe return home" in body
    assert "Nadia" in body
    assert reverse("projects:edit", args=[world.project.pk]) not in body
    assert reverse("projects:member_add", args=[world.project.pk]) not in body
    assert "csrfmiddlewaretoken" not in body.split("<main", 1)[1]


def test_it_counts_cycles_without_a_query_per_cycle(world: World) -> None:
    c = client(world, world.coach)
    url = reverse("projects:detail", args=[world.project.pk])
    c.get(url)  # warm the session and language
    with CaptureQueriesContext(connection) as one:
        c.get(url)
    cycle = world.cycle
    for number in range(3):
        for _ in range(3):
            cycle = cycle_advance(by=world.coach, cycle=cycle)
        cycle = cycle_start(by=world.coach, project=world.project)
        assert cycle.number == number + 2
    with CaptureQueriesContext(connection) as four:
        c.get(url)
    assert len(four) == len(one)


@pytest.mark.parametrize("who", ["outsider", "outside_manager"])
def test_it_answers_404_to_people_from_elsewhere(world: World, who: str) -> None:
    c = client(world, getattr(world, who))
    for url in all_project_urls(world.project, world.esther):
        assert c.get(url).status_code == 404, url
    for url in all_project_urls(world.project, world.esther)[1:]:
        assert c.post(url, {"title": "x", "display_name": "x"}).status_code == 404, url
    assert Project.objects.get(pk=world.project.pk).title == "Safe return home"
    assert not Member.objects.filter(display_name="x").exists()


def test_it_never_shows_anything_to_anonymous_visitors(world: World) -> None:
    c = Client()
    for url in all_project_urls(world.project, world.esther):
        for response in (c.get(url), c.post(url, {"title": "x", "display_name": "x"})):
            assert response.status_code in (302, 404), url
            assert "Safe return home" not in response.content.decode()
    assert not Member.objects.filter(display_name="x").exists()


def test_it_answers_404_for_a_member_of_another_project(world: World) -> None:
    other = Member.objects.create(
        project=world.other_project, display_name="Other", role="relative"
    )
    url = reverse("projects:member_edit", args=[world.project.pk, other.pk])
    assert client(world, world.coach).get(url).status_code == 404


def test_it_answers_404_to_a_manager_on_write_pages(world: World) -> None:
    c = client(world, world.manager)
    urls = all_project_urls(world.project, world.esther)[1:]
    for url in urls:
        assert c.get(url).status_code == 404, url
    response = c.post(urls[0], edit_data(world.project, title="Managed"))
    assert response.status_code == 404
    assert c.post(urls[1], {"display_name": "M", "role": "relative"}).status_code == 404
    assert Project.objects.get(pk=world.project.pk).title == "Safe return home"
    assert not Member.objects.filter(display_name="M").exists()


# Editing


def test_it_edits_the_project(world: World) -> None:
    c = client(world, world.coach)
    url = reverse("projects:edit", args=[world.project.pk])
    assert 'name="version"' in c.get(url).content.decode()
    response = c.post(url, edit_data(world.project, title="Safe return home, together"))
    assert response["Location"] == reverse("projects:detail", args=[world.project.pk])
    world.project.refresh_from_db()
    assert world.project.title == "Safe return home, together"
    assert world.project.version == 2


def test_it_reports_a_conflict_and_keeps_the_input(world: World) -> None:
    stale = edit_data(world.project, title="My version of the title")
    project_update(
        by=world.coach,
        project=world.project,
        version=world.project.version,
        title="Their version",
        esther_question=world.project.esther_question,
    )
    response = client(world, world.coach).post(
        reverse("projects:edit", args=[world.project.pk]), stale
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this project" in body
    assert 'value="My version of the title"' in body
    assert "Their version" in body  # what is saved now, to compare
    world.project.refresh_from_db()
    assert world.project.title == "Their version"


def test_it_shows_edit_errors_next_to_the_field(world: World) -> None:
    response = client(world, world.coach).post(
        reverse("projects:edit", args=[world.project.pk]),
        edit_data(world.project, esther_question="   "),
    )
    assert response.status_code == 422
    assert 'id="id_esther_question_error"' in response.content.decode()
    world.project.refresh_from_db()
    assert world.project.version == 1


# Members


def test_it_adds_a_member_with_htmx_and_returns_the_members_section(world: World) -> None:
    response = client(world, world.coach).post(
        reverse("projects:member_add", args=[world.project.pk]),
        {"display_name": "Gunnel", "role": "relative", "profession": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="members"')
    assert "<html" not in body
    assert "Gunnel was added to the project." in body
    assert "Gunnel" in body
    assert "Nadia" in body
    assert Member.objects.filter(project=world.project, display_name="Gunnel").exists()


def test_it_adds_a_member_without_javascript(world: World) -> None:
    c = client(world, world.coach)
    url = reverse("projects:member_add", args=[world.project.pk])
    page = c.get(url).content.decode()
    assert "take part without an account" in page
    assert "on their behalf" in page
    response = c.post(
        url, {"display_name": "Bo", "role": "professional", "profession": "Physician"}
    )
    assert response["Location"] == reverse("projects:detail", args=[world.project.pk]) + "#members"
    member = Member.objects.get(display_name="Bo")
    assert (member.role, member.profession) == ("professional", "Physician")


@pytest.mark.parametrize("htmx", [True, False])
def test_it_refuses_a_member_with_a_bad_role(world: World, htmx: bool) -> None:
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    before = Member.objects.count()
    response = client(world, world.coach).post(
        reverse("projects:member_add", args=[world.project.pk]),
        {"display_name": "Gunnel", "role": "king"},
        **extra,  # type: ignore[arg-type]
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Choose one of the roles below." in body
    assert 'id="id_role_error"' in body
    assert 'value="Gunnel"' in body
    assert Member.objects.count() == before


def test_it_edits_a_member(world: World) -> None:
    c = client(world, world.coach)
    url = reverse("projects:member_edit", args=[world.project.pk, world.nurse.pk])
    page = c.get(url).content.decode()
    assert 'value="Nadia"' in page
    response = c.post(
        url, {"display_name": "Nadia", "role": "professional", "profession": "Assistant nurse"}
    )
    assert response.status_code == 302
    world.nurse.refresh_from_db()
    assert world.nurse.profession == "Assistant nurse"
    assert world.nurse.active is False  # the box was not ticked
    bad = c.post(url, {"display_name": "", "role": "professional", "active": "on"})
    assert bad.status_code == 422
    world.nurse.refresh_from_db()
    assert world.nurse.display_name == "Nadia"


@pytest.mark.django_db
def test_the_esther_explanation_is_shown_only_where_the_question_names_esther(
    world: World,
) -> None:
    ingrid = project_create(
        by=world.coach,
        organisation=world.unit,
        title="Ingrid at home",
        esther_question="What is best for Ingrid when she comes home?",
    )
    client = world.client_for(world.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    about_ingrid = client.get(reverse("projects:detail", args=[ingrid.pk])).content.decode()
    assert "Esther stands for" not in about_ingrid
    assert "about the person the care is for" in about_ingrid
    world.project.esther_question = "What is best for Esther?"
    world.project.save()
    about_esther = client.get(reverse("projects:detail", args=[world.project.pk])).content.decode()
    assert "Esther stands for" in about_esther
