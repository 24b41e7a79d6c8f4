"""Joining a workshop from a phone: the QR link, the code, who you are, and the cookie."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from powertriangle.core.models import FailureCount
from powertriangle.cycles.models import Attendance
from powertriangle.cycles.services.cycles import cycle_start
from powertriangle.live.models import LiveEvent
from powertriangle.projects.models import Member
from powertriangle.workshops.models import Participant, Workshop
from powertriangle.workshops.services import workshop_close, workshop_create, workshop_open
from powertriangle.workshops.views.join import ADDRESS_LIMIT
from tests.conftest import World
from tests.workshops.conftest import join, open_workshop, phone

JOIN = reverse("workshops:join_code")
NOT_WORKING = "This code does not work"


def post_code(client: Client, code: str) -> tuple[int, str]:
    response = client.post(JOIN, {"code": code})
    return response.status_code, response.content.decode()


def test_it_joins_by_code_and_lands_on_the_who_are_you_page(
    world: World, workshop: Workshop
) -> None:
    client = phone()
    code = str(workshop.code)
    spaced = f"{code[:4]} {code[4:]}"
    response = client.post(JOIN, {"code": spaced})
    assert response.status_code == 303
    assert response["Location"] == reverse("workshops:join_token", args=[workshop.join_token])
    page = client.get(response["Location"]).content.decode()
    assert "Esther" in page
    assert "Nadia" in page
    assert "Your name is shown with what you write." in page


def test_the_code_input_suits_a_phone(db: None) -> None:
    html = phone().get(JOIN).content.decode()
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="one-time-code"' in html


def test_it_joins_as_a_member_from_the_list(world: World, workshop: Workshop) -> None:
    client = join(workshop, member=world.esther.pk)
    participant = Participant.objects.get(workshop=workshop)
    assert participant.member == world.esther
    page = client.get(reverse("workshops:phone", args=[workshop.pk]))
    assert page.status_code == 200
    assert "You take part as Esther" in page.content.decode()


def test_a_newcomer_becomes_a_member_and_is_present(world: World, workshop: Workshop) -> None:
    join(workshop, name="Kim", role="relative")
    member = Member.objects.get(project=world.project, display_name="Kim")
    assert member.role == "relative"
    assert member.active
    assert Attendance.objects.filter(cycle=world.cycle, member=member).exists()
    event = LiveEvent.objects.filter(kind="participant.joined").latest("seq")
    assert event.data == {
        "workshop_id": workshop.pk,
        "present": 1,
        "groups": {"care_receivers": 1},
    }


def test_a_newcomer_needs_a_name_and_a_role(world: World, workshop: Workshop) -> None:
    client = phone()
    url = reverse("workshops:join_submit", args=[workshop.pk])
    response = client.post(url, {"token": workshop.join_token, "display_name": "", "role": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose your role." in html
    assert not Participant.objects.exists()
    response = client.post(
        url, {"token": workshop.join_token, "display_name": "", "role": "relative"}
    )
    assert response.status_code == 422
    assert "This field cannot be empty." in response.content.decode()
    assert not Participant.objects.exists()


def test_in_an_anonymous_workshop_only_the_role_is_asked_and_no_name_is_kept(
    world: World, anonymous_workshop: Workshop
) -> None:
    page = phone().get(reverse("workshops:join_token", args=[anonymous_workshop.join_token]))
    html = page.content.decode()
    assert "Your name is not saved with what you write." in html
    assert 'name="member"' not in html
    assert "Nadia" not in html
    assert 'name="display_name"' not in html
    client = phone()
    response = client.post(
        reverse("workshops:join_submit", args=[anonymous_workshop.pk]),
        {"token": anonymous_workshop.join_token, "role": "relative", "display_name": "Secret Sam"},
    )
    assert response.status_code == 303
    assert not Member.objects.filter(display_name="Secret Sam").exists()
    member = Participant.objects.get().member
    assert member.role == "relative"
    assert not member.active
    refused = phone().post(
        reverse("workshops:join_submit", args=[anonymous_workshop.pk]),
        {"token": anonymous_workshop.join_token, "member": world.esther.pk},
    )
    assert refused.status_code == 422


def test_unknown_closed_and_expired_codes_get_the_same_answer(world: World) -> None:
    closed = open_workshop(world)
    closed_code = closed.code
    workshop_close(by=world.coach, workshop=closed)
    expired = open_workshop(world)
    Workshop.objects.filter(pk=expired.pk).update(opened_at=timezone.now() - dt.timedelta(hours=13))
    assert expired.code is not None
    assert closed_code is not None
    answers = set()
    for code in ("12345678", closed_code, expired.code, "1234", "abcdefgh"):
        status, html = post_code(phone(), code)
        assert status == 422
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        answers.add(html.replace(f'value="{code}"', 'value=""'))
    assert len(answers) == 1
    assert NOT_WORKING in answers.pop()


def test_a_closed_workshop_stops_its_code_and_link_at_once(
    world: World, workshop: Workshop
) -> None:
    code, token = workshop.code, workshop.join_token
    workshop_close(by=world.coach, workshop=workshop)
    assert post_code(phone(), str(code))[0] == 422
    assert phone().get(reverse("workshops:join_token", args=[token])).status_code == 404
    response = phone().post(
        reverse("workshops:join_submit", args=[workshop.pk]),
        {"token": token, "member": world.esther.pk},
    )
    assert response.status_code == 404
    assert not Participant.objects.exists()


def test_a_draft_workshop_cannot_be_joined(world: World) -> None:
    draft = workshop_create(by=world.coach, cycle=world.cycle, anonymous=False)
    assert phone().get(reverse("workshops:join_token", args=[draft.join_token])).status_code == 404


def test_failed_codes_are_limited_per_address_but_joins_are_not(
    world: World, workshop: Workshop
) -> None:
    room = "10.1.2.3"
    # A whole room behind one address joins: successes never count.
    for _ in range(50):
        assert phone(room).post(JOIN, {"code": workshop.code}).status_code == 303
    for _ in range(ADDRESS_LIMIT):
        assert post_code(phone(room), "00000000")[0] == 422
    status, html = post_code(phone(room), str(workshop.code))
    assert status == 429
    assert "Too many wrong codes" in html
    # Another address is not affected.
    assert phone("10.9.9.9").post(JOIN, {"code": workshop.code}).status_code == 303
    assert not FailureCount.objects.filter(key_hash__contains=room).exists()


def test_there_is_a_global_cap_on_failures(
    world: World, workshop: Workshop, settings: object
) -> None:
    from powertriangle.workshops.views import join as join_views

    for i in range(join_views.GLOBAL_LIMIT // ADDRESS_LIMIT):
        for _ in range(ADDRESS_LIMIT):
            post_code(phone(f"10.2.{i}.1"), "00000000")
    status, html = post_code(phone("10.3.3.3"), str(workshop.code))
    assert status == 429
    assert "wait a few minutes" in html


def test_the_cookie_is_signed_http_only_and_scoped_to_the_workshop(
    world: World, workshop: Workshop, settings: object
) -> None:
    client = phone()
    client.get(reverse("workshops:join_token", args=[workshop.join_token]))
    response = client.post(
        reverse("workshops:join_submit", args=[workshop.pk]),
        {"token": workshop.join_token, "member": world.nurse.pk},
    )
    cookie = response.cookies[f"ptw{workshop.pk}"]
    assert cookie["path"] == f"/w/{workshop.pk}/"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] == ""  # local; production sets SESSION_COOKIE_SECURE
    assert ":" in cookie.value  # signed
    tampered = phone()
    tampered.cookies[f"ptw{workshop.pk}"] = cookie.value[:-2] + "xx"
    assert tampered.get(reverse("workshops:phone", args=[workshop.pk])).status_code == 404


def test_the_cookie_is_secure_in_production(
    world: World, workshop: Workshop, settings: object
) -> None:
    settings.SESSION_COOKIE_SECURE = True  # type: ignore[attr-defined]
    client = phone()
    response = client.post(
        reverse("workshops:join_submit", args=[workshop.pk]),
        {"token": workshop.join_token, "member": world.nurse.pk},
    )
    assert response.cookies[f"ptw{workshop.pk}"]["secure"] is True


def test_a_participant_of_one_workshop_gets_404_on_another(
    world: World, workshop: Workshop
) -> None:
    client = join(workshop, member=world.esther.pk)
    other_cycle = cycle_start(by=world.outsider, project=world.other_project)
    other = workshop_open(
        by=world.outsider,
        workshop=workshop_create(by=world.outsider, cycle=other_cycle, anonymous=False),
    )
    join(other, name="Olga")  # someone else joins the other workshop
    for name in ("phone", "phone_board", "phone_events"):
        assert client.get(reverse(f"workshops:{name}", args=[other.pk])).status_code == 404
    for name in ("factor_add", "link_add", "action_add", "vote_add"):
        assert client.post(reverse(f"workshops:{name}", args=[other.pk]), {}).status_code == 404
    # Its own workshop still works, and its stream is a stream.
    own = client.get(reverse("workshops:phone_events", args=[workshop.pk]))
    assert own.status_code == 200
    assert own["Content-Type"] == "text/event-stream"
    # Never iterated (the stream would not end) and not closed: closing fires
    # request_finished, which would close the test's own database connection.


def test_a_phone_that_has_not_joined_gets_404_with_a_way_to_join(
    world: World, workshop: Workshop
) -> None:
    response = phone().get(reverse("workshops:phone", args=[workshop.pk]))
    assert response.status_code == 404
    assert reverse("workshops:join_code") in response.content.decode()


def test_a_phone_that_joined_goes_straight_back_to_its_page(
    world: World, workshop: Workshop
) -> None:
    client = join(workshop, member=world.esther.pk)
    response = client.post(
        reverse("workshops:join_submit", args=[workshop.pk]),
        {"token": workshop.join_token, "member": world.nurse.pk},
    )
    assert response.status_code == 303
    assert Participant.objects.count() == 1
