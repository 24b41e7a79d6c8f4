"""How much hostile input the suite sends. By default a sample that keeps every kind of value in
play: fields take turns over the corpus (between two neighbouring fields of a form or operation
the whole corpus is sent) and hypothesis draws half as many examples. `--hostile-full` (CI's
PostgreSQL run) sends all of it to every field."""

from __future__ import annotations

import os
from typing import TypeVar

FULL_ENV = "POWERTRIANGLE_HOSTILE_FULL"

V = TypeVar("V")


def full() -> bool:
    return os.environ.get(FULL_ENV) == "1"


def examples(n: int) -> int:
    """Hypothesis examples per field: `n` with --hostile-full, otherwise half (at least 2)."""
    return n if full() else max(n // 2, 2)


def share(corpus: dict[str, V], turn: int) -> dict[str, V]:
    """What the `turn`-th field gets: the whole corpus with --hostile-full, otherwise every
    other entry, starting where the previous field stopped."""
    if full():
        return corpus
    return {k: v for i, (k, v) in enumerate(corpus.items()) if (i + turn) % 2 == 0}
