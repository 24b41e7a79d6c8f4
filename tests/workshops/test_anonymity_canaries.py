"""Anonymity canaries: 500+ anonymous contributions from phones whose names, ids and addresses
are unique strings, then every output is searched for them: pages and partials (phone,
presenter, the coach's cycle page, the project page), live messages (the event log and the
server-sent frames), exports (the document and the API) and log lines. None may appear.

The stand-in member of an anonymous participant (no name, not active) is in no list of members;
only the ids of those present in the API's cycle include it. It is never tied to a contribution,
so its id is searched everywhere but there.
"""

from __future__ import annotations

import json
import logging
import re
import secrets

import pytest
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from powertriangle.accounts.tokens import token_issue
from powertriangle.cycles.models import Action, Cycle, Factor, Link
from powertriangle.cycles.services.cycles import cycle_advance
from powertriangle.exchange.services import project_export
from powertriangle.live.models import LiveEvent
from powertriangle.live.store import replay
from powertriangle.projects.models import Member
from powertriangle.workshops.models import Participant, Workshop
from tests.conftest import PASSWORD, World
from tests.history import release
from tests.workshops.conftest import key_of
from tests.workshops.phone_client import FRAGMENT

PARTICIPANTS = 25
FACTORS_EACH = 20  # 500 factors, plus a link and an action from everyone
MEMBER_BASE = 7_340_001_000
PARTICIPANT_BASE = 8_450_002_000
NAME = "CANARY-NAME-"
ADDRESS = "10.99."
DIMENSIONS = ("resources", "discourses", "contexts")


def _start_ids_at(model: type[Model], pk: int, **fields: object) -> None:
    """Make the table's next ids follow `pk` (SQLite AUTOINCREMENT and PostgreSQL sequences)."""
    row = model._default_manager.create(pk=pk, **fields)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
    row.delete()


def _advance(world: World) -> None:
    cycle_advance(by=world.coach, cycle=Cycle.objects.get(pk=world.cycle.pk))


