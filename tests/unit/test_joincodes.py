"""Join codes: the Damm check digit tells typos from guesses, and the bound on guessing."""

from __future__ import annotations

import datetime as dt
import random

from powertriangle.core.joincodes import (
    CODE_LENGTH,
    damm_digit,
    grouped,
    guesses_within,
    hit_probability,
    is_well_formed,
    new_code,
    wait_after,
)


def test_it_knows_the_published_check_digit() -> None:
    assert damm_digit("572") == 4  # the example of Damm's algorithm
    assert is_well_formed("123456789") == (damm_digit("12345678") == 9)


def test_every_single_typo_and_neighbour_swap_is_caught() -> None:
    rng = random.Random(3)
    for _ in range(300):
        code = new_code()
        assert len(code) == CODE_LENGTH
        assert is_well_formed(code)
        for i in range(CODE_LENGTH):
            for digit in "0123456789":
                if digit != code[i]:
                    assert not is_well_formed(code[:i] + digit + code[i + 1 :])
            if i < CODE_LENGTH - 1 and code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                assert not is_well_formed(swapped)
        assert not is_well_formed(code[: rng.randrange(CODE_LENGTH)])


def test_waits_double_after_three_free_guesses() -> None:
    assert [wait_after(n) for n in (1, 2)] == [dt.timedelta(0)] * 2
    assert [wait_after(n).total_seconds() / 60 for n in (3, 4, 5, 6)] == [5, 10, 20, 40]


def test_the_bound_the_readme_states() -> None:
    # Hand-computed: guesses at 0, 0, 0, 5, 15, 35, 75, 155, 315 and 635 minutes: ten.
    assert guesses_within(dt.timedelta(hours=12)) == 10
    chance = hit_probability(addresses=100, open_codes=1000, period=dt.timedelta(hours=12))
    assert 0.0099 < chance <= 0.01
    assert grouped("123456789") == "123 456 789"
