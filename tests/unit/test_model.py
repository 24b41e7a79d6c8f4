"""The rules of the model (triangle.model, triangle.voice, the voice-ratio band), pure: no
database, no Django beyond the choices that must mirror the vocabulary."""

from __future__ import annotations

import random
import statistics
from enum import StrEnum

import pytest
from django.db import models

from powertriangle.core import choices
from powertriangle.triangle import model
from powertriangle.triangle.metrics import PROPORTION_BAND, Heard, heard
from powertriangle.triangle.model import (
    CYCLE_STAGES,
    ActionKind,
    ContributionKind,
    Dimension,
    Polarity,
    Role,
    RoleGroup,
    Stage,
    TransitionError,
    action_fits_factors,
    dimension_pair,
    link_shown,
    may_contribute,
    next_stage,
    role_group,
)
from powertriangle.triangle.voice import (
    VoiceProblem,
    groups_disclosable,
    may_speak_for_others,
    shuffle_key,
    voice_problem,
)

MIRRORS: list[tuple[type[StrEnum], type[models.TextChoices]]] = [
    (model.Dimension, choices.DimensionChoice),
    (model.Polarity, choices.PolarityChoice),
    (model.Level, choices.LevelChoice),
    (model.Stage, choices.StageChoice),
    (model.Role, choices.RoleChoice),
    (model.RoleGroup, choices.RoleGroupChoice),
    (model.ActionKind, choices.ActionKindChoice),
    (model.ActionStatus, choices.ActionStatusChoice),
]


@pytest.mark.parametrize(("words", "stored"), MIRRORS, ids=lambda c: c.__name__)
def test_it_stores_exactly_the_model_s_vocabulary(
    words: type[StrEnum], stored: type[models.TextChoices]
) -> None:
    assert [(m.name, m.value) for m in words] == [(m.name, m.value) for m in stored]


def test_it_moves_a_cycle_forward_one_step_at_a_time_and_never_past_closed() -> None:
    walked = [Stage.REACTION]
    while walked[-1] != Stage.CLOSED:
        walked.append(next_stage(walked[-1]))
    assert walked == [*CYCLE_STAGES, Stage.CLOSED]
    with pytest.raises(TransitionError):
        next_stage(Stage.CLOSED)


def test_it_lets_each_stage_take_its_own_work_and_what_came_before() -> None:
    allowed = {s: {k for k in ContributionKind if may_contribute(s, k)} for s in Stage}
    assert allowed[Stage.REACTION] == {ContributionKind.FACTOR}
    assert allowed[Stage.INTERACTION] == {
        ContributionKind.FACTOR,
        ContributionKind.LINK,
        ContributionKind.VOTE,
    }
    assert allowed[Stage.ACTION] == set(ContributionKind)
    assert allowed[Stage.CLOSED] == set()


def test_it_counts_persons_and_relatives_as_care_receivers_and_everyone_else_as_professionals() -> (
    None
):
    groups = {r: role_group(r) for r in Role}
    assert {r for r, g in groups.items() if g == RoleGroup.CARE_RECEIVERS} == {
        Role.PERSON_IN_NEED_OF_CARE,
        Role.RELATIVE,
    }
    assert RoleGroup.UNDISCLOSED not in groups.values()


def test_it_names_each_pair_of_dimensions_once_whatever_the_order() -> None:
    pairs = {dimension_pair(a, b) for a in Dimension for b in Dimension if a != b}
    assert pairs == set(model.DIMENSION_PAIRS)
    assert all(dimension_pair(d, d) is None for d in Dimension)
    assert dimension_pair(Dimension.CONTEXTS, Dimension.RESOURCES) == dimension_pair(
        Dimension.RESOURCES, Dimension.CONTEXTS
    )