@pytest.mark.django_db
def test_no_name_id_or_address_of_an_anonymous_participant_appears_anywhere(
    world: World, anonymous_workshop: Workshop, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    workshop = anonymous_workshop
    _start_ids_at(Member, MEMBER_BASE, project=world.project, display_name="x", role="relative")
    _start_ids_at(
        Participant, PARTICIPANT_BASE, workshop=workshop, member=world.esther, secret_hash="x"
    )
    outputs: list[str] = []

    def keep(response: object) -> None:
        content = getattr(response, "content", b"")
        outputs.append(content.decode())

    phones: list[Client] = []
    for i in range(PARTICIPANTS):
        client = Client(REMOTE_ADDR=f"{ADDRESS}{i}.{i + 7}", HTTP_ACCEPT_LANGUAGE="en")
        keep(client.post(reverse("workshops:join_code"), {"code": workshop.code}))
        role = ("person_in_need_of_care", "relative", "professional", "supporter")[i % 4]
        client.get(reverse("workshops:join_token", args=[workshop.join_token]))
        response = client.post(
            reverse("workshops:join_submit", args=[workshop.pk]),
            {"token": workshop.join_token, "role": role, "display_name": f"{NAME}{i:04d}"},
        )
        assert response.status_code == 303
        phones.append(client)
    participants = list(Participant.objects.filter(workshop=workshop))
    assert len(participants) == PARTICIPANTS
    assert all(p.pk > PARTICIPANT_BASE and p.member_id > MEMBER_BASE for p in participants)
    factor_url = reverse("workshops:factor_add", args=[workshop.pk])
    for i, client in enumerate(phones):
        for n in range(FACTORS_EACH):
            response = client.post(
                factor_url,
                {
                    "dimension": DIMENSIONS[n % 3],
                    "polarity": ("barrier", "enabler")[(i + n) % 2],
                    "text": f"Anonymous thought {i}-{n}",
                    "submission": secrets.token_urlsafe(16),
                },
                # Most as plain form posts (303), some as workshop.js does (the panel back).
                headers=FRAGMENT if n % 10 == 0 else {},
            )
            assert response.status_code in (200, 303)
            keep(response)
    assert not Factor.objects.exists()  # held: nothing is shown before its batch
    release()
    factors = list(Factor.objects.filter(cycle=world.cycle).order_by("id"))
    assert len(factors) == PARTICIPANTS * FACTORS_EACH

    _advance(world)
    for i, client in enumerate(phones):
        panel = client.get(reverse("workshops:phone", args=[workshop.pk]), headers=FRAGMENT)
        keep(panel)
        response = client.post(
            reverse("workshops:link_add", args=[workshop.pk]),
            {
                "factor_a": factors[2 * i].pk,
                "factor_b": factors[2 * i + 1].pk,
                "note": f"They feed each other {i}",
                "submission": key_of(panel.content.decode()),
            },
            headers=FRAGMENT,
        )
        assert response.status_code == 200, response.content.decode()
        keep(response)
    _advance(world)  # releases the links, with the stage they were made in
    for i, client in enumerate(phones):
        panel = client.get(reverse("workshops:phone", args=[workshop.pk]), headers=FRAGMENT)
        keep(panel)
        response = client.post(
            reverse("workshops:action_add", args=[workshop.pk]),
            {
                "kind": "handle_barrier",
                "title": f"Try something {i}",
                "owners": [world.coach_member.pk],
                "submission": key_of(panel.content.decode()),
            },
            headers=FRAGMENT,
        )
        assert response.status_code == 200, response.content.decode()
        keep(response)
        keep(
            client.post(
                reverse("workshops:vote_add", args=[workshop.pk]),
                {"factor": factors[i].pk, "submission": secrets.token_urlsafe(16)},
                headers=FRAGMENT,
            )
        )
        if i % 5 == 0:  # the whole page and board (500 items each) from some of the phones
            release()
            keep(client.get(reverse("workshops:phone_board", args=[workshop.pk])))
            keep(client.get(reverse("workshops:phone", args=[workshop.pk])))
    release()

    # The contributions: anonymous, no author, only the day.
    assert Link.objects.filter(anonymous=True, author__isnull=True).count() == PARTICIPANTS
    assert Action.objects.filter(anonymous=True, author__isnull=True).count() == PARTICIPANTS
    for factor in Factor.objects.filter(cycle=world.cycle):
        assert factor.anonymous
        assert factor.author_id is None
        assert factor.on_behalf_of_id is None
        created = factor.created_at
        assert (created.hour, created.minute, created.second, created.microsecond) == (0, 0, 0, 0)

    # Pages and partials of the coach, the presenter and the project.
    coach = world.client_for(world.coach)
    for name in ("present", "manage"):
        keep(coach.get(reverse(f"workshops:{name}", args=[workshop.pk])))
    for part in ("stage", "triangle", "board", "timer"):
        keep(coach.get(reverse("workshops:present_part", args=[workshop.pk, part])))
    keep(coach.get(reverse("cycles:detail", args=[world.cycle.pk])))
    keep(coach.get(reverse("cycles:triangle_svg", args=[world.cycle.pk])))
    project_page = coach.get(reverse("projects:detail", args=[world.project.pk])).content.decode()
    # Live messages: the stored log, and the frames a (re)connecting screen is sent.
    for event in LiveEvent.objects.filter(cycle=world.cycle):
        outputs.append(json.dumps(event.data) + " " + event.created_at.isoformat())
    frames = b"".join(e.frame() for e in replay(world.cycle.pk, 0).events).decode()
    assert frames.count("event: factor.created") == PARTICIPANTS * FACTORS_EACH
    outputs.append(frames)
    # Exports: the document, and the API.
    outputs.append(json.dumps(project_export(by=world.coach, project=world.project)))
    token = token_issue(username="alice", password=PASSWORD)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for path in (
        f"/api/v1/projects/{world.project.pk}/export",
        f"/api/v1/cycles/{world.cycle.pk}/factors",
        f"/api/v1/cycles/{world.cycle.pk}/links",
        f"/api/v1/cycles/{world.cycle.pk}/actions",
        f"/api/v1/cycles/{world.cycle.pk}/metrics",
    ):
        response = api.get(path)
        assert response.status_code == 200, path
        keep(response)
    cycle_api = api.get(f"/api/v1/cycles/{world.cycle.pk}").json()
    assert cycle_api["present_member_ids"]  # a list of who is present, like the member list
    del cycle_api["present_member_ids"]
    outputs.append(json.dumps(cycle_api))
    logs = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)

    everything = "\n".join([*outputs, project_page, logs])
    assert len(outputs) > 150
    assert NAME not in everything
    assert ADDRESS not in everything
    participant_ids = re.compile(rf"\b{PARTICIPANT_BASE // 1000}\d{{3}}\b")
    assert not participant_ids.search(everything)
    member_ids = re.compile(rf"\b{MEMBER_BASE // 1000}\d{{3}}\b")
    assert re.search(r'<section id="members".*?</section>', project_page, re.S)
    searched = "\n".join([*outputs, project_page, logs])
    found = member_ids.search(searched)
    assert found is None, searched[found.start() - 300 : found.end() + 100]
    # The stand-ins carry no name at all.
    stand_ins = Member.objects.filter(pk__in=[p.member_id for p in participants])
    assert not stand_ins.filter(display_name__startswith=NAME).exists()
    assert not stand_ins.filter(active=True).exists()
    assert stand_ins.filter(stand_in=True).count() == PARTICIPANTS
