"""The coach's whole cycle by keyboard alone, in English: log in, open the project, start a
cycle, add factors in two dimensions (a suggestion from the catalogue and own words), move on
to interaction, link two factors, vote, hide a factor (asked first) and show it again, move on
to action, plan an action with an owner, change its status and close the cycle.

Only the keyboard is used: Tab to move, typing, Enter and Space to act, arrow keys in radio
groups; never `.click()` or `.fill()`. Controls are found by role and accessible name, and
reached by pressing Tab until they have focus, so a control that Tab cannot reach fails the
test. At several points the focused control must show a visible focus indicator (an outline or
a box shadow in its computed style).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Dialog, Locator, Page, expect

from tests.e2e.conftest import Server
from tests.e2e.crawl import ensure_stages, new_context
from tests.e2e.seed_stages import KEYBOARD_NURSE, KEYBOARD_PROJECT, STAGES_COACH
from tests.e2e.support import PASSWORD

pytestmark = pytest.mark.browser

MAX_TABS = 250  # more than any page here needs from top to bottom

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    matches: el.matches(":focus-visible"),
  };
}"""


@pytest.fixture
def page(browser: Browser, server: Server, server_url: str) -> Iterator[Page]:
    ensure_stages(server)
    context = new_context(browser, server_url, "en")
    try:
        page = context.new_page()
        # "Move on" and "Close" ask for confirmation (window.confirm); the coach says yes.
        page.on("dialog", lambda dialog: accept(dialog))
        yield page
    finally:
        context.close()


def accept(dialog: Dialog) -> None:
    dialog.accept()


def is_focused(target: Locator) -> bool:
    return bool(target.evaluate("el => el === document.activeElement"))


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus; fail if it never gets it."""
    expect(target).to_have_count(1)
    for _ in range(MAX_TABS):
        if is_focused(target):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"Tab never reached {target}")


def press_and_wait(page: Page, key: str) -> None:
    """Press a key that submits a classic form or follows a link, and wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_focus_visible(page: Page) -> None:
    style = page.evaluate(FOCUS_STYLE)
    assert style["matches"], "the focused control does not match :focus-visible"
    assert style["outline"] or style["shadow"], f"no visible focus indicator: {style}"


def choose(page: Page, select: Locator, text: str) -> None:
    """Pick an option of a focused <select> by typing the start of its label."""
    tab_to(page, select)
    page.keyboard.type(text)
    expect(select.locator("option:checked")).to_have_text(re.compile("^" + re.escape(text)))


