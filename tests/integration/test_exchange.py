"""Export and import of whole projects: the same document after a round trip, and located
errors with nothing written for a broken document."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from powertriangle.catalogue.services import catalogue_default
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor, Link, Vote
from powertriangle.cycles.selectors import metrics_for_cycle
from powertriangle.cycles.services.actions import (
    action_create,
    action_set_hidden,
    action_update_status,
    review_update,
)
from powertriangle.cycles.services.contributions import (
    factor_create,
    factor_set_hidden,
    link_create,
    link_set_hidden,
    vote_cast,
)
from powertriangle.cycles.services.cycles import cycle_advance, cycle_start
from powertriangle.exchange.services import project_export, project_import
from powertriangle.projects.models import Member, Project
from powertriangle.projects.services import member_update
from tests.conftest import World

Document = dict[str, Any]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are compared in English; the installation's default language is Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def rich(world: World) -> World:
    """The world's project after a full cycle and the start of a second, with every kind of item:
    supported, anonymous and hidden contributions, a catalogue factor, links, votes, actions with
    due dates, a review, and a member who has left."""
    coach, cycle = world.coach, world.cycle
    entry = catalogue_default().entries.get(key="res-no-one-to-help")
    cold = factor_create(
        by=coach,
        cycle=cycle,
        dimension="resources",
        polarity="barrier",
        level="unit",
        text="Meals arrive <cold> & late",
        author=world.esther,
    )
    asked = factor_create(
        by=coach,
        cycle=cycle,
        dimension="discourses",
        polarity="enabler",
        text="Staff ask what she likes",
        author=world.supporter,
        on_behalf_of=world.esther,
    )
    factor_create(
        by=coach,
        cycle=cycle,
        dimension="",
        polarity="",
        catalogue_entry=entry,
        author=world.relative,
    )
    secret = factor_create(
        by=coach,
        cycle=cycle,
        dimension="contexts",
        polarity="barrier",
        text="Nobody dares to say the menu is bad",
        author=world.nurse,
        anonymous=True,
    )
    rude = factor_create(
        by=coach,
        cycle=cycle,
        dimension="contexts",
        polarity="barrier",
        text="rude",
        author=world.nurse,
    )
    factor_set_hidden(by=coach, factor=rude, hidden=True)
    cycle = cycle_advance(by=coach, cycle=cycle)
    link_create(
        by=coach,
        cycle=cycle,
        factor_a=asked,
        factor_b=cold,
        note="Asking takes time",
        author=world.nurse,
    )
    haste = link_create(
        by=coach,
        cycle=cycle,
        factor_a=secret,
        factor_b=cold,
        note="Fear and haste",
        author=None,
        anonymous=True,
    )
    vote_cast(by=coach, cycle=cycle, factor=cold, member=world.relative)
    vote_cast(by=coach, cycle=cycle, factor=cold, member=world.relative)
    vote_cast(by=coach, cycle=cycle, factor=secret, member=world.esther)
    cycle = cycle_advance(by=coach, cycle=cycle)
    heat = action_create(
        by=coach,
        cycle=cycle,
        kind="handle_barrier",
        title="Heat the meal together",
        description="Every weekday",
        factors=[cold, secret],
        owners=[world.nurse, world.esther],
        due="2030-05-01",
        author=world.coach_member,
    )
    asking = action_create(
        by=coach,
        cycle=cycle,
        kind="reinforce_enabler",
        title="Keep asking",
        factors=[asked],
        owners=[world.supporter],
        author=None,
        anonymous=True,
    )
    action_update_status(by=coach, action=heat, status="done", version=heat.version)
    link_set_hidden(by=coach, link=haste, hidden=True)
    action_set_hidden(by=coach, action=asking, hidden=True)
    cycle_advance(by=coach, cycle=cycle)
    second = cycle_start(by=coach, project=world.project, votes_per_member=5)
    review = ActionReview.objects.get(cycle=second, action=heat)
    review_update(by=coach, review=review, status="done", note="Warm meals now", version=1)
    factor_create(
        by=coach,
        cycle=second,
        dimension="resources",
        polarity="enabler",
        text="A new cook",
        author=world.relative,
    )
    member_update(
        by=coach, member=world.supporter, display_name="Sara", role="supporter", active=False
    )
    return world


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_it_exports_with_local_references_and_no_authors_of_anonymous_items(rich: World) -> None:
    document = project_export(by=rich.coach, project=rich.project)
    assert (document["format"], document["version"]) == ("powertriangle.project", 1)
    assert json.loads(json.dumps(document)) == document
    assert not {"id", "pk", "project_id", "author_id", "user"} & _keys(document)
    assert [m["ref"] for m in document["members"]] == ["m1", "m2", "m3", "m4", "m5"]
    first, second = document["cycles"]
    assert [f["ref"] for f in first["factors"]] == ["f1", "f2", "f3", "f4", "f5"]
    assert [f["ref"] for f in second["factors"]] == ["f6"]
    # In time order; the anonymous factor keeps only its day, so it comes first.
    refs = {f["text"]: f for f in first["factors"]}
    assert [f["text"] for f in first["factors"]][:3] == [
        "Nobody dares to say the menu is bad",
        "Meals arrive <cold> & late",
        "Staff ask what she likes",
    ]
    asked, secret, cold = (
        refs["Staff ask what she likes"],
        refs["Nobody dares to say the menu is bad"],
        refs["Meals arrive <cold> & late"],
    )
    assert (asked["author"], asked["on_behalf_of"]) == ("m4", "m1")
    assert first["factors"][3]["catalogue_key"] == "res-no-one-to-help"
    assert refs["rude"]["hidden"] is True
    assert {link["note"]: link["hidden"] for link in first["links"]} == {
        "Fear and haste": True,
        "Asking takes time": False,
    }
    assert {action["title"]: action["hidden"] for action in first["actions"]} == {
        "Keep asking": True,
        "Heat the meal together": False,
    }
    assert first["attendance"] == ["m1", "m2", "m3", "m4", "m5"]
    # Votes by factor and member, never in the order they were cast.
    assert first["votes"] == [
        {"factor": secret["ref"], "member": "m1"},
        {"factor": cold["ref"], "member": "m2"},
        {"factor": cold["ref"], "member": "m2"},
    ]
    heat = next(a for a in first["actions"] if a["title"] == "Heat the meal together")
    assert heat["factors"] == [secret["ref"], cold["ref"]]
    assert heat["due"] == "2030-05-01"
    assert {
        "action": heat["ref"],
        "status": "done",
        "note": "Warm meals now",
        "reviewed": True,
    } in second["reviews"]
    assert [s["stage"] for s in first["stages"]] == ["reaction", "interaction", "action"]
    anonymous = [
        item
        for cycle in document["cycles"]
        for kind in ("factors", "links", "actions")
        for item in cycle[kind]
        if item["anonymous"]
    ]
    assert len(anonymous) == 3
    assert all(item["author"] is None and item["on_behalf_of"] is None for item in anonymous)
    assert first["started_at"].endswith("+00:00")


def test_it_imports_an_export_and_exports_the_same_document_again(rich: World) -> None:
    document = project_export(by=rich.coach, project=rich.project)
    sent = copy.deepcopy(document)
    imported = project_import(by=rich.outsider, organisation=rich.other_unit, document=sent)
    assert imported.pk != rich.project.pk
    assert imported.organisation == rich.other_unit
    again = project_export(by=rich.outsider, project=imported)
    assert json.dumps(again, sort_keys=True) == json.dumps(document, sort_keys=True)
    assert again == document
    # What the figures are computed from came across too.
    originals = Cycle.objects.filter(project=rich.project).order_by("number")
    copies = Cycle.objects.filter(project=imported).order_by("number")
    for original, copied in zip(originals, copies, strict=True):
        assert metrics_for_cycle(copied) == metrics_for_cycle(original)
    assert (
        Factor.objects.filter(cycle__project=imported, anonymous=True, author__isnull=False).count()
        == 0
    )


def test_it_imports_into_an_empty_database(rich: World) -> None:
    document = project_export(by=None, project=rich.project)
    organisation = rich.other_unit
    for model in (ActionReview, Vote, Link, Action, Factor, Cycle, Member, Project):
        model.objects.all().delete()
    imported = project_import(by=None, organisation=organisation, document=document)
    assert project_export(by=None, project=imported) == document


def test_it_keeps_exports_and_imports_to_those_allowed(rich: World) -> None:
    with pytest.raises(Http404):
        project_export(by=rich.outsider, project=rich.project)
    assert project_export(by=rich.manager, project=rich.project)["project"]["title"]
    document = project_export(by=rich.coach, project=rich.project)
    for user, organisation in ((rich.manager, rich.unit), (rich.outsider, rich.unit)):
        with pytest.raises(Http404):
            project_import(by=user, organisation=organisation, document=document)
    assert Project.objects.count() == 2


def test_an_import_keeps_the_invariants_of_the_services(rich: World) -> None:
    """What the services never store, an import does not store either: an anonymous item keeps
    only its day and its role group only under the k-rule; a named one counts for its speaker;
    a stand-in has no name of its own."""
    document = project_export(by=rich.coach, project=rich.project)
    first = document["cycles"][0]
    secret = next(f for f in first["factors"] if f["anonymous"])
    secret["created_at"] = "2025-03-04T15:16:17.123456+00:00"
    secret["voice_group"] = "care_receivers"  # two care receivers present: under k = 3
    named = next(f for f in first["factors"] if not f["anonymous"] and f["author"] == "m3")
    named["voice_group"] = "care_receivers"  # Nadia is a professional
    document["members"].append(
        {"ref": "m6", "display_name": "Esther", "role": "relative", "stand_in": True}
    )
    imported = project_import(by=None, organisation=rich.other_unit, document=document)
    factors = Factor.objects.filter(cycle__project=imported)
    anonymous = factors.get(text=secret["text"])
    assert anonymous.created_at.isoformat() == "2025-03-04T00:00:00+00:00"
    assert anonymous.voice_group == "undisclosed"
    assert factors.get(text=named["text"]).voice_group == "professionals"
    stand_in = Member.objects.get(project=imported, stand_in=True)
    assert (stand_in.display_name, stand_in.active) == ("Anonymous participant", False)
    assert not Member.objects.filter(project=imported, display_name="Esther", stand_in=True)


DELETE = object()

# (where to change the document, the new value, the start of the message[, where it is reported])
BROKEN: list[tuple[str, object, str] | tuple[str, object, str, str]] = [
    ("format", "other.tool", "This is not a project exported from powertriangle."),
    ("version", 2, "This installation reads version 1 of the format."),
    ("cycles.0.factors.3.dimension", "power", "Choose one of: resources, discourses, contexts."),
    ("cycles.0.factors.0.text", "  ", "This field cannot be empty."),
    ("cycles.0.factors.0.text", "x" * 501, "Keep it to 500 characters (this has 501)."),
    ("cycles.0.links.0.note", ["x"], "Enter text."),
    ("project.title", "a\x07b", "The text contains invisible control characters"),
    ("members.0.role", "king", "Choose one of: person_in_need_of_care, relative,"),
    ("members.1.ref", "m1", "This reference is used twice."),
    ("members.0.display_name", DELETE, "This field is required."),
    ("cycles.0.factors.0.colour", "red", "This field is not part of the format."),
    ("cycles.0.links.0.factor_a", "f99", "Refer to a factor of this cycle."),
    ("cycles.0.links.0.factor_a", "f6", "Refer to a factor of this cycle."),  # of cycle 2
    ("cycles.0.votes.0.member", "m99", "Refer to a member listed in members."),
    ("cycles.0.actions.0.owners", ["m1", 7], "Refer to a member", "cycles[0].actions[0].owners[1]"),
    ("cycles.1.reviews.0.action", "a99", "Refer to an action of the previous cycle."),
    ("cycles.0.stage", "action", "Only the last cycle can be open; close the others."),
    ("cycles.1.number", 1, "Cycle numbers must increase from one cycle to the next."),
    ("cycles.0.factors.0.author", "m3", "An anonymous contribution carries no author."),
    ("cycles.0.factors.1.author", None, "Name the author, or mark the contribution anonymous."),
    ("cycles.0.factors.0.created_at", "yesterday", "Enter a date and time with its time zone"),
    ("cycles.0.started_at", "2025-03-01T09:30:00", "Enter a date and time with its time zone"),
    ("cycles.0.actions.0.due", "2030-13-01", "Enter a date as YYYY-MM-DD."),
    ("cycles.0.factors.2.catalogue_key", "no-such", "The organisation's catalogue has no entry"),
    ("cycles.0.votes_per_member", 1, "This member has more votes than", "cycles[0].votes[2]"),
    ("cycles.0.votes_per_member", True, "Enter a whole number from 0 to 20."),
    ("members", {"m1": {}}, "Enter a list."),
    ("cycles.0.factors.0", "f1", "Enter an object."),
    ("cycles.0.closed_at", None, "A closed cycle needs the time it was closed."),
    ("cycles.1.closed_at", "2030-01-01T00:00:00+00:00", "Only a closed cycle has a time it"),
    ("cycles.0.closed_at", "2001-01-01T00:00:00+00:00", "A cycle cannot close before it started."),
    ("cycles.0.stages.0.ended_at", None, "Only the current stage of an open cycle has no end."),
]


def _change(document: Document, where: str, value: object) -> str:
    """Set (or delete) the value at a dotted path; return the path as problems name it."""
    *parents, last = [int(p) if p.isdigit() else p for p in where.split(".")]
    target: Any = document
    for part in parents:
        target = target[part]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return re.sub(r"\.(\d+)", r"[\1]", where)


@pytest.mark.parametrize("case", BROKEN, ids=[f"{c[0]}={str(c[1])[:12]}" for c in BROKEN])
def test_it_locates_problems_in_a_broken_document_and_writes_nothing(
    rich: World, case: tuple[Any, ...]
) -> None:
    where, value, message, *reported = case
    document = project_export(by=rich.coach, project=rich.project)
    path = _change(document, where, value)
    path = reported[0] if reported else path
    models = (Project, Member, Cycle, Factor, Link, Vote, Action, ActionReview)
    counts = [m.objects.count() for m in models]
    with pytest.raises(ValidationError) as caught:
        project_import(by=rich.outsider, organisation=rich.other_unit, document=document)
    problems = caught.value.message_dict
    assert path in problems, problems
    assert any(m.startswith(message) for m in problems[path]), problems[path]
    assert [m.objects.count() for m in models] == counts


@pytest.mark.parametrize("document", [None, [], "text", 42, {}])
def test_it_refuses_what_is_not_a_document(world: World, document: object) -> None:
    with pytest.raises(ValidationError) as caught:
        project_import(by=world.coach, organisation=world.unit, document=document)
    assert set(caught.value.message_dict) & {"document", "format"}
    assert Project.objects.count() == 2


def test_it_stops_after_enough_problems_to_fix(rich: World) -> None:
    document = project_export(by=rich.coach, project=rich.project)
    document["members"] = [{"ref": 1}] * 500
    with pytest.raises(ValidationError) as caught:
        project_import(by=rich.coach, organisation=rich.unit, document=document)
    assert len(caught.value.message_dict) == 50
