"""What a live event may say: the services emit the right kinds, and nothing in them names the
author of an anonymous item."""

from __future__ import annotations

import json

from powertriangle.cycles.models import Action, ActionReview, Factor
from powertriangle.cycles.services.actions import (
    action_update_status,
    review_update,
)
from powertriangle.cycles.services.contributions import (
    factor_set_hidden,
    vote_cast,
    vote_remove,
)
from powertriangle.cycles.services.cycles import attendance_set, cycle_advance, cycle_start
from powertriangle.live.models import LiveEvent
from powertriangle.projects.models import Member
from tests.conftest import World
from tests.history import coach_action, coach_factor, coach_link

CANARY_NAME = "Zebulon Canarybird"
CANARY_ID = 987654321


def _kinds_since(world: World, seq: int) -> list[str]:
    return list(
        LiveEvent.objects.filter(cycle=world.cycle, seq__gt=seq)
        .order_by("seq")
        .values_list("kind", flat=True)
    )


def _head(world: World) -> int:
    last = LiveEvent.objects.filter(cycle=world.cycle).order_by("seq").last()
    return last.seq if last else 0


def test_the_services_of_a_whole_cycle_emit_their_kinds(world: World) -> None:
    coach, cycle = world.coach, world.cycle
    start = _head(world)
    attendance_set(by=coach, cycle=cycle, members=[world.esther, world.nurse])
    barrier = coach_factor(world, "No time", author=world.nurse)
    enabler = coach_factor(
        world,
        "Good neighbours",
        "contexts",
        "enabler",
        author=world.supporter,
        on_behalf_of=world.esther,
    )
    factor_set_hidden(by=coach, factor=enabler, hidden=True)
    factor_set_hidden(by=coach, factor=Factor.objects.get(pk=enabler.pk), hidden=False)
    cycle = cycle_advance(by=coach, cycle=cycle)
    coach_link(world, cycle, barrier, enabler, "They meet", author=world.relative)
    cycle = cycle_advance(by=coach, cycle=cycle)
    vote_cast(by=coach, cycle=cycle, factor=barrier, member=world.esther)
    vote_cast(by=coach, cycle=cycle, factor=barrier, member=world.nurse)
    vote_remove(by=coach, cycle=cycle, factor=barrier, member=world.nurse)
    action = coach_action(
        world, cycle, "Plan the visits", factors=[barrier], owners=[world.nurse], author=world.nurse
    )
    action_update_status(by=coach, action=action, status="doing", version=action.version)
    assert _kinds_since(world, start) == [
        "attendance.changed",
        "factor.created",
        "factor.created",
        "factor.hidden",
        "factor.shown",
        "cycle.advanced",
        "link.created",
        "cycle.advanced",
        "vote.changed",
        "vote.changed",
        "vote.changed",
        "action.created",
        "action.updated",
    ]
    events = list(LiveEvent.objects.filter(cycle=cycle, seq__gt=start).order_by("seq"))
    assert events[0].data == {"present": 2, "groups": {"care_receivers": 1, "professionals": 1}}
    assert events[2].data["text"] == ""  # redacted in the log when it was hidden
    supported = events[4].data  # shown again: the whole factor
    assert (supported["speaker"], supported["supported"]) == ("Esther", True)
    # Who said it, in the words of every screen (cycles.parts.voices), in both languages.
    assert supported["label"] == {"sv": "Esther (med stöd)", "en": "Esther (with support)"}
    assert "Sara" not in json.dumps([e.data for e in events])  # the supporter stays unnamed
    assert [e.data["votes"] for e in events[8:11]] == [1, 2, 1]
    assert events[5].data["stage"] == "interaction"
    assert events[12].data["status"] == "doing"

    # The review of this action is published on the next cycle's stream.
    cycle = cycle_advance(by=coach, cycle=cycle)
    following = cycle_start(by=coach, project=world.project)
    review = ActionReview.objects.get(cycle=following, action=action)
    review_update(by=coach, review=review, status="done", note="Went well", version=review.version)
    event = LiveEvent.objects.filter(cycle=following).order_by("seq").last()
    assert event is not None
    assert (event.kind, event.data["status"], event.data["note"]) == (
        "review.updated",
        "done",
        "Went well",
    )


def test_no_live_event_names_the_author_of_an_anonymous_item(world: World) -> None:
    coach, cycle = world.coach, world.cycle
    canary = Member.objects.create(
        pk=CANARY_ID, project=world.project, display_name=CANARY_NAME, role="professional"
    )
    # Enough professionals present that the k-rule keeps the role group.
    colleagues = [
        Member.objects.create(
            project=world.project, display_name=f"Colleague {n}", role="professional"
        )
        for n in range(3)
    ]
    attendance_set(by=coach, cycle=cycle, members=[canary, world.nurse, *colleagues])
    start = _head(world)
    first = coach_factor(world, "Too few staff", author=canary, anonymous=True)
    second = coach_factor(
        world, "We listen", "discourses", "enabler", author=canary, anonymous=True
    )
    factor_set_hidden(by=coach, factor=second, hidden=True)
    factor_set_hidden(by=coach, factor=Factor.objects.get(pk=second.pk), hidden=False)
    cycle = cycle_advance(by=coach, cycle=cycle)
    coach_link(world, cycle, first, second, "Staff shape talk", author=canary, anonymous=True)
    cycle = cycle_advance(by=coach, cycle=cycle)
    action = coach_action(
        world,
        cycle,
        "Ask for more staff",
        factors=[first],
        owners=[world.nurse],
        author=canary,
        anonymous=True,
    )
    action_update_status(
        by=coach, action=Action.objects.get(pk=action.pk), status="doing", version=1
    )
    events = list(LiveEvent.objects.filter(cycle=cycle, seq__gt=start).order_by("seq"))
    assert len(events) == 9
    text = json.dumps([{"kind": e.kind, "data": e.data} for e in events], ensure_ascii=False)
    assert CANARY_NAME not in text
    assert str(CANARY_ID) not in text
    for event in events:
        assert not {"author", "author_id", "member", "member_id", "created_at"} & set(event.data)
        if "speaker" in event.data:
            assert event.data["speaker"] is None
            assert event.data["supported"] is False
    # The k-rule kept the group: four professionals were present.
    created = next(e for e in events if e.kind == "factor.created" and e.data["id"] == first.pk)
    assert created.data["role_group"] == "professionals"
    # Stored at the day only.
    assert all(
        e.created_at.hour == e.created_at.minute == 0 for e in events if e.data.get("anonymous")
    )
