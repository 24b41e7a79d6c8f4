"""Adding from a phone: every contribution goes through the cycle's services, once."""

from __future__ import annotations

from powertriangle.cycles.models import Factor, Vote
from powertriangle.live.models import LiveEvent
from powertriangle.triangle.model import RoleGroup
from powertriangle.workshops.models import SubmissionKey, Workshop
from powertriangle.workshops.services import workshop_close
from tests.conftest import World
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


def test_the_steps_of_adding_a_factor_show_one_question_at_a_time(
    world: World, workshop: Workshop
) -> None:
    client = join(workshop, member=world.esther.pk)
    first = client.get(url("phone", workshop)).content.decode()
    assert "What is it about?" in first
    assert 'href="?dimension=resources"' in first
    second = client.get(url("phone", workshop) + "?dimension=contexts", headers=FRAGMENT)
    html = second.content.decode()
    assert html.startswith('<section id="phone-panel"')
    assert "Does it make things harder or easier?" in html
    third = client.get(
        url("phone", workshop) + "?dimension=contexts&polarity=enabler", headers=FRAGMENT
    )
    html = third.content.decode()
    assert 'name="catalogue_entry"' in html
    assert 'name="text"' in html


def test_a_factor_from_a_phone_lands_through_the_cycle_service(
    world: World, workshop: Workshop
) -> None:
    client = join(workshop, member=world.esther.pk)
    assert add_factor(client, workshop, "Too little time at discharge") == 200
    factor = Factor.objects.get()
    assert factor.author == world.esther
    assert not factor.anonymous
    assert factor.voice_group == RoleGroup.CARE_RECEIVERS
    event = LiveEvent.objects.filter(kind="factor.created").get()
    assert event.data["speaker"] == "Esther"
    assert event.data["text"] == factor.text


def test_a_catalogue_pick_needs_no_typing(world: World, workshop: Workshop) -> None:
    client = join(workshop, member=world.relative.pk)
    step = client.get(
        url("phone", workshop) + "?dimension=resources&polarity=enabler", headers=FRAGMENT
    )
    html = step.content.decode()
    marker = 'name="catalogue_entry" value="'
    entry = html[html.index(marker) + len(marker) :].split('"')[0]
    data = {
        "dimension": "resources",
        "polarity": "enabler",
        "catalogue_entry": entry,
        "submission": key_of(html),
    }
    response = post(client, "factor_add", workshop, data)
    assert response.status_code == 200
    factor = Factor.objects.get()
    assert factor.catalogue_entry_id == int(entry)
    assert factor.polarity == "enabler"


def test_an_empty_factor_gets_a_plain_message_and_nothing_is_written(
    world: World, workshop: Workshop
) -> None:
    client = join(workshop, member=world.esther.pk)
    response = post_factor(client, workshop, "   ")
    assert response.status_code == 422
    assert (
        "Write it in your own words, or pick one of the suggestions." in response.content.decode()
    )
    assert not Factor.objects.exists()
    assert not SubmissionKey.objects.exists()


def test_a_too_long_factor_says_so_and_keeps_the_text(world: World, workshop: Workshop) -> None:
    """Not "pick a suggestion": the real message, with the typed text still in the box."""
    client = join(workshop, member=world.esther.pk)
    text = "Long words " * 56  # 616 characters
    html = post_factor(client, workshop, text).content.decode()
    assert "Keep it to 500 characters (this has 615)." in html
    assert "pick one of the suggestions" not in html
    assert text.strip() in html
    # What the live count under the box needs (workshop.js; its browser test counts as one types)
    assert 'data-limit="500"' in html
    assert 'data-over="{count} characters, {excess} too many: write at most {limit}."' in html
    assert not Factor.objects.exists()


def test_a_double_tap_makes_one_factor(world: World, workshop: Workshop) -> None:
    client = join(workshop, member=world.esther.pk)
    data = {
        "dimension": "resources",
        "polarity": "barrier",
        "text": "Nobody knows the plan",
        "submission": factor_key(client, workshop),
    }
    first = post(client, "factor_add", workshop, data)
    second = post(client, "factor_add", workshop, data)
    assert first.status_code == second.status_code == 200
    assert Factor.objects.count() == 1
    assert LiveEvent.objects.filter(kind="factor.created").count() == 1
    # The replay answers like the first time.
    assert "Nobody knows the plan" in second.content.decode()
    # Without JavaScript, the same: 303 and one row.
    plain = client.post(url("factor_add", workshop), data)
    assert plain.status_code == 303
    assert Factor.objects.count() == 1


def test_a_form_without_a_valid_key_is_refused(world: World, workshop: Workshop) -> None:
    client = join(workshop, member=world.esther.pk)
    response = post_factor(client, workshop, "x", "short")
    assert response.status_code == 422
    assert "This form is out of date" in response.content.decode()
    assert not Factor.objects.exists()


def test_a_closed_workshop_refuses_posts_clearly(world: World, workshop: Workshop) -> None:
    client = join(workshop, member=world.esther.pk)
    key = factor_key(client, workshop)
    workshop_close(by=world.coach, workshop=workshop)
    response = post_factor(client, workshop, "Late", key)
    assert response.status_code == 410  # workshop.js then loads the page, which says thank you
    assert not Factor.objects.exists()
    page = client.get(url("phone", workshop)).content.decode()
    assert "Thank you for taking part!" in page
    assert "This workshop has ended." in page
    # A plain form post goes to that page too.
    plain = client.post(url("factor_add", workshop), {"text": "Late", "submission": key})
    assert (plain.status_code, plain["Location"]) == (303, url("phone", workshop))


def test_a_factor_typed_as_the_stage_moves_on_to_action_is_kept(
    world: World, workshop: Workshop
) -> None:
    """Structure with freedom: a factor may still come in the action stage (issue 8.11), so
    words typed while the coach moved the cycle on are never lost."""
    client = join(workshop, member=world.esther.pk)
    key = factor_key(client, workshop)
    advance(world)
    advance(world)  # action
    response = post_factor(client, workshop, "Late, but it matters", key)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Late, but it matters" in html  # the thank-you notice
    assert "What should we do?" in html  # and the form of the stage it is now
    assert Factor.objects.get().text == "Late, but it matters"


def test_a_post_for_a_stage_that_does_not_take_it_is_refused_clearly(
    world: World, workshop: Workshop
) -> None:
    """A vote sent in the reaction stage (a hand-made post: the phone offers none then)."""
    client = join(workshop, member=world.esther.pk)
    factor = add_factor(client, workshop, "Too little time")
    key = factor_key(client, workshop)
    response = post(client, "vote_add", workshop, {"factor": factor, "submission": key})
    assert response.status_code == 422
    assert "That choice is not one of the available choices." in response.content.decode()
    assert not Vote.objects.exists()
