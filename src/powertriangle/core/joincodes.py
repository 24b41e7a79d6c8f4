"""Workshop join codes that tell a typo from a guess, and the bound on guessing them.

A code is 8 random digits and a Damm check digit: 9 digits, shown as "123 456 789". The Damm
algorithm finds every single wrong digit and every swap of two neighbouring digits, so a typo is
told "check the digits" at once and never counts against the address. Only a code whose check
digit is right and which opens no workshop counts as a guess; an address that has made
`FREE_GUESSES` of them waits before its next one is even looked at, a wait that doubles with
every further guess (`wait_after`). Nothing else is limited: no limit can be triggered from one
address to block another, the QR link is never limited, and a limited request is answered
without looking its code up (it says nothing about whether the code was right).

`guesses_within` and `hit_probability` state the bound that README quotes.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets

RANDOM_DIGITS = 8
CODE_LENGTH = RANDOM_DIGITS + 1
FREE_GUESSES = 3
FIRST_WAIT = dt.timedelta(minutes=5)
FORGET_AFTER = dt.timedelta(hours=24)  # an address's guesses are forgotten after a quiet day

# Damm's quasigroup of order 10 (weakly totally anti-symmetric).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_digit(digits: str) -> int:
    """The check digit of a string of digits."""
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return interim


def is_well_formed(code: str) -> bool:
    """Nine digits whose last is the Damm check digit of the others."""
    return len(code) == CODE_LENGTH and code.isdigit() and damm_digit(code) == 0


def new_code() -> str:
    body = f"{secrets.randbelow(10**RANDOM_DIGITS):0{RANDOM_DIGITS}d}"
    return body + str(damm_digit(body))


def grouped(code: str | None) -> str:
    """ "123456789" → "123 456 789": easier to read from the back of a room."""
    if not code:
        return ""
    return " ".join(code[i : i + 3] for i in range(0, len(code), 3))


def wait_after(guesses: int) -> dt.timedelta:
    """How long an address waits after its `guesses`-th wrong well-formed code."""
    if guesses < FREE_GUESSES:
        return dt.timedelta(0)
    return FIRST_WAIT * int(2 ** (guesses - FREE_GUESSES))


def guesses_within(period: dt.timedelta) -> int:
    """The most guesses one address can have looked up within `period`, going as fast as the
    waits allow (they only grow within FORGET_AFTER, which is longer than the period)."""
    assert period <= FORGET_AFTER
    elapsed = dt.timedelta(0)
    made = 0
    while elapsed <= period:
        made += 1
        elapsed += wait_after(made)
    return made


def hit_probability(*, addresses: int, open_codes: int, period: dt.timedelta) -> float:
    """The chance that guessing from `addresses` finds any of `open_codes` open workshops'
    codes within `period` (each guess a well-formed code nobody has tried)."""
    guesses = addresses * guesses_within(period)
    space = 10**RANDOM_DIGITS
    return 1 - math.exp(guesses * math.log1p(-open_codes / space))
