"""Where a catalogue entry comes from: its origin, and the source text that says so.

Pure Python (no Django). An entry of origin `paper` or `thesis` cites places and the words quoted
from them (`Results ¶2: “lower degree of quality”`); a `counterpart` names the entries whose
opposite it is (`counterpart of res-understaffing`); a `local` entry may say anything. The catalogue
validator checks the shape here; the tests check every quotation against the texts themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Origin(StrEnum):
    PAPER = "paper"  # a passage of the paper (Ärleskog, Vackerberg & Andersson 2021)
    THESIS = "thesis"  # a passage of Vackerberg's thesis abstract (2025)
    COUNTERPART = "counterpart"  # the sources name only the other side; this is its opposite
    LOCAL = "local"  # an organisation's own (a workshop, a survey, experience)


CITED = (Origin.PAPER, Origin.THESIS)
COUNTERPART_PREFIX = "counterpart of "

_QUOTE = re.compile(r"“([^“”]+)”")
# One place and its quotations: `Results ¶2: “…”; “…”`.
_CITATION = re.compile(r"(?P<place>[^“”;:]+): (?P<quotes>“[^“”]+”(?:; “[^“”]+”)*)")
KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # an entry's key (catalogue.py too)


@dataclass(frozen=True)
class Citation:
    place: str  # "Results ¶2", "Thesis, Conclusions"
    phrase: str  # words quoted from that place, as written there


def citations(source: str) -> list[Citation] | None:
    """The citations in a source of origin paper or thesis; None when it is not written as
    places with quotations separated by "; "."""
    found: list[Citation] = []
    rest = source.strip()
    while rest:
        match = _CITATION.match(rest)
        if match is None:
            return None
        place = match.group("place").strip()
        found += [Citation(place, phrase.strip()) for phrase in _QUOTE.findall(match["quotes"])]
        rest = rest[match.end() :]
        if rest and not rest.startswith("; "):
            return None
        rest = rest[2:]
    return found or None


def counterpart_keys(source: str) -> list[str] | None:
    """The keys a counterpart's source names; None when it is not `counterpart of KEY, KEY`."""
    if not source.startswith(COUNTERPART_PREFIX):
        return None
    keys = [key.strip() for key in source[len(COUNTERPART_PREFIX) :].split(",")]
    return keys if keys and all(KEY.match(key) for key in keys) else None


def source_problem(origin: Origin, source: str) -> str | None:
    """Why `source` does not fit `origin`, or None when it does (keys are checked elsewhere)."""
    if origin in CITED and citations(source) is None:
        return (
            f"a source of origin {origin} cites a place and quotes it, e.g. "
            "Results ¶2: “a work situation characterized by understaffing”"
        )
    if origin == Origin.COUNTERPART and counterpart_keys(source) is None:
        return "a source of origin counterpart is 'counterpart of KEY' (keys comma separated)"
    return None


def counterpart_problems(
    source: str, side: tuple[str, str], sides: Mapping[str, tuple[str, str]]
) -> list[str]:
    """What is wrong with the keys a counterpart names: each must be a factor of the same
    dimension and the other polarity. `side` and `sides` (key → side) are (dimension, polarity)."""
    problems = []
    for key in counterpart_keys(source) or []:
        other = sides.get(key)
        if other is None:
            problems.append(f"counterpart names '{key}', which is not a factor of this catalogue")
        elif other[0] != side[0] or other[1] == side[1]:
            problems.append(
                f"counterpart names '{key}', which is not a {side[0]} factor of the other polarity"
            )
    return problems
