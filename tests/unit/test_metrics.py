"""The metrics of DESIGN.md §4 against hand-computed values.

Scenario (one cycle), 4 present: 1 person + 1 relative (care receivers, CR), 2 professionals (P).

factors  1 resources  barrier  CR      links  resources–discourses   CR
         2 resources  enabler  CR             discourses–resources   P
         3 discourses barrier  CR             resources–resources    P   (within one dimension)
         4 discourses barrier  P
         5 resources  enabler  P       actions  A1 factors {1, 4} owners {CR, P} proposed by P
         6 discourses enabler  P                A2 factors {5}    owners {P}     proposed by CR
         7 resources  barrier  undisclosed      A3 factors {7}    owners {P}     proposed by P
                                                A4 factors {}     owners {CR}    undisclosed
previous cycle: 4 actions, 3 done at review.

contributions  CR: 3 factors + 1 link + 1 action = 5;  P: 3 + 2 + 2 = 7;  undisclosed: 1 + 1 = 2
voice share    CR 5/12, P 7/12;  presence share 2/4 = 0.5 each;  ratio CR 10/12, P 14/12
uptake         A1 only (factor 1 is CR's; factor 7 is undisclosed, so A3 does not count) = 1/4
ownership      A1, A4 = 2/4
balance        resources 2/(2+2) = 0.5; discourses 1/(2+1) = 1/3; contexts no factors → None
coverage       2;  interaction (resources, discourses) 2, others 0;  within-dimension 1
follow-through 3/4
"""

from __future__ import annotations

import pytest

from powertriangle.triangle.metrics import (
    ActionFacts,
    CycleFacts,
    FactorFacts,
    LinkFacts,
    anonymous_group,
    combine,
    coverage,
    cycle_metrics,
    dimension_balance,
    dimension_counts,
    follow_through,
    interaction_coverage,
    ownership,
    undisclosed_count,
    uptake,
    voice,
    within_dimension_links,
)
from powertriangle.triangle.model import DIMENSION_PAIRS, Dimension, Polarity, RoleGroup

CR, P, U = RoleGroup.CARE_RECEIVERS, RoleGroup.PROFESSIONALS, RoleGroup.UNDISCLOSED
R, D, C = Dimension.RESOURCES, Dimension.DISCOURSES, Dimension.CONTEXTS
BAR, ENA = Polarity.BARRIER, Polarity.ENABLER

SCENARIO = CycleFacts(
    present=(CR, CR, P, P),
    factors=(
        FactorFacts(1, R, BAR, CR),
        FactorFacts(2, R, ENA, CR),
        FactorFacts(3, D, BAR, CR),
        FactorFacts(4, D, BAR, P),
        FactorFacts(5, R, ENA, P),
        FactorFacts(6, D, ENA, P),
        FactorFacts(7, R, BAR, U),
    ),
    links=(LinkFacts(R, D, CR), LinkFacts(D, R, P), LinkFacts(R, R, P)),
    actions=(
        ActionFacts(frozenset({1, 4}), frozenset({CR, P}), P),
        ActionFacts(frozenset({5}), frozenset({P}), CR),
        ActionFacts(frozenset({7}), frozenset({P}), P),
        ActionFacts(frozenset(), frozenset({CR}), U),
    ),
    previous_actions=4,
    previous_done_at_review=3,
)

# A second cycle: 3 present (1 CR, 2 P); factor 8 contexts enabler by CR; a contexts–resources
# link by CR; one action on factor 8, owned and proposed by CR; previous cycle 2 actions, 0 done.
SECOND = CycleFacts(
    present=(CR, P, P),
    factors=(FactorFacts(8, C, ENA, CR),),
    links=(LinkFacts(C, R, CR),),
    actions=(ActionFacts(frozenset({8}), frozenset({CR}), CR),),
    previous_actions=2,
    previous_done_at_review=0,
)

EMPTY = CycleFacts(present=(), factors=(), links=(), actions=())