def test_it_runs_a_whole_cycle_by_keyboard_alone(page: Page) -> None:
    # Log in.
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_role("textbox", name="Username"))
    assert_focus_visible(page)
    page.keyboard.type(STAGES_COACH)
    tab_to(page, page.get_by_label("Password", exact=True))
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects")

    # Open the project and start a cycle.
    tab_to(page, page.get_by_role("link", name=KEYBOARD_PROJECT))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    tab_to(page, page.get_by_role("button", name="Start cycle 1"))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cycle 1")

    # A barrier picked from the suggestions, in Resources.
    resources = page.get_by_role("region", name="Resources")
    adding = resources.get_by_text("Add a barrier or an enabler in Resources")
    tab_to(page, adding)
    assert_focus_visible(page)
    if not resources.get_by_label("In your own words", exact=True).is_visible():
        page.keyboard.press("Enter")  # the summary opens its <details>
    tab_to(page, resources.get_by_text("Or pick a suggestion (optional)"))
    page.keyboard.press("Enter")
    tab_to(page, resources.get_by_role("radio", name="None: I will use my own words"))
    page.keyboard.press("ArrowDown")  # the first suggestion
    suggestion = resources.get_by_role("radio", checked=True)
    picked = suggestion.evaluate("el => el.labels[0].innerText").strip()
    assert "own words" not in picked
    choose(page, resources.get_by_label("Who is speaking?", exact=True), "Esther")
    tab_to(page, resources.get_by_role("button", name="Add to Resources"))
    page.keyboard.press("Enter")
    expect(resources.get_by_role("listitem").filter(has_text=picked)).to_be_visible()

    # An enabler in own words, in Discourses.
    discourses = page.get_by_role("region", name="Discourses")
    tab_to(page, discourses.get_by_text("Add a barrier or an enabler in Discourses"))
    if not discourses.get_by_label("In your own words", exact=True).is_visible():
        page.keyboard.press("Enter")
    tab_to(page, discourses.get_by_label("In your own words", exact=True))
    assert_focus_visible(page)
    page.keyboard.type("Nadia asks Esther first, before anyone else")
    tab_to(page, discourses.get_by_role("radio", name="Barrier"))
    page.keyboard.press("ArrowDown")  # Enabler
    expect(discourses.get_by_role("radio", name="Enabler")).to_be_checked()
    choose(page, discourses.get_by_label("Who is speaking?", exact=True), KEYBOARD_NURSE)
    tab_to(page, discourses.get_by_role("button", name="Add to Discourses"))
    page.keyboard.press("Enter")
    said = discourses.get_by_role("listitem").filter(has_text="Nadia asks Esther first")
    expect(said).to_be_visible()

    # Move on to interaction.
    tab_to(page, page.get_by_role("button", name="Move on to Interaction"))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", name="How do they affect each other?")).to_be_visible()

    # Link the two factors.
    links = page.get_by_role("region", name="How do they affect each other?")
    choose(page, links.get_by_label("This factor", exact=True), "Resources")
    choose(page, links.get_by_label("affects this factor", exact=True), "Discourses")
    tab_to(page, links.get_by_label("How do they affect each other?", exact=True))
    page.keyboard.type("When there is time, Nadia can ask Esther first")
    choose(page, links.get_by_label("Who is speaking?", exact=True), KEYBOARD_NURSE)
    tab_to(page, links.get_by_role("button", name="Add the link"))
    page.keyboard.press("Enter")
    expect(links.get_by_role("listitem").filter(has_text="When there is time")).to_be_visible()

    # Esther gives a vote to the barrier.
    votes = page.get_by_role("region", name="What matters most?")
    choose(page, votes.get_by_label("Who is voting?", exact=True), "Esther")
    vote = votes.get_by_role("button", name=re.compile(r"^\+ vote\s*: " + re.escape(picked)))
    tab_to(page, vote)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(votes.get_by_text("Esther has 2 of 3 votes left", exact=True)).to_be_visible()
    # Only what changed was swapped: the row's count, the factor's line, and the focus stays.
    row = votes.get_by_role("row").filter(has_text=picked)
    expect(row.locator(".vote-number")).to_have_text("1")
    expect(row.get_by_role("button", name=re.compile(r"^− vote"))).to_be_visible()
    expect(resources.get_by_role("listitem").filter(has_text=picked)).to_contain_text("1 vote")
    expect(vote).to_be_focused()
    expect(votes.get_by_label("Who is voting?", exact=True).locator("option:checked")).to_have_text(
        re.compile("^Esther")
    )

    # Hiding asks first, in place: "Keep it" gives the link back, "Hide" hides.
    hide = said.get_by_role("link", name=re.compile(r"^Hide\W+Nadia asks Esther first"))
    tab_to(page, hide)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    confirm = said.get_by_role("button", name=re.compile(r"^Hide\W+Nadia asks Esther first"))
    expect(confirm).to_be_focused()
    expect(said).to_contain_text("It stays in the record and the coach can show it again.")
    page.keyboard.press("Tab")
    expect(said.get_by_role("link", name="Keep it")).to_be_focused()
    page.keyboard.press("Enter")
    expect(hide).to_be_focused()
    expect(hide).not_to_have_class(re.compile("htmx-added"))  # htmx has taken the link over
    page.keyboard.press("Enter")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    expect(discourses.get_by_text("1 hidden factor")).to_be_visible()
    expect(links.get_by_text("1 hidden link")).to_be_visible()  # its link left with it
    tab_to(page, discourses.get_by_text("1 hidden factor"))
    page.keyboard.press("Enter")  # the summary opens the hidden ones
    tab_to(page, discourses.get_by_role("button", name=re.compile(r"^Show again\W+Nadia asks")))
    page.keyboard.press("Enter")
    expect(discourses.get_by_text("1 hidden factor")).to_have_count(0)
    expect(said).to_be_visible()

    # Move on to action and plan an action that Nadia takes care of.
    tab_to(page, page.get_by_role("button", name="Move on to Action"))
    press_and_wait(page, "Enter")
    actions = page.get_by_role("region", name="Actions")
    tab_to(page, actions.get_by_role("radio", name="Handle a barrier"))
    page.keyboard.press("Space")
    expect(actions.get_by_role("radio", name="Handle a barrier")).to_be_checked()
    tab_to(page, actions.get_by_label("What will be done?", exact=True))
    page.keyboard.type("Call Esther the day after she comes home")
    owner = actions.get_by_role("checkbox", name=re.compile("^" + KEYBOARD_NURSE))
    tab_to(page, owner)
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(owner).to_be_checked()
    choose(page, actions.get_by_label("Who is speaking?", exact=True), KEYBOARD_NURSE)
    tab_to(page, actions.get_by_role("button", name="Add the action"))
    page.keyboard.press("Enter")
    action = actions.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Call Esther the day after she comes home")
    )
    expect(action).to_contain_text(KEYBOARD_NURSE)

    # Its status: planned → doing.
    status = action.get_by_label("Status", exact=True)
    choose(page, status, "Doing")
    tab_to(page, action.get_by_role("button", name="Save status"))
    page.keyboard.press("Enter")
    expect(action.get_by_role("status")).not_to_be_empty()
    expect(action.get_by_label("Status", exact=True).locator("option:checked")).to_have_text(
        "Doing"
    )

    # Close the cycle.
    tab_to(page, page.get_by_role("button", name="Close this cycle"))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    expect(page.get_by_text("This cycle is closed.")).to_be_visible()
    stages = page.get_by_role("list", name="Stages of the cycle")
    expect(stages.get_by_role("listitem").filter(has_text="Closed")).to_have_attribute(
        "aria-current", "step"
    )
