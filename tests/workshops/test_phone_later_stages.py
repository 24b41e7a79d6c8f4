"""From a phone in interaction and action: links, actions, votes, supporters and anonymity."""

from __future__ import annotations

from powertriangle.cycles.models import Action, Factor, Link, Vote
from powertriangle.cycles.selectors import metrics_for_cycle
from powertriangle.live.models import LiveEvent
from powertriangle.triangle.model import RoleGroup
from powertriangle.workshops.models import SubmissionKey, Workshop
from tests.conftest import World
from tests.history import coach_factor
from tests.workshops.conftest import join, key_of
from tests.workshops.phone_client import (
    FRAGMENT,
    add_factor,
    advance,
    factor_key,
    post,
    post_factor,
    url,
)


def _two_factors(world: World) -> tuple[Factor, Factor]:
    a = coach_factor(world, "Staff turnover", author=world.nurse)
    b = coach_factor(world, "We decide for her", "discourses", author=world.nurse)
    return a, b


def test_links_in_interaction_land_through_the_cycle_service(
    world: World, workshop: Workshop
) -> None:
    a, b = _two_factors(world)
    advance(world)
    client = join(workshop, member=world.relative.pk)
    panel = client.get(url("phone", workshop), headers=FRAGMENT).content.decode()
    assert "data-factor-options" in panel
    data = {
        "factor_a": a.pk,
        "factor_b": b.pk,
        "note": "When staff change, they decide for her",
        "submission": key_of(panel),
    }
    response = post(client, "link_add", workshop, data)
    assert response.status_code == 200
    link = Link.objects.get()
    assert link.author == world.relative
    # The same two again: the service's message, nothing written.
    data["submission"] = key_of(response.content.decode())
    again = post(client, "link_add", workshop, data)
    assert again.status_code == 422
    assert "These two factors are already linked." in again.content.decode()
    assert Link.objects.count() == 1


def test_actions_and_votes_in_the_action_stage(world: World, workshop: Workshop) -> None:
    a, _b = _two_factors(world)
    advance(world)
    advance(world)
    client = join(workshop, member=world.esther.pk)
    panel = client.get(url("phone", workshop), headers=FRAGMENT).content.decode()
    assert f'name="owners" value="{world.esther.pk}"' in panel
    data = {
        "kind": "handle_barrier",
        "title": "Same nurse every morning",
        "owners": [world.esther.pk],
        "factors": [a.pk],
        "submission": key_of(panel),
    }
    response = post(client, "action_add", workshop, data)
    assert response.status_code == 200, response.content.decode()
    action = Action.objects.get()
    assert action.author == world.esther
    assert list(action.owners.all()) == [world.esther]
    board = client.get(url("phone_board", workshop)).content.decode()
    assert "You have 3 votes left." in board
    for n in range(3):
        board_key = key_of(client.get(url("phone_board", workshop)).content.decode())
        voted = post(client, "vote_add", workshop, {"factor": a.pk, "submission": board_key})
        assert voted.status_code == 200
        assert f"You have {2 - n} vote" in voted.content.decode()
    board_key = key_of(client.get(url("phone_board", workshop)).content.decode())
    over = post(client, "vote_add", workshop, {"factor": a.pk, "submission": board_key})
    assert over.status_code == 422
    assert "Esther has used all 3 votes in this cycle." in over.content.decode()
    assert Vote.objects.filter(member=world.esther).count() == 3


def test_a_double_tap_on_vote_is_one_vote(world: World, workshop: Workshop) -> None:
    a, _b = _two_factors(world)
    advance(world)
    client = join(workshop, member=world.nurse.pk)
    board_key = key_of(client.get(url("phone_board", workshop)).content.decode())
    for _ in range(2):
        response = post(client, "vote_add", workshop, {"factor": a.pk, "submission": board_key})
        assert response.status_code == 200
    assert Vote.objects.count() == 1


def test_an_action_needs_its_fields_and_says_so(world: World, workshop: Workshop) -> None:
    advance(world)
    advance(world)
    client = join(workshop, member=world.esther.pk)
    panel = client.get(url("phone", workshop), headers=FRAGMENT).content.decode()
    response = post(client, "action_add", workshop, {"submission": key_of(panel)})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose whether the action handles a barrier or reinforces an enabler." in html
    assert "Choose at least one owner." in html
    assert 'aria-invalid="true"' in html
    assert not Action.objects.exists()


def test_a_supporter_speaks_for_a_member_and_it_counts_as_their_voice(
    world: World, workshop: Workshop
) -> None:
    client = join(workshop, member=world.supporter.pk)
    step = client.get(
        url("phone", workshop) + "?dimension=resources&polarity=barrier", headers=FRAGMENT
    )
    html = step.content.decode()
    assert 'name="on_behalf_of"' in html
    assert ">Esther<" in html
    data = {
        "dimension": "resources",
        "polarity": "barrier",
        "text": "I get tired in long meetings",
        "on_behalf_of": world.esther.pk,
        "submission": key_of(html),
    }
    assert post(client, "factor_add", workshop, data).status_code == 200
    factor = Factor.objects.get()
    assert factor.on_behalf_of == world.esther
    assert factor.author == world.supporter
    assert factor.voice_group == RoleGroup.CARE_RECEIVERS
    metrics = metrics_for_cycle(world.cycle)
    assert metrics.voice[RoleGroup.CARE_RECEIVERS].voice_share == 1.0
    event = LiveEvent.objects.filter(kind="factor.created").get()
    assert event.data["speaker"] == "Esther"
    assert event.data["supported"] is True
    board = client.get(url("phone_board", workshop)).content.decode()
    assert "Esther (with support)" in board
    assert "Sara" not in board.split('id="board-heading"')[1]