def test_voice_of_the_scenario() -> None:
    figures = voice(SCENARIO)
    assert set(figures) == {CR, P}
    assert figures[CR].contributions == 5
    assert figures[CR].voice_share == pytest.approx(5 / 12)
    assert figures[CR].presence_share == pytest.approx(0.5)
    assert figures[CR].voice_ratio == pytest.approx(10 / 12)
    assert figures[P].contributions == 7
    assert figures[P].voice_share == pytest.approx(7 / 12)
    assert figures[P].presence_share == pytest.approx(0.5)
    assert figures[P].voice_ratio == pytest.approx(14 / 12)
    assert undisclosed_count(SCENARIO) == 2


def test_voice_heard_in_proportion() -> None:
    # 2 CR + 2 P present, 3 factors each → voice 0.5, presence 0.5, ratio 1.0
    facts = CycleFacts(
        present=(CR, CR, P, P),
        factors=tuple(FactorFacts(i, R, BAR, CR if i < 3 else P) for i in range(6)),
        links=(),
        actions=(),
    )
    cr = voice(facts)[CR]
    assert cr.voice_share == pytest.approx(0.5)
    assert cr.presence_share == pytest.approx(0.5)
    assert cr.voice_ratio == pytest.approx(1.0)


def test_voice_without_contributions_or_presence() -> None:
    only_present = CycleFacts(present=(CR, P, P, P), factors=(), links=(), actions=())
    cr = voice(only_present)[CR]
    assert cr.voice_share is None
    assert cr.presence_share == pytest.approx(0.25)
    assert cr.voice_ratio is None
    # care receivers heard (e.g. through a supporter) but none present: ratio has no meaning
    absent = CycleFacts(present=(P,), factors=(FactorFacts(1, R, BAR, CR),), links=(), actions=())
    cr = voice(absent)[CR]
    assert cr.voice_share == pytest.approx(1.0)
    assert cr.presence_share == pytest.approx(0.0)
    assert cr.voice_ratio is None
    # only undisclosed contributions: nothing attributed
    hidden = CycleFacts(present=(P,), factors=(FactorFacts(1, R, BAR, U),), links=(), actions=())
    assert voice(hidden)[P].voice_share is None
    assert undisclosed_count(hidden) == 1


def test_empty_cycle() -> None:
    m = cycle_metrics(EMPTY)
    for group in (CR, P):
        assert m.voice[group].contributions == 0
        assert m.voice[group].voice_share is None
        assert m.voice[group].presence_share is None
        assert m.voice[group].voice_ratio is None
    assert m.undisclosed == 0
    assert m.uptake is None
    assert m.ownership is None
    assert m.dimension_balance == {R: None, D: None, C: None}
    assert m.dimension_counts == {d: {BAR: 0, ENA: 0} for d in (R, D, C)}
    assert m.coverage == 0
    assert m.interaction_coverage == dict.fromkeys(DIMENSION_PAIRS, 0)
    assert m.within_dimension_links == 0
    assert m.follow_through is None


def test_k_rule() -> None:
    assert anonymous_group(CR, (CR, CR, P, P, P)) is U
    assert anonymous_group(CR, (CR, CR, CR, P)) is CR
    assert anonymous_group(P, (CR, CR, P, P, P)) is P
    assert anonymous_group(P, (CR, CR, P, P, P), k=4) is U
    assert anonymous_group(CR, (CR,), k=1) is CR
    assert anonymous_group(CR, (), k=1) is U
    assert anonymous_group(U, (CR, CR, CR)) is U
    with pytest.raises(ValueError, match="k"):
        anonymous_group(CR, (CR, CR, CR), k=0)


def test_uptake_and_ownership() -> None:
    assert uptake(SCENARIO) == pytest.approx(1 / 4)
    assert ownership(SCENARIO) == pytest.approx(2 / 4)
    assert uptake(EMPTY) is None
    assert ownership(EMPTY) is None
    # an action may name a factor id this cycle does not hold: it is simply not a CR factor
    stray = CycleFacts(
        present=(),
        factors=(FactorFacts(1, R, BAR, CR),),
        links=(),
        actions=(ActionFacts(frozenset({99}), frozenset(), P),),
    )
    assert uptake(stray) == pytest.approx(0.0)
    assert ownership(stray) == pytest.approx(0.0)


