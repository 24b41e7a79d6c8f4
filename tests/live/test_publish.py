"""publish(): numbered events in the cycle's log, stored with the write, only when it commits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from powertriangle.cycles.models import Factor
from powertriangle.cycles.services.contributions import factor_create, factor_set_hidden
from powertriangle.live.models import LiveEvent, LiveStream
from powertriangle.live.publish import publish
from powertriangle.live.store import replay
from tests.conftest import World


def test_it_numbers_events_1_2_3_in_the_cycles_log(world: World) -> None:
    before = LiveEvent.objects.filter(cycle=world.cycle).count()  # attendance in the fixture
    seqs = []
    for n in range(3):
        with transaction.atomic():
            seqs.append(publish(cycle_id=world.cycle.pk, kind="workshop.timer", data={"n": n}))
    assert seqs == [before + 1, before + 2, before + 3]
    rows = list(LiveEvent.objects.filter(cycle=world.cycle, seq__gt=before).order_by("seq"))
    assert [(r.seq, r.kind, r.data) for r in rows] == [
        (before + 1, "workshop.timer", {"n": 0}),
        (before + 2, "workshop.timer", {"n": 1}),
        (before + 3, "workshop.timer", {"n": 2}),
    ]
    assert LiveStream.objects.get(cycle=world.cycle).seq == before + 3


def test_it_keeps_nothing_of_a_rolled_back_transaction(world: World) -> None:
    head = LiveStream.objects.get(cycle=world.cycle).seq

    def failing_service() -> None:
        with transaction.atomic():
            publish(cycle_id=world.cycle.pk, kind="workshop.timer", data={})
            raise RuntimeError("the service failed after publishing")

    with pytest.raises(RuntimeError):
        failing_service()
    assert LiveStream.objects.get(cycle=world.cycle).seq == head
    assert not LiveEvent.objects.filter(cycle=world.cycle, seq__gt=head).exists()
    with transaction.atomic():
        assert publish(cycle_id=world.cycle.pk, kind="workshop.timer", data={}) == head + 1


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_publish_outside_a_transaction_or_an_unknown_kind() -> None:
    with pytest.raises(TransactionManagementError):
        publish(cycle_id=1, kind="workshop.timer", data={})
    with pytest.raises(ValueError, match="kind"), transaction.atomic():
        publish(cycle_id=1, kind="factor.deleted", data={})


def test_each_cycle_has_its_own_numbers(world: World) -> None:
    from powertriangle.cycles.services.cycles import cycle_start

    other = cycle_start(by=world.outsider, project=world.other_project)
    with transaction.atomic():
        assert publish(cycle_id=other.pk, kind="workshop.timer", data={}) == 1


def test_a_hidden_factor_leaves_the_log_and_a_shown_one_comes_back(world: World) -> None:
    factor = factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="resources",
        polarity="barrier",
        text="Something rude",
        author=world.nurse,
    )
    factor_set_hidden(by=world.coach, factor=factor, hidden=True)
    log = list(LiveEvent.objects.filter(cycle=world.cycle).order_by("seq"))
    assert "Something rude" not in str([e.data for e in log])
    assert [e.kind for e in log][-2:] == ["factor.created", "factor.hidden"]
    assert log[-1].data["hidden"] is True
    factor_set_hidden(by=world.coach, factor=Factor.objects.get(pk=factor.pk), hidden=False)
    shown = LiveEvent.objects.filter(cycle=world.cycle).order_by("seq").last()
    assert shown is not None
    assert (shown.kind, shown.data["text"]) == ("factor.shown", "Something rude")


def test_events_about_anonymous_items_keep_only_the_day(world: World) -> None:
    factor_create(
        by=world.coach,
        cycle=world.cycle,
        dimension="contexts",
        polarity="enabler",
        text="Said without a name",
        author=world.nurse,
        anonymous=True,
    )
    event = LiveEvent.objects.filter(cycle=world.cycle, kind="factor.created").get()
    assert (event.created_at.hour, event.created_at.minute, event.created_at.second) == (0, 0, 0)


def test_replay_gives_what_was_missed_or_a_reset(world: World) -> None:
    head = LiveStream.objects.get(cycle=world.cycle).seq
    for _ in range(3):
        with transaction.atomic():
            publish(cycle_id=world.cycle.pk, kind="workshop.timer", data={})
    caught = replay(world.cycle.pk, head)
    assert [e.seq for e in caught.events] == [head + 1, head + 2, head + 3]
    assert not caught.reset
    assert replay(world.cycle.pk, None).events == []
    assert replay(world.cycle.pk, head + 99).reset  # claims more than there is


def test_the_log_can_be_pruned_and_a_screen_that_needs_pruned_events_reloads(
    world: World,
) -> None:
    from powertriangle.live.services import live_log_clear, live_log_prune

    head = LiveStream.objects.get(cycle=world.cycle).seq
    for _ in range(3):
        with transaction.atomic():
            publish(cycle_id=world.cycle.pk, kind="workshop.timer", data={})
    LiveEvent.objects.filter(cycle=world.cycle, seq=head + 1).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    assert live_log_prune() == 1
    assert replay(world.cycle.pk, head).reset  # head + 1 is gone
    assert [e.seq for e in replay(world.cycle.pk, head + 1).events] == [head + 2, head + 3]
    assert live_log_clear(cycle_ids=[world.cycle.pk]) == head + 2
    with transaction.atomic():  # numbers go on, never reused
        assert publish(cycle_id=world.cycle.pk, kind="workshop.timer", data={}) == head + 4
