"""Dots in an anonymous workshop count, and the limit per person holds, but nothing ties a dot to
its voter, to their role group, or to another dot of theirs: no vote row names a member or keeps
a time of day, and the export and the API say only how many dots each factor has."""

from __future__ import annotations

import json

from django.urls import reverse

from powertriangle.cycles.models import Factor, Vote, VoteTally
from powertriangle.exchange.services import project_export
from powertriangle.projects.models import Member
from powertriangle.workshops.models import Participant, Workshop
from powertriangle.workshops.services import workshop_close
from tests.conftest import World
from tests.history import coach_factor, release
from tests.workshops.conftest import join
from tests.workshops.phone_client import advance, post, url


def _vote(client: object, workshop: Workshop, factor: Factor, key: str) -> int:
    response = post(client, "vote_add", workshop, {"factor": factor.pk, "submission": key})  # type: ignore[arg-type]
    return response.status_code


def test_anonymous_dots_count_within_the_limit_and_name_nobody(
    world: World, anonymous_workshop: Workshop
) -> None:
    a = coach_factor(world, "Staff turnover", author=world.nurse)
    b = coach_factor(world, "We decide for her", "discourses", author=world.nurse)
    advance(world)
    esther = join(anonymous_workshop, role="person_in_need_of_care")  # the only one of her role
    nurse = join(anonymous_workshop, role="professional")
    for n in range(3):
        assert (
            _vote(esther, anonymous_workshop, a if n < 2 else b, f"esther-vote-{n:02d}-key") == 200
        )
    refused = post(
        esther, "vote_add", anonymous_workshop, {"factor": a.pk, "submission": "esther-vote-03-key"}
    )
    assert refused.status_code == 422
    assert "You have used all 3 of your votes in this cycle." in refused.content.decode()
    assert _vote(nurse, anonymous_workshop, b, "nurse-vote-00-key00") == 200
    # Held, then released together, shuffled (cycles.services.release).
    assert Vote.objects.count() == 0
    assert Vote.everything.count() == 4
    release()

    # Counted: three and one, by factor.
    assert Vote.objects.filter(factor=a).count() == 2
    assert Vote.objects.filter(factor=b).count() == 2
    # Never attributable: no voter, no time of day, ids in no order.
    for vote in Vote.objects.all():
        assert vote.member_id is None
        moment = vote.created_at
        assert (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)
    # Joining keeps only the day too.
    for participant in Participant.objects.filter(workshop=anonymous_workshop):
        assert participant.joined_at.hour == participant.joined_at.minute == 0
        assert participant.member.created_at.hour == participant.member.created_at.minute == 0

    # The export: dots by factor, no member, sorted by factor (never in the order cast).
    document = project_export(by=world.coach, project=world.project)
    votes = document["cycles"][0]["votes"]
    assert [v["member"] for v in votes] == [None] * 4
    refs = [v["factor"] for v in votes]
    assert refs == sorted(refs, key=lambda ref: int(ref[1:]))
    stand_ins = [m["ref"] for m in document["members"] if m["stand_in"]]
    assert stand_ins
    assert not any(ref in json.dumps(votes) for ref in stand_ins)
    # The phone says how many dots are left, from the tally only.
    board = esther.get(url("phone_board", anonymous_workshop)).content.decode()
    assert "You have 0 votes left." in board
    assert (
        "You have 2 votes left."
        in nurse.get(url("phone_board", anonymous_workshop)).content.decode()
    )


def test_closing_the_workshop_forgets_the_tallies(
    world: World, anonymous_workshop: Workshop
) -> None:
    a = coach_factor(world, "Staff turnover", author=world.nurse)
    advance(world)
    esther = join(anonymous_workshop, role="person_in_need_of_care")
    assert _vote(esther, anonymous_workshop, a, "esther-vote-key-00") == 200
    assert VoteTally.objects.count() == 1
    workshop_close(by=world.coach, workshop=anonymous_workshop)
    assert VoteTally.objects.count() == 0
    assert Vote.objects.filter(factor=a).count() == 1


def test_named_dots_keep_their_voter(world: World, workshop: Workshop) -> None:
    a = coach_factor(world, "Staff turnover", author=world.nurse)
    advance(world)
    client = join(workshop, member=world.esther.pk)
    assert _vote(client, workshop, a, "esther-named-vote-01") == 200
    assert Vote.objects.get().member == Member.objects.get(pk=world.esther.pk)
    assert reverse("workshops:vote_add", args=[workshop.pk])
