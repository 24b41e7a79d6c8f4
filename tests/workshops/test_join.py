"""Joining a workshop from a phone: the QR link, the code, who you are, and the cookie."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from powertriangle.core.joincodes import damm_digit, guesses_within, wait_after
from powertriangle.core.models import Backoff
from powertriangle.cycles.models import Attendance
from powertriangle.cycles.services.cycles import cycle_start
from powertriangle.live.models import LiveEvent
from powertriangle.projects.models import Member
from powertriangle.workshops.models import Participant, Workshop
from powertriangle.workshops.services import workshop_close, workshop_create, workshop_open
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
    spaced = f"{code[:3]} {code[3:6]} {code[6:]}"
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


def _well_formed(body: str) -> str:
    """A nine-digit code with the right check digit that opens nothing (a guess)."""
    return body + str(damm_digit(body))


def test_unknown_closed_and_expired_codes_get_the_same_answer(world: World) -> None:
    closed = open_workshop(world)
    closed_code = closed.code
    workshop_close(by=world.coach, workshop=closed)
    expired = open_workshop(world)
    Workshop.objects.filter(pk=expired.pk).update(opened_at=timezone.now() - dt.timedelta(hours=13))
    assert expired.code is not None
    assert closed_code is not None
    answers = set()
    for code in (_well_formed("12345678"), closed_code, expired.code):
        status, html = post_code(phone(), code)
        assert status == 422
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        answers.add(html.replace(f'value="{code}"', 'value=""'))
    assert len(answers) == 1
    assert NOT_WORKING in answers.pop()


def test_a_typo_is_told_at_once_and_never_counted(world: World, workshop: Workshop) -> None:
    code = str(workshop.code)
    typos = [code[:4] + str((int(code[4]) + 1) % 10) + code[5:], code[1] + code[0] + code[2:]]
    typos += [code[:8], code + "1", "abcdefghi", "1234"]
    for typo in typos:
        if typo == code:
            continue
        status, html = post_code(phone("10.4.4.4"), typo)
        assert status == 422
        assert "One of the digits is not right" in html
    assert not Backoff.objects.exists()


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


def test_a_room_behind_one_address_joins_with_typos_among_it(
    world: World, workshop: Workshop
) -> None:
    """40 phones behind one NAT address, 10 of them mistyping first: all join at once."""
    room, code = "10.1.2.3", str(workshop.code)
    for n in range(40):
        if n % 4 == 0:
            wrong = code[:-1] + str((int(code[-1]) + 3) % 10)
            assert post_code(phone(room), wrong)[0] == 422
        response = phone(room).post(JOIN, {"code": f"{code[:3]} {code[3:6]} {code[6:]}"})
        assert response.status_code == 303
    assert not Backoff.objects.exists()


def test_guesses_from_one_address_wait_longer_and_longer(world: World, workshop: Workshop) -> None:
    """Well-formed wrong codes: three are free, then each further one waits twice as long,
    told without the code being looked up; other addresses are never affected."""
    attacker, code = "10.66.0.1", str(workshop.code)
    guesses = [_well_formed(f"{n:08d}") for n in range(1, 40)]
    guesses = [g for g in guesses if g != code]
    looked_up = 0
    clock = timezone.now()
    for guess in guesses:
        status, html = post_code(phone(attacker), guess)
        if status == 429:
            assert "Wait" in html
            # Even the right code is not looked up while the address waits: no oracle.
            right_status, right_html = post_code(phone(attacker), code)
            assert right_status == 429
            assert "Wait" in right_html
            # Time passes: the wait is over (rows are moved back, as a clock would).
            row = Backoff.objects.get()
            Backoff.objects.filter(pk=row.pk).update(
                last_failure_at=row.last_failure_at - wait_after(row.failures)
            )
            clock = clock + wait_after(row.failures)
            status, html = post_code(phone(attacker), guess)
        assert status == 422, html
        looked_up += 1
        if clock - timezone.now() > dt.timedelta(hours=12):
            break
    # Within 12 hours: at most guesses_within(12 h) guesses looked up.
    assert looked_up <= guesses_within(dt.timedelta(hours=12)) + 1
    assert phone("10.9.9.9").post(JOIN, {"code": code}).status_code == 303
    assert Backoff.objects.count() == 1
    assert attacker not in str(list(Backoff.objects.values()))  # only a hash


def test_the_qr_link_is_never_limited(world: World, workshop: Workshop) -> None:
    attacker = "10.66.0.2"
    for n in range(6):
        post_code(phone(attacker), _well_formed(f"{n + 1:08d}"))
    assert post_code(phone(attacker), str(workshop.code))[0] == 429
    link = phone(attacker).get(reverse("workshops:join_token", args=[workshop.join_token]))
    assert link.status_code == 200


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


def test_a_name_with_its_own_brackets_reads_without_double_brackets(
    world: World, workshop: Workshop
) -> None:
    client = join(workshop, name="Karin (Esther's daughter)", role="relative")
    page = client.get(reverse("workshops:phone", args=[workshop.pk])).content.decode()
    assert "You take part as Karin (Esther&#x27;s daughter), relative" in page
    assert "))" not in page
