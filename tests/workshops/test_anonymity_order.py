"""Anonymity beyond names: 200 anonymous items from 20 phones cannot be attributed by the order
of their ids, by the log, or by when they reached the screens.

- ids: random (core.ids), so the order of ids says nothing of the order of posts;
- arrival: items are held and released in batches, in a shuffled order inside each batch, in
  one transaction (cycles.services.release), so which item came first, or when, says nothing;
- log: no line names a phone's address or its posts (core.logs).
"""

from __future__ import annotations

import logging
import random
import secrets
from itertools import pairwise

import pytest
from django.test import Client
from django.urls import reverse

from powertriangle.cycles.models import Factor
from powertriangle.live.models import LiveEvent
from powertriangle.workshops.models import Workshop
from tests.conftest import World
from tests.history import release
from tests.workshops.conftest import join

PHONES = 20
EACH = 10
BATCHES = 10  # 20 posts between two releases
ADDRESS = "10.77."


def spearman(xs: list[int], ys: list[int]) -> float:
    """Rank correlation of two orders of the same items (1: the same order, 0: unrelated)."""
    n = len(xs)
    rank_x = {v: r for r, v in enumerate(sorted(xs))}
    rank_y = {v: r for r, v in enumerate(sorted(ys))}
    d2 = sum((rank_x[x] - rank_y[y]) ** 2 for x, y in zip(xs, ys, strict=True))
    return 1 - 6 * d2 / (n * (n * n - 1))


@pytest.mark.django_db
def test_two_hundred_anonymous_items_are_attributable_by_neither_id_log_nor_arrival(
    world: World, anonymous_workshop: Workshop, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    phones: list[Client] = []
    for i in range(PHONES):
        client = Client(REMOTE_ADDR=f"{ADDRESS}{i}.9", HTTP_ACCEPT_LANGUAGE="en")
        phones.append(join(anonymous_workshop, client, role=("relative", "professional")[i % 2]))
    schedule = [i for i in range(PHONES) for _ in range(EACH)]
    random.Random(7).shuffle(schedule)
    made: list[str] = []  # texts, in the order they were posted
    url = reverse("workshops:factor_add", args=[anonymous_workshop.pk])
    start = LiveEvent.objects.filter(cycle=world.cycle).count()
    for n, phone in enumerate(schedule):
        text = f"Thought number {n:03d}"
        response = phones[phone].post(
            url,
            {
                "dimension": "resources",
                "polarity": "barrier",
                "text": text,
                "submission": secrets.token_urlsafe(16),
            },
        )
        assert response.status_code == 303
        made.append(text)
        if (n + 1) % (len(schedule) // BATCHES) == 0:
            # Nothing of this batch is visible, nor announced, before its release.
            assert LiveEvent.objects.filter(cycle=world.cycle).count() == start
            assert Factor.objects.count() == n + 1 - len(schedule) // BATCHES
            release()
            start = LiveEvent.objects.filter(cycle=world.cycle).count()
    assert Factor.objects.count() == PHONES * EACH
    posted = {text: n for n, text in enumerate(made)}

    # By id: the posting order of the items sorted by id is unrelated to the posting order.
    by_id = [posted[t] for t in Factor.objects.order_by("id").values_list("text", flat=True)]
    assert abs(spearman(list(range(len(by_id))), by_id)) < 0.25  # sd ≈ 0.07 at n = 200
    rises = sum(1 for a, b in pairwise(by_id) if b > a)
    assert 60 <= rises <= 140  # sequential ids: 199

    # By arrival: each batch is announced in one run of sequence numbers, shuffled inside it;
    # over the ten batches the arrival order within a batch does not follow the posting order.
    events = list(
        LiveEvent.objects.filter(cycle=world.cycle, kind="factor.created").order_by("seq")
    )
    assert len(events) == PHONES * EACH
    arrival = [posted[str(e.data["text"])] for e in events]
    size = len(schedule) // BATCHES
    within: list[int] = []
    for b in range(BATCHES):
        batch = arrival[b * size : (b + 1) * size]
        assert sorted(batch) == list(range(b * size, (b + 1) * size))  # the batch's own posts
        seqs = [e.seq for e in events[b * size : (b + 1) * size]]
        assert seqs == list(range(seqs[0], seqs[0] + size))  # together, nothing in between
        within.extend(p - b * size for p in batch)
    positions = [n % size for n in range(len(within))]
    assert abs(spearman_by_batch(positions, within, size)) < 0.25
    assert all(e.created_at.hour == e.created_at.minute == 0 for e in events)

    # By log: no line has a phone's address, a participant's path or a post's text.
    lines = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert ADDRESS not in lines
    assert f"/w/{anonymous_workshop.pk}/" not in lines
    assert "Thought number" not in lines


def spearman_by_batch(positions: list[int], arrivals: list[int], size: int) -> float:
    """The mean of the rank correlations of each batch (posting rank vs arrival rank)."""
    values = [
        spearman(positions[i : i + size], arrivals[i : i + size])
        for i in range(0, len(positions), size)
    ]
    return sum(values) / len(values)


def test_the_staff_access_log_has_no_address_and_no_participant_line(
    world: World, workshop: Workshop, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="powertriangle.access")
    phone = join(workshop, Client(REMOTE_ADDR="10.55.0.1"), role="relative", name="Kim")
    phone.get(reverse("workshops:phone", args=[workshop.pk]))
    phone.get("/w/999999/")  # a 404 on a participant path: not even Django's warning
    world.client_for(world.coach).get(
        reverse("projects:detail", args=[world.project.pk]), REMOTE_ADDR="10.55.0.2"
    )
    lines = [f"{r.name} {r.getMessage()}" for r in caplog.records]
    assert any(f"GET /projects/{world.project.pk}/ 200" in line for line in lines)
    assert not any("10.55." in line for line in lines)
    assert not any("/w/" in line or "/join" in line for line in lines)
