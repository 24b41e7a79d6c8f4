"""What travels: an event of a cycle's stream, its kinds, and its encodings (broker message and
server-sent event frame), each made once per event and process, never once per screen."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

KINDS = frozenset(
    {
        "factor.created",
        "factor.hidden",
        "factor.shown",
        "link.created",
        "link.hidden",
        "link.shown",
        "vote.changed",
        "action.created",
        "action.updated",
        "action.hidden",
        "action.shown",
        "review.updated",
        "cycle.advanced",
        "attendance.changed",
        "workshop.opened",
        "workshop.closed",
        "workshop.timer",
        "participant.joined",
    }
)
# Sent instead of a replay when a screen missed more than REPLAY_MAX events: the page reloads.
RESET = "reset"
REPLAY_MAX = 2000

# A `<item>.hidden` event and the earlier events that carried the item's words: publish()
# rewrites those in the log (publish.redact), and the hub forgets the frames it kept of them.
REDACTED_BY: dict[str, tuple[str, ...]] = {
    "factor.hidden": ("factor.created", "factor.shown"),
    "link.hidden": ("link.created", "link.shown"),
    "action.hidden": ("action.created", "action.updated", "action.shown"),
}


def dump(data: object) -> str:
    """Compact JSON on one line (control characters escaped, so it is safe in a `data:` line)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Event:
    """An event of a cycle's stream. `epoch` names the life of the stream's numbers: restoring
    a backup starts a new one (the numbers start again from the backup's), and a screen of an
    old epoch reloads instead of skipping the new events as already seen."""

    cycle: int
    seq: int
    kind: str
    data_json: str
    epoch: str = ""

    @classmethod
    def of(cls, cycle: int, seq: int, kind: str, data: Any, epoch: str = "") -> Event:
        return cls(cycle, seq, kind, dump(data), epoch)

    def data(self) -> Any:
        return json.loads(self.data_json)

    def message(self) -> str:
        """The broker message: {"cycle", "seq", "epoch", "kind", "data"} as JSON."""
        return (
            f'{{"cycle":{self.cycle},"seq":{self.seq},"epoch":{dump(self.epoch)},'
            f'"kind":{dump(self.kind)},"data":{self.data_json}}}'
        )

    def frame(self) -> bytes:
        return f"id: {self.seq}\nevent: {self.kind}\ndata: {self.data_json}\n\n".encode()


class View(Protocol):
    """What some screens may see of an event: its data rewritten (e.g. without names). Made
    once per event and process for all the screens with the same view, like the frame."""

    def __call__(self, kind: str, data: Any) -> Any: ...


def frame_for(event: Event, view: View | None) -> bytes:
    if view is None:
        return event.frame()
    return Event.of(event.cycle, event.seq, event.kind, view(event.kind, event.data())).frame()


@dataclass(frozen=True, slots=True)
class Notice:
    """A broker message read back: the event, or only its number ("fetch it from the log")."""

    cycle: int
    seq: int
    event: Event | None
    epoch: str = ""


def parse_message(text: str | bytes) -> Notice | None:
    """A broker message, or None when it is not one of ours (it is then ignored)."""
    try:
        raw = json.loads(text)
        cycle, seq = raw["cycle"], raw["seq"]
        if not isinstance(cycle, int) or not isinstance(seq, int) or cycle < 1 or seq < 1:
            return None
        epoch = raw.get("epoch", "")
        if not isinstance(epoch, str):
            return None
        if raw.get("fetch"):
            return Notice(cycle, seq, None, epoch)
        kind = raw["kind"]
        if not isinstance(kind, str):
            return None
        return Notice(cycle, seq, Event(cycle, seq, kind, dump(raw["data"]), epoch), epoch)
    except (ValueError, KeyError, TypeError):
        return None


def fetch_hint(cycle: int, seq: int, epoch: str = "") -> str:
    return f'{{"cycle":{cycle},"seq":{seq},"epoch":{dump(epoch)},"fetch":true}}'


def reset_frame(seq: int) -> bytes:
    return f"id: {seq}\nevent: {RESET}\ndata: {dump({'seq': seq})}\n\n".encode()


RETRY_FRAME = b"retry: 2000\n\n"
KEEP_ALIVE_FRAME = b": keep-alive\n\n"
