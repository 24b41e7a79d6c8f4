"""Every form the app renders, every field, every nasty string and generated text: no server
error, no unescaped output, and each value either saved or refused with a message next to the
field and nothing written. Classic posts and htmx partial posts take turns."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.corpus import FORM_TEXT, MARKUP, SHORT_TEXT
from tests.hostile.forms import Control, Discovery, FormSpec, discover
from tests.hostile.judge import FormJudge
from tests.hostile.scene import Scene
from tests.hostile.sizes import share
from tests.hostile.strategies import CHOICE_FIELD_SETTINGS, TEXT_FIELD_SETTINGS, form_value

# Forms that must be found: if one disappears, discovery broke (or the page lost its form).
EXPECTED_FORMS = {
    "accounts:login",
    "accounts:password_change",
    "accounts:delete",
    "core:set_language",
    "projects:create",
    "projects:edit",
    "projects:member_add",
    "projects:member_edit",
    "projects:member_erase",
    "projects:archive",
    "cycles:start",
    "cycles:advance",
    "cycles:attendance",
    "cycles:factor_create",
    "cycles:factor_hidden",
    "cycles:link_create",
    "cycles:link_hidden",
    "cycles:vote_cast",
    "cycles:vote_remove",
    "cycles:action_create",
    "cycles:action_status",
    "cycles:action_hidden",
    "cycles:review_update",
    "workshops:join_code",
    "workshops:join_submit",
    "workshops:new",
    "workshops:anonymity",
    "workshops:open",
    "workshops:close",
    "workshops:timer",
    "workshops:advance",
    "workshops:factor_hidden",
    "workshops:factor_add",
    "workshops:link_add",
    "workshops:action_add",
    "workshops:vote_add",
}


def clients_of(scene: Scene) -> dict[str, Client]:
    # A form several personas see is fuzzed as the first of them that sees it.
    return {
        "visitor": Client(),
        "participant": scene.participant,
        "coach": scene.world.client_for(scene.world.coach),
    }


def _discover(scene: Scene) -> tuple[Discovery, FormJudge]:
    clients = clients_of(scene)
    return discover(scene, clients), FormJudge(clients)


def _fields(discovery: Discovery) -> list[tuple[FormSpec, Control]]:
    return [(spec, control) for spec in discovery.forms for control in spec.fields()]


def _report(judge: FormJudge, what: str) -> str:
    dump = os.environ.get("HOSTILE_DUMP")
    if dump:  # every problem (and what was ignored), for a person reading a long failure
        Path(dump).write_text("\n".join(judge.problems + judge.ignored), encoding="utf-8")
    lines = [
        f"{what}: {sum(judge.outcomes.values())} posts, {len(judge.values_tried)} distinct "
        f"values, {len(judge.fields_covered)} fields; outcomes {dict(judge.outcomes)}",
        *judge.problems[:60],
    ]
    if len(judge.problems) > 60:
        lines.append(f"… and {len(judge.problems) - 60} more")
    return "\n".join(lines)


def test_it_finds_every_form_and_fills_each_in_validly(scene: Scene) -> None:
    discovery, judge = _discover(scene)
    found = {spec.url_name for spec in discovery.forms}
    assert found >= EXPECTED_FORMS, f"forms not found: {sorted(EXPECTED_FORMS - found)}"
    refused = []
    for spec in discovery.forms:
        outcome, problems = judge.baseline(spec)
        if outcome != "accepted" or problems:
            refused.append(f"{spec.url_name} on {spec.page}: {outcome} {problems}")
    # "Others valid" must be true, or a refused hostile value would prove nothing.
    assert not refused, "\n".join(refused)
    assert not discovery.unfilled, f"routes the scene cannot fill in: {discovery.unfilled}"
    print(
        f"\nforms discovered: {len(discovery.forms)} on {len(discovery.pages)} pages; "
        f"fields: {len(_fields(discovery))}"
    )


def test_every_field_takes_the_corpus(scene: Scene) -> None:
    """Text boxes get every nasty string; other controls (choices, ids, hidden fields) the
    short corpus. Each also left out, and sent twice."""
    discovery, judge = _discover(scene)
    for turn, (spec, control) in enumerate(_fields(discovery)):
        corpus = share(FORM_TEXT if control.is_text else SHORT_TEXT, turn)
        for i, (label, value) in enumerate(corpus.items()):
            # htmx and classic posts take turns, so both answers meet every kind of value;
            # choices are mostly refused, and an htmx refusal is the cheaper answer.
            htmx = spec.htmx and i % (2 if control.is_text else 4) != 1
            judge.try_value(spec, control.name, [value], htmx=htmx, label=label)
        valid = list(spec.valid(control)[:1]) or [""]
        judge.try_value(spec, control.name, None, htmx=spec.htmx, label="left out")
        judge.try_value(
            spec, control.name, [*valid, MARKUP["script"]], htmx=False, label="sent twice"
        )
    slowest = sorted(judge.seconds.items(), key=lambda kv: -kv[1])[:8]
    print("\n" + _report(judge, "form fields × corpus"))
    print("slowest forms (s):", {k: round(v, 1) for k, v in slowest})
    assert not judge.problems, _report(judge, "form fields × corpus")


def _generated_case(judge: FormJudge, spec: FormSpec, control: Control) -> Callable[[], None]:
    """A hypothesis test for one field: generated text in, no problem out."""

    @(TEXT_FIELD_SETTINGS if control.is_text else CHOICE_FIELD_SETTINGS)
    @given(value=form_value(control.is_text), htmx=st.booleans())
    def case(value: str, htmx: bool) -> None:
        problems = judge.try_value(
            spec,
            control.name,
            [value],
            htmx=htmx and spec.htmx,
            label=f"generated {sum(judge.outcomes.values())}",
            record=False,
        )
        assert not problems, problems

    return case


def test_every_field_takes_generated_text(scene: Scene) -> None:
    discovery, judge = _discover(scene)
    failures: list[str] = []
    for spec, control in _fields(discovery):
        try:
            _generated_case(judge, spec, control)()
        except AssertionError as error:  # shrunk by hypothesis to a small example
            failures.append(f"{spec.url_name} {control.name}: {error}")
    print(
        f"\ngenerated values: {sum(judge.outcomes.values())} posts into "
        f"{len(judge.fields_covered)} fields; outcomes {dict(judge.outcomes)}"
    )
    assert not failures, "\n".join(failures)
