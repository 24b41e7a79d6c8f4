"""The request mix and the open-loop load: requests are scheduled at fixed times (`rate` per
second) whatever the server does, and each one's latency runs from its scheduled time, so a slow
answer delays nobody's clock (no coordinated omission)."""

from __future__ import annotations

import asyncio
import math
import random
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench._pages.http import TIMEOUT, Answer, Pool, Visitor

DIMENSIONS = ("resources", "contexts", "discourses")
POLARITIES = ("barrier", "enabler")
PARTS = ("board", "triangle", "stage")


@dataclass(frozen=True)
class Kind:
    name: str
    weight: int
    post: bool
    expected: frozenset[int] = frozenset({200})


# Pages a coach and a phone ask for during a workshop, htmx partials, and the form posts (in
# percent). Factor posts are few: every one makes the cycle's pages longer for the rest of the run.
KINDS = (
    Kind("project_list", 7, False),
    Kind("project", 8, False),
    Kind("cycle", 15, False),  # the cycle's workspace: the heaviest page
    Kind("triangle_svg", 8, False),
    Kind("present_part", 7, False),  # the presenter's htmx parts (board, triangle, stage)
    Kind("phone", 11, False),
    Kind("phone_board", 14, False),  # the phone's board partial, fetched after live events
    Kind("phone_step", 6, False),  # the phone's htmx panel for one step of adding a factor
    Kind("factor_post", 3, True),  # the cycle page's "add a factor" (htmx, CSRF)
    Kind("vote_post", 9, True),  # cast a dot, then take it back
    Kind("status_post", 8, True),  # an earlier action's status, followed up (with its version)
    Kind("phone_factor_post", 4, True),
)


@dataclass
class Slot:
    """Something changed in turns (a member's vote, an action's status): one change at a time,
    so the next knows the state and version the last one left."""

    data: list[Any]
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    turn: int = 0


class Mix:
    def __init__(self, pool: Pool, coach: Visitor, phone: Visitor, seed: dict[str, Any]):
        self.pool, self.seed = pool, seed
        self.visitors = {False: coach, True: phone}  # by `phone`
        self.votes = [Slot(s) for s in seed["vote_slots"]]
        self.reviews = [Slot(r) for r in seed["reviews"]]
        self.calls: dict[str, Callable[[int], Awaitable[Answer]]] = {
            k.name: getattr(self, k.name) for k in KINDS
        }

    def get(self, path: str, *, phone: bool = False, htmx: bool = False) -> Awaitable[Answer]:
        return self.pool.request("GET", path, self.visitors[phone], htmx=htmx)

    def post(self, path: str, form: dict[str, str], *, phone: bool = False) -> Awaitable[Answer]:
        return self.pool.request("POST", path, self.visitors[phone], form=form, htmx=True)

    def project_list(self, i: int) -> Awaitable[Answer]:
        return self.get("/projects/")

    def project(self, i: int) -> Awaitable[Answer]:
        return self.get(f"/projects/{self.seed['project']}/")

    def cycle(self, i: int) -> Awaitable[Answer]:
        return self.get(f"/cycles/{self.seed['cycle']}/")

    def triangle_svg(self, i: int) -> Awaitable[Answer]:
        return self.get(f"/cycles/{self.seed['cycle']}/triangle.svg")

    def present_part(self, i: int) -> Awaitable[Answer]:
        part = PARTS[i % len(PARTS)]
        return self.get(f"/workshops/{self.seed['workshop']}/present/{part}", htmx=True)

    def phone(self, i: int) -> Awaitable[Answer]:
        return self.get(f"/w/{self.seed['workshop']}/", phone=True)

    def phone_board(self, i: int) -> Awaitable[Answer]:
        return self.get(f"/w/{self.seed['workshop']}/board", phone=True, htmx=True)

    def phone_step(self, i: int) -> Awaitable[Answer]:
        query = f"dimension={DIMENSIONS[i % 3]}&polarity={POLARITIES[i % 2]}"
        return self.get(f"/w/{self.seed['workshop']}/?{query}", phone=True, htmx=True)

    def factor_post(self, i: int) -> Awaitable[Answer]:
        form = {
            "dimension": DIMENSIONS[i % 3],
            "polarity": POLARITIES[i % 2],
            "text": f"Bench factor {i} from the cycle page",
            "author": str(self.seed["author"]),
            "level": "",
        }
        return self.post(f"/cycles/{self.seed['cycle']}/factors/add", form)

    def phone_factor_post(self, i: int) -> Awaitable[Answer]:
        form = {
            "dimension": DIMENSIONS[i % 3],
            "polarity": POLARITIES[i % 2],
            "text": f"Bench factor {i} from a phone",
            "submission": secrets.token_urlsafe(16),
        }
        return self.post(f"/w/{self.seed['workshop']}/factor", form, phone=True)

    async def vote_post(self, i: int) -> Answer:
        slot = self.votes[i % len(self.votes)]
        async with slot.lock:
            member, factor = slot.data
            verb = "cast" if slot.turn % 2 == 0 else "remove"
            form = {"member": str(member), "factor": str(factor)}
            answer = await self.post(f"/cycles/{self.seed['cycle']}/votes/{verb}", form)
            if answer.status == 200:
                slot.turn += 1
            return answer

    async def status_post(self, i: int) -> Answer:
        slot = self.reviews[i % len(self.reviews)]
        async with slot.lock:
            review, version, status, note = slot.data
            new = "doing" if status != "doing" else "done"
            form = {"status": new, "note": note, "version": str(version)}
            answer = await self.post(f"/cycles/{self.seed['cycle']}/reviews/{review}", form)
            if answer.status == 200:
                slot.data = [review, version + 1, new, note]
            return answer


@dataclass
class Result:
    kind: str
    ms: float
    status: int  # 0: no answer (connection error or timeout)
    ok: bool
    error: str = ""


def schedule(rate: float, seconds: float, seed: int) -> list[str]:
    """The kinds of the run's requests, in order: weighted, shuffled reproducibly."""
    count = round(rate * seconds)
    chooser = random.Random(seed)
    names = [k.name for k in KINDS]
    weights = [k.weight for k in KINDS]
    return chooser.choices(names, weights=weights, k=count)


async def run(mix: Mix, kinds: list[str], rate: float) -> tuple[list[Result], float]:
    """Send `kinds` open-loop at `rate`; the results and the largest lateness of a start (ms)."""
    expected = {k.name: k.expected for k in KINDS}
    results: list[Result] = []
    late = 0.0

    async def one(index: int, kind: str, due: float) -> None:
        try:
            left = due + TIMEOUT - time.monotonic()
            answer = await asyncio.wait_for(mix.calls[kind](index), max(left, 0.001))
        except Exception as exc:
            results.append(Result(kind, (time.monotonic() - due) * 1000, 0, False, repr(exc)))
            return
        ms = (time.monotonic() - due) * 1000
        ok = answer.status in expected[kind]
        error = "" if ok else answer.body[:200].decode("utf-8", "replace")
        results.append(Result(kind, ms, answer.status, ok, error))

    tasks = []
    start = time.monotonic() + 0.1
    for index, kind in enumerate(kinds):
        due = start + index / rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            late = max(late, -delay * 1000)
        tasks.append(asyncio.create_task(one(index, kind, due)))
    await asyncio.gather(*tasks)
    return results, late


def percentile(values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q % of the values at or below it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * q / 100) - 1)]