def test_dimension_balance_and_coverage() -> None:
    assert dimension_counts(SCENARIO) == {
        R: {BAR: 2, ENA: 2},
        D: {BAR: 2, ENA: 1},
        C: {BAR: 0, ENA: 0},
    }
    balance = dimension_balance(SCENARIO)
    assert balance[R] == pytest.approx(0.5)
    assert balance[D] == pytest.approx(1 / 3)
    assert balance[C] is None
    assert coverage(SCENARIO) == 2


def test_interaction_coverage() -> None:
    assert interaction_coverage(SCENARIO) == {(R, D): 2, (D, C): 0, (C, R): 0}
    assert within_dimension_links(SCENARIO) == 1
    every = CycleFacts(
        present=(),
        factors=(),
        links=(
            LinkFacts(D, C, P),
            LinkFacts(C, D, P),
            LinkFacts(R, C, CR),
            LinkFacts(C, C, U),
            LinkFacts(D, D, P),
        ),
        actions=(),
    )
    assert interaction_coverage(every) == {(R, D): 0, (D, C): 2, (C, R): 1}
    assert within_dimension_links(every) == 2


def test_follow_through() -> None:
    assert follow_through(SCENARIO) == pytest.approx(0.75)
    assert follow_through(SECOND) == pytest.approx(0.0)
    assert follow_through(EMPTY) is None


def test_invalid_facts() -> None:
    with pytest.raises(ValueError, match="present"):
        CycleFacts(present=(U,), factors=(), links=(), actions=())
    with pytest.raises(ValueError, match="previous_done_at_review"):
        CycleFacts((), (), (), (), previous_actions=1, previous_done_at_review=2)
    with pytest.raises(ValueError, match="unique"):
        CycleFacts(
            present=(),
            factors=(FactorFacts(1, R, BAR, CR), FactorFacts(1, D, BAR, P)),
            links=(),
            actions=(),
        )


def test_cycle_metrics_bundles_everything() -> None:
    m = cycle_metrics(SCENARIO)
    assert m.voice == voice(SCENARIO)
    assert m.undisclosed == 2
    assert m.uptake == pytest.approx(0.25)
    assert m.ownership == pytest.approx(0.5)
    assert m.dimension_balance == dimension_balance(SCENARIO)
    assert m.coverage == 2
    assert m.interaction_coverage == {(R, D): 2, (D, C): 0, (C, R): 0}
    assert m.within_dimension_links == 1
    assert m.follow_through == pytest.approx(0.75)


def test_combine_two_cycles() -> None:
    """present 4 + 3 = 7 (CR 3, P 4); contributions CR 5 + 3 = 8, P 7, undisclosed 2;
    voice share CR 8/15, presence 3/7, ratio 56/45; uptake 2/5; ownership 3/5;
    contexts balance 1/1; coverage 3; contexts–resources 1; follow-through (3 + 0)/(4 + 2)."""
    both = combine([SCENARIO, SECOND])
    assert len(both.present) == 7
    assert [f.id for f in both.factors] == [1, 2, 3, 4, 5, 6, 7, 8]
    m = cycle_metrics(both)
    assert m.voice[CR].contributions == 8
    assert m.voice[CR].voice_share == pytest.approx(8 / 15)
    assert m.voice[CR].presence_share == pytest.approx(3 / 7)
    assert m.voice[CR].voice_ratio == pytest.approx(56 / 45)
    assert m.voice[P].voice_share == pytest.approx(7 / 15)
    assert m.voice[P].voice_ratio == pytest.approx((7 / 15) / (4 / 7))
    assert m.undisclosed == 2
    assert m.uptake == pytest.approx(2 / 5)
    assert m.ownership == pytest.approx(3 / 5)
    assert m.dimension_balance[C] == pytest.approx(1.0)
    assert m.coverage == 3
    assert m.interaction_coverage == {(R, D): 2, (D, C): 0, (C, R): 1}
    assert m.follow_through == pytest.approx(0.5)


def test_combine_edge_cases() -> None:
    assert combine([]) == EMPTY
    assert combine([SCENARIO]) == SCENARIO
    assert combine(iter([EMPTY, SECOND])) == SECOND
    with pytest.raises(ValueError, match=r"unique.*\[1\]"):
        combine([SCENARIO, SECOND, CycleFacts((), (FactorFacts(1, C, ENA, P),), (), ())])
