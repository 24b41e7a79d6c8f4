"""Who may speak, and how: the rules of a contribution's voice, pure (no Django).

- Only a supporter adds something on someone else's behalf; it then counts as that person's
  voice (`model.role_group`).
- A contribution on someone's behalf is never anonymous: the person spoken for is named, or the
  supporter could put words in an anonymous mouth.
- Anonymous items keep their role group only when at least k people share it (the k-rule): in a
  cycle, k of those present (`metrics.anonymous_group`); in a live workshop, k of those who
  joined in every group that has joined at all (`groups_disclosable`).
- Anonymous items come in an order that says nothing of who spoke when (`shuffle_key`).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from powertriangle.triangle.model import Role


class VoiceProblem(StrEnum):
    ANONYMOUS_ON_BEHALF = "anonymous_on_behalf"
    NOT_SUPPORTER = "not_supporter"


def may_speak_for_others(role: Role) -> bool:
    return role == Role.SUPPORTER


def voice_problem(
    *, anonymous: bool, on_behalf: bool, speaker_role: Role | None = None
) -> VoiceProblem | None:
    """What is wrong with this voice, if anything. `speaker_role`: of the person who adds it
    themselves (a phone); None where someone records who spoke (the coach's page)."""
    if not on_behalf:
        return None
    if anonymous:
        return VoiceProblem.ANONYMOUS_ON_BEHALF
    if speaker_role is not None and not may_speak_for_others(speaker_role):
        return VoiceProblem.NOT_SUPPORTER
    return None


def groups_disclosable(joined_per_group: Iterable[int], k: int) -> bool:
    """May a workshop's anonymous items say their role group? Only if no group that joined has
    fewer than k people (the screens show how many joined per group, so a small group's items
    would point at its few members, and "no group" at them too)."""
    return all(n == 0 or n >= k for n in joined_per_group)


def shuffle_key(salt: str, pk: int) -> int:
    """A stable pseudo-random position for an item: 32-bit FNV-1a of "salt:pk", then MurmurHash3's
    finaliser (FNV alone leaves ids that differ in their last digits close together, so its
    order followed the order of arrival: Spearman's rho 0.26 on average over 200 items).
    workshop.js computes the same number, so live items land where a reload would put them,
    and the order never tells who spoke last."""
    value = 0x811C9DC5
    for byte in f"{salt}:{pk}".encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & 0xFFFFFFFF
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & 0xFFFFFFFF
    return value ^ (value >> 16)
