"""What is public about a workshop's events, and how the screens of an anonymous workshop see
every event (cycles.payloads says what is public about each item of a cycle)."""

from __future__ import annotations

from powertriangle.cycles.payloads import Payload, hidden_voice


def without_names(kind: str, data: object) -> object:
    """An event as the screens of an open anonymous workshop see it: no name at all, of earlier
    named items either (they read as anonymous, without a role group), and no action owners.
    (A live `View`: one function object, so the hub encodes it once per event.)"""
    if not isinstance(data, dict):
        return data
    changed = dict(data)
    if "speaker" in changed and not changed.get("anonymous"):
        changed.update(hidden_voice())
    if "owners" in changed:
        changed["owners"] = []
    return changed


def workshop_payload(*, workshop_id: int, stage: str, is_open: bool) -> Payload:
    """workshop.opened / workshop.closed."""
    return {"workshop_id": workshop_id, "stage": stage, "open": is_open}


def timer_payload(*, workshop_id: int, seconds_left: int | None, running: bool) -> Payload:
    """workshop.timer: the time left, not a clock time."""
    return {"workshop_id": workshop_id, "seconds_left": seconds_left, "running": running}


def joined_payload(*, workshop_id: int, groups: dict[str, int]) -> Payload:
    """participant.joined: the counts by role group, never who joined."""
    return {
        "workshop_id": workshop_id,
        "present": sum(groups.values()),
        "groups": dict(sorted(groups.items())),
    }