def test_it_wants_an_action_to_match_one_of_its_factors() -> None:
    assert action_fits_factors(ActionKind.HANDLE_BARRIER, set())
    assert action_fits_factors(ActionKind.HANDLE_BARRIER, {Polarity.BARRIER, Polarity.ENABLER})
    assert not action_fits_factors(ActionKind.HANDLE_BARRIER, {Polarity.ENABLER})
    assert not action_fits_factors(ActionKind.REINFORCE_ENABLER, {Polarity.BARRIER})


def test_it_shows_a_link_only_while_it_and_both_its_factors_are_shown() -> None:
    flags = [(a, b, c) for a in (False, True) for b in (False, True) for c in (False, True)]
    shown = [
        f for f in flags if link_shown(link_hidden=f[0], factor_a_hidden=f[1], factor_b_hidden=f[2])
    ]
    assert shown == [(False, False, False)]


def test_it_lets_only_a_supporter_speak_for_someone_and_never_anonymously() -> None:
    assert [r for r in Role if may_speak_for_others(r)] == [Role.SUPPORTER]
    assert voice_problem(anonymous=True, on_behalf=False) is None
    assert voice_problem(anonymous=True, on_behalf=True) == VoiceProblem.ANONYMOUS_ON_BEHALF
    assert (
        voice_problem(anonymous=True, on_behalf=True, speaker_role=Role.SUPPORTER)
        == VoiceProblem.ANONYMOUS_ON_BEHALF
    )
    assert (
        voice_problem(anonymous=False, on_behalf=True, speaker_role=Role.RELATIVE)
        == VoiceProblem.NOT_SUPPORTER
    )
    assert voice_problem(anonymous=False, on_behalf=True, speaker_role=Role.SUPPORTER) is None
    # Where the coach records who spoke, the role is not asked.
    assert voice_problem(anonymous=False, on_behalf=True) is None


@pytest.mark.parametrize(
    ("joined", "k", "disclosable"),
    [
        ((), 3, True),
        ((0, 0), 3, True),
        ((3, 5), 3, True),
        ((3, 0), 3, True),
        ((2, 7), 3, False),
        ((7, 1), 3, False),
        ((1, 1), 1, True),
    ],
)
def test_it_discloses_groups_only_when_no_joined_group_is_smaller_than_k(
    joined: tuple[int, ...], k: int, disclosable: bool
) -> None:
    assert groups_disclosable(joined, k) is disclosable


def test_it_reads_a_voice_ratio_within_its_band_as_heard_in_proportion() -> None:
    low, high = PROPORTION_BAND
    assert heard(low) == heard(1.0) == heard(high) == Heard.IN_PROPORTION
    assert heard(low - 0.01) == heard(0.0) == Heard.LESS
    assert heard(high + 0.01) == heard(3.0) == Heard.MORE


def test_it_shuffles_anonymous_items_stably_and_without_their_order_of_arrival() -> None:
    ids = list(range(1, 201))
    keys = [shuffle_key("salt-a", i) for i in ids]
    assert keys == [shuffle_key("salt-a", i) for i in ids]
    assert all(0 <= key < 2**32 for key in keys)
    assert len(set(keys)) == len(keys)
    assert keys != [shuffle_key("salt-b", i) for i in ids]
    # The shuffled order says nothing of the order of arrival: Spearman's rank correlation
    # between an item's id and its place averages what chance gives (about 0.06 for 200 items;
    # FNV-1a alone gave 0.26), over salts made as the workshops make theirs.
    salts = [random.Random(seed).getrandbits(64).to_bytes(8, "big").hex() for seed in range(50)]
    assert statistics.mean(abs(_rank_correlation(ids, salt)) for salt in salts) < 0.1


def _rank_correlation(ids: list[int], salt: str) -> float:
    place = {i: rank for rank, i in enumerate(sorted(ids, key=lambda i: shuffle_key(salt, i)))}
    n = len(ids)
    d2 = sum((rank - place[i]) ** 2 for rank, i in enumerate(ids))
    return 1 - 6 * d2 / (n * (n * n - 1))