def test_only_a_supporter_may_speak_for_someone(world: World, workshop: Workshop) -> None:
    client = join(workshop, member=world.nurse.pk)
    step = client.get(
        url("phone", workshop) + "?dimension=resources&polarity=barrier", headers=FRAGMENT
    )
    assert 'name="on_behalf_of"' not in step.content.decode()
    data = {
        "dimension": "resources",
        "polarity": "barrier",
        "text": "x",
        "on_behalf_of": world.esther.pk,
        "submission": key_of(step.content.decode()),
    }
    post(client, "factor_add", workshop, data)
    factor = Factor.objects.get()
    assert factor.on_behalf_of is None
    assert factor.author == world.nurse


def test_a_supporter_votes_with_the_member_s_dots(world: World, workshop: Workshop) -> None:
    a, _b = _two_factors(world)
    advance(world)
    client = join(workshop, member=world.supporter.pk)
    board = client.get(url("phone_board", workshop)).content.decode()
    response = post(
        client,
        "vote_add",
        workshop,
        {"factor": a.pk, "on_behalf_of": world.esther.pk, "submission": key_of(board)},
    )
    assert response.status_code == 200
    assert "Esther has 2 votes left." in response.content.decode()
    assert Vote.objects.get().member == world.esther


def test_in_an_anonymous_workshop_the_author_is_never_stored(
    world: World, anonymous_workshop: Workshop
) -> None:
    client = join(anonymous_workshop, role="relative")
    assert add_factor(client, anonymous_workshop, "Nobody asks me") == 200
    assert not Factor.objects.exists()  # held until its batch is released
    factor = Factor.everything.get()
    assert factor.anonymous
    assert factor.author_id is None
    assert factor.on_behalf_of_id is None
    assert (factor.created_at.hour, factor.created_at.minute, factor.created_at.second) == (0, 0, 0)
    key = SubmissionKey.objects.get()
    assert {f.name for f in SubmissionKey._meta.get_fields()} == {
        "id",
        "workshop",
        "key",
        "kind",
        "object_id",
        "created_on",
    }
    assert key.object_id == factor.pk
    page = client.get(url("phone", anonymous_workshop)).content.decode()
    assert "Your name is not saved with what you write." in page
    assert "In random order, without names or times." in page


def test_anonymous_items_say_their_group_only_when_no_group_is_small(
    world: World, anonymous_workshop: Workshop
) -> None:
    relatives = [join(anonymous_workshop, role="relative") for _ in range(3)]
    professional = join(anonymous_workshop, role="professional")
    add_factor(relatives[0], anonymous_workshop, "Said while one professional is here")
    add_factor(professional, anonymous_workshop, "The only professional's thought")
    groups = set(Factor.everything.values_list("voice_group", flat=True))
    assert groups == {RoleGroup.UNDISCLOSED}  # one professional: nobody's group is shown
    for _ in range(2):
        join(anonymous_workshop, role="supporter")  # supporters count with professionals
    add_factor(relatives[1], anonymous_workshop, "Now both groups are large enough")
    latest = Factor.everything.get(text="Now both groups are large enough")
    assert latest.voice_group == RoleGroup.CARE_RECEIVERS
    assert latest.author_id is None


def test_a_tampered_dimension_is_refused_with_a_message(world: World, workshop: Workshop) -> None:
    client = join(workshop, member=world.esther.pk)
    key = factor_key(client, workshop)
    for dimension, polarity in (("", "barrier"), ("power", "barrier"), ("resources", "maybe")):
        response = post_factor(client, workshop, "x", key, dimension=dimension, polarity=polarity)
        assert response.status_code == 422
        assert "Choose what it is about" in response.content.decode()
    assert not Factor.objects.exists()


def test_a_bad_link_posted_in_another_stage_still_gets_its_message(
    world: World, workshop: Workshop
) -> None:
    client = join(workshop, member=world.esther.pk)
    data = {
        "factor_a": "999999",
        "factor_b": "x",
        "note": "",
        "submission": factor_key(client, workshop),
    }
    response = post(client, "link_add", workshop, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Select a valid choice" in html
    assert not Link.objects.exists()


def test_the_vote_notice_does_not_double_the_full_stop(world: World, workshop: Workshop) -> None:
    factor = coach_factor(world, "Nobody asks my mother.", author=world.nurse)
    advance(world)
    client = join(workshop, member=world.esther.pk)
    board_key = key_of(client.get(url("phone_board", workshop)).content.decode())
    voted = post(client, "vote_add", workshop, {"factor": factor.pk, "submission": board_key})
    html = voted.content.decode()
    assert "Your vote is on “Nobody asks my mother.”" in html
    assert "mother.”." not in html
