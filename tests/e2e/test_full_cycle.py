"""A coach runs whole cycles in the browser: the full one in Swedish (issue 2, item 11) and a
shorter one in English. Each test makes its own project through the pages, so the order of the
browser tests does not matter.

The Swedish test takes every text it looks for from the Swedish catalogue (`sv`) and fails when
one of them is still English, so it also shows the interface is translated. Catalogue factors
come from the default catalogue file, read here without a database."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils import translation
from playwright.sync_api import Dialog, Locator, Page, expect

from powertriangle.triangle.catalogue import load_default_catalogue
from powertriangle.triangle.model import Dimension, Polarity
from tests.e2e.support import log_in_as_coach

pytestmark = pytest.mark.browser

# Texts that read the same in both languages; every other text must differ in Swedish.
SAME_IN_SWEDISH = frozenset({"Status", "%(percent)s %%", "%(a)s ↔ %(b)s"})

Words = Callable[..., str]


def sv(message: str, **values: object) -> str:
    """`message` as the Swedish interface shows it; fails when it has no Swedish translation."""
    with translation.override("sv"):
        text = translation.gettext(message)
    assert text != message or message in SAME_IN_SWEDISH, (
        f"no Swedish translation for {message!r} in locale/sv (django.po compiled to django.mo?)"
    )
    return text % values if values else text


def sv_plural(singular: str, plural: str, n: int) -> str:
    with translation.override("sv"):
        text = translation.ngettext(singular, plural, n)
    assert text not in (singular, plural), f"no Swedish translation for {singular!r}"
    return text % {"n": n}


def en(message: str, **values: object) -> str:
    return message % values if values else message


def open_details(scope: Locator, summary: str) -> None:
    """Open a <details> by its summary, unless it is open already (htmx swaps keep some open)."""
    toggle = scope.locator("summary").filter(has_text=summary).first
    details = toggle.locator("xpath=..")
    if not details.evaluate("element => element.open"):
        toggle.click()
    expect(details).to_have_attribute("open", "")


@dataclass(frozen=True)
class Person:
    name: str
    role: str  # the role's label as the page shows it
    profession: str = ""

    @property
    def option(self) -> str:
        """How the workspace's lists name a member: "Karin (Närstående)"."""
        return f"{self.name} ({self.role})"


@dataclass
class Coach:
    """The coach's steps through the pages, in the language whose texts `t` gives."""

    page: Page
    t: Words
    lang: str
    asked: list[str] = field(default_factory=list)  # what confirm() dialogs asked

    def __post_init__(self) -> None:
        def accept(dialog: Dialog) -> None:
            self.asked.append(dialog.message)
            dialog.accept()

        self.page.on("dialog", accept)

    def region(self, name: str) -> Locator:
        return self.page.get_by_role("region", name=name, exact=True)

    def in_language(self) -> None:
        expect(self.page.locator("html")).to_have_attribute("lang", self.lang)

    def create_project(self, title: str, question: str) -> None:
        t, page = self.t, self.page
        page.get_by_role("link", name=t("New project"), exact=True).click()
        page.get_by_label(t("Title"), exact=True).fill(title)
        page.get_by_label(t("What is best for Esther?"), exact=True).fill(question)
        page.get_by_role("button", name=t("Create project"), exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        self.in_language()

    def add_member(self, person: Person) -> None:
        members = self.region(self.t("Members"))
        open_details(members, self.t("Add a member"))
        form = members.locator("form")
        form.get_by_label(self.t("Name"), exact=True).fill(person.name)
        form.get_by_role("radio", name=person.role, exact=True).check()
        if person.profession:
            form.get_by_label(self.t("Profession (optional)"), exact=True).fill(person.profession)
        form.get_by_role("button", name=self.t("Add member"), exact=True).click()
        expect(members.get_by_role("rowheader", name=person.name, exact=True)).to_be_visible()

    def start_cycle(self, number: int) -> None:
        t = self.t
        self.page.get_by_role("button", name=t("Start cycle %(number)s", number=number)).click()
        heading = self.page.get_by_role("heading", level=1)
        expect(heading).to_contain_text(t("Cycle %(number)s", number=number))
        self.stage_is("Reaction")

    def stage_is(self, stage: str) -> None:
        self.in_language()
        track = self.page.get_by_role("list", name=self.t("Stages of the cycle"))
        expect(track.locator("[aria-current=step]")).to_have_text(self.t(stage))

    def move_on(self, stage: str) -> None:
        name = self.t("Move on to %(stage)s", stage=self.t(stage))
        self.page.get_by_role("button", name=name, exact=True).click()
        self.stage_is(stage)
        assert self.asked[-1] == self.t("Move on to %(stage)s?", stage=self.t(stage))

    def close(self) -> None:
        self.page.get_by_role("button", name=self.t("Close this cycle"), exact=True).click()
        self.stage_is("Closed")

    def add_factor(
        self,
        dimension: str,
        author: Person,
        *,
        suggestion: str = "",
        text: str = "",
        polarity: str = "",
        on_behalf_of: Person | None = None,
        anonymous: bool = False,
    ) -> Locator:
        t, label = self.t, self.t(dimension)
        section = self.region(label)
        open_details(section, t("Add a barrier or an enabler in %(dimension)s", dimension=label))
        add = t("Add to %(dimension)s", dimension=label)
        form = section.locator("form").filter(has=self.page.get_by_role("button", name=add))
        if suggestion:
            open_details(form, t("Or pick a suggestion (optional)"))
            form.get_by_role("radio", name=suggestion, exact=True).check()
        if text:
            form.get_by_label(t("In your own words"), exact=True).fill(text)
        if polarity:
            choices = form.get_by_role("group", name=t("Is it a barrier or an enabler?"))
            choices.get_by_role("radio", name=t(polarity), exact=True).check()
        form.get_by_label(t("Who is speaking?"), exact=True).select_option(label=author.option)
        if on_behalf_of:
            behalf = form.get_by_label(t("On behalf of (optional)"), exact=True)
            behalf.select_option(label=on_behalf_of.option)
        if anonymous:
            form.get_by_label(t("Say it anonymously (no name is saved)")).check()
        form.get_by_role("button", name=add, exact=True).click()
        item = self.region(label).locator("li.factor").filter(has_text=suggestion or text)
        expect(item).to_have_count(1)
        return item

    def factor_option(self, dimension: str, polarity: str, text: str) -> str:
        return f"{self.t(dimension)} · {self.t(polarity)}: {text}"

    def add_action(
        self, title: str, author: Person, owners: list[Person], answers: str = "", due: str = ""
    ) -> Locator:
        t = self.t
        actions = self.region(t("Actions"))
        open_details(actions, t("Plan an action"))
        form = actions.locator("form")
        form.get_by_role("radio", name=t("Handle a barrier"), exact=True).check()
        form.get_by_label(t("What will be done?"), exact=True).fill(title)
        if answers:
            form.get_by_role("checkbox", name=answers, exact=True).check()
        who = form.get_by_role("group", name=t("Who takes care of it?"))
        for owner in owners:
            who.get_by_role("checkbox", name=owner.option, exact=True).check()
        if due:
            form.get_by_label(t("By when? (optional)"), exact=True).fill(due)
        form.get_by_label(t("Who is speaking?"), exact=True).select_option(label=author.option)
        form.get_by_role("button", name=t("Add the action"), exact=True).click()
        action = actions.locator("li.action-item").filter(has_text=title)
        expect(action.get_by_role("heading", name=title, exact=True)).to_be_visible()
        return action

    def review(self, title: str, status: str, note: str) -> Locator:
        """Look back at last cycle's action `title`: its status and a note, saved."""
        t = self.t
        section = self.region(t("Looking back: how did the actions go?"))
        item = section.locator("li.review-item").filter(has_text=title)
        expect(item.get_by_role("heading", name=title, exact=True)).to_be_visible()
        expect(item).to_contain_text(t("Not reviewed yet"))
        item.get_by_label(t("Status"), exact=True).select_option(label=t(status))
        item.get_by_label(t("How did it go?"), exact=True).fill(note)
        item.get_by_role("button", name=t("Save the review"), exact=True).click()
        expect(item.get_by_role("status")).to_have_text(
            t("Saved: “%(title)s” is “%(status)s”.", title=title, status=t(status))
        )
        expect(item).to_contain_text(t("Reviewed"))
        expect(item.get_by_role("definition").filter(has_text=note)).to_be_visible()
        return item


def test_it_lets_a_coach_run_a_whole_cycle_in_swedish(page_sv: Page) -> None:
    coach = Coach(page_sv, sv, "sv")
    page = page_sv
    picked = next(
        f
        for f in load_default_catalogue().factors
        if f.dimension == Dimension.RESOURCES and f.polarity == Polarity.BARRIER
    )
    suggestion = picked.text["sv"]
    assert suggestion != picked.text["en"]

    log_in_as_coach(page)
    coach.in_language()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Projects"))
    title = "Hemma efter sjukhuset"
    question = "Vad är bäst för Esther när hon kommer hem efter sjukhuset?"
    coach.create_project(title, question)
    expect(page.get_by_text(question)).to_be_visible()

    # Members of every group, through the members form.
    esther = Person("Esther", sv("Person in need of care"))
    karin = Person("Karin", sv("Relative"))
    anna = Person("Anna", sv("Professional"), "Distriktssköterska")
    fatima = Person("Fatima", sv("Supporter"))
    for person in (esther, karin, anna, fatima):
        coach.add_member(person)
    expect(coach.region(sv("Members")).get_by_role("row")).to_have_count(5)

    coach.start_cycle(1)
    started = sv("Cycle %(number)d has started with reaction.", number=1)
    expect(page.get_by_role("status").filter(has_text=started)).to_be_visible()

    attendance = coach.region(sv("Who is here?"))
    for person in (esther, karin, anna, fatima):
        attendance.get_by_role("checkbox", name=person.option, exact=True).check()
    attendance.get_by_role("button", name=sv("Save who is here"), exact=True).click()
    expect(attendance.get_by_role("status")).to_have_text(
        sv_plural("Saved: %(n)d person is here.", "Saved: %(n)d people are here.", 4)
    )

    # Reaction: a suggestion from the (Swedish) catalogue, own words, words said on Esther's
    # behalf by her supporter, and an anonymous enabler.
    picked_item = coach.add_factor("Resources", karin, suggestion=suggestion)
    expect(picked_item).to_contain_text(karin.name)
    expect(picked_item).to_contain_text(sv("Barrier"))
    friday = "Mamma kom hem en fredagskväll och ingen i hemtjänsten visste om det."
    own_words = coach.add_factor("Contexts", karin, text=friday, polarity="Barrier")
    expect(own_words).to_contain_text(karin.name)
    burden = "Jag vill inte vara till besvär, så jag säger att allt är bra."
    supported = coach.add_factor(
        "Discourses", fatima, on_behalf_of=esther, text=burden, polarity="Barrier"
    )
    expect(supported).to_contain_text(
        sv("%(person)s (with support from %(supporter)s)", person="Esther", supporter="Fatima")
    )
    listening = "Personalen tar sig tid att lyssna på Esther."
    hidden_name = coach.add_factor(
        "Resources", anna, text=listening, polarity="Enabler", anonymous=True
    )
    expect(hidden_name).to_contain_text(sv("Anonymous"))
    expect(hidden_name).not_to_contain_text(anna.name)

    # Interaction: a link across two dimensions, with a note; a vote.
    coach.move_on("Interaction")
    moved = sv("The cycle has moved on to %(stage)s.", stage=sv("Interaction"))
    expect(page.get_by_role("status").filter(has_text=moved)).to_be_visible()
    links = coach.region(sv("How do they affect each other?"))
    open_details(links, sv("Add a link"))
    form = links.locator("form")
    form.get_by_label(sv("This factor"), exact=True).select_option(
        label=coach.factor_option("Resources", "Barrier", suggestion)
    )
    form.get_by_label(sv("affects this factor"), exact=True).select_option(
        label=coach.factor_option("Discourses", "Barrier", burden)
    )
    note = "Med nya ansikten varje dag orkar Esther inte berätta hur hon har det."
    form.get_by_label(sv("How do they affect each other?"), exact=True).fill(note)
    form.get_by_label(sv("Who is speaking?"), exact=True).select_option(label=anna.option)
    form.get_by_role("button", name=sv("Add the link"), exact=True).click()
    link = links.locator("li.link-item").filter(has_text=note)
    pair = sv("%(a)s ↔ %(b)s", a=sv("Resources"), b=sv("Discourses"))
    expect(link.locator(".link-where")).to_have_text(sv("across dimensions: %(pair)s", pair=pair))

    votes = coach.region(sv("What matters most?"))
    votes.get_by_label(sv("Who is voting?"), exact=True).select_option(label=esther.option)
    row = votes.get_by_role("row").filter(has_text=friday)
    # The button's name also names the factor; the row already does.
    row.get_by_role("button", name=re.compile("^" + re.escape(sv("+ vote")))).click()
    expect(row.locator(".vote-number")).to_have_text("1")
    expect(votes.get_by_role("listitem").filter(has_text=esther.name)).to_have_text(
        sv("%(name)s has %(left)s of %(n)s votes left", name=esther.name, left=2, n=3)
    )

    # Action: handle the Friday barrier, owned by Karin and Esther, then done.
    coach.move_on("Action")
    action_title = "Sjukhuset ringer hemtjänsten dagen före hemgång"
    answers = coach.factor_option("Contexts", "Barrier", friday)
    action = coach.add_action(
        action_title, karin, [karin, esther], answers=answers, due="2030-05-02"
    )
    expect(action).to_contain_text(sv("Handle a barrier"))
    expect(action).to_contain_text("2 maj 2030")  # Django's Swedish date format
    owned_by = action.locator("div").filter(has_text=sv("Who takes care of it"))
    expect(owned_by.get_by_role("definition")).to_have_text(
        re.compile("^(Esther, Karin|Karin, Esther)$")
    )
    action.get_by_label(sv("Status"), exact=True).select_option(label=sv("Done"))
    action.get_by_role("button", name=sv("Save status"), exact=True).click()
    expect(action.get_by_role("status")).to_have_text(
        sv("Saved: “%(title)s” is now “%(status)s”.", title=action_title, status=sv("Done"))
    )

    # The figures come with sentences: the one action has care receivers among its owners.
    page.reload()
    ownership = (
        coach.region(sv("Making power visible"))
        .locator(".metric")
        .filter(has=page.get_by_role("term").filter(has_text=re.compile(f"^{sv('Ownership')}$")))
    )
    expect(ownership.locator(".metric-sentence")).to_have_text(
        sv(
            "%(percent)s of the actions have a care receiver among their owners.",
            percent=sv("%(percent)s %%", percent=100),
        )
    )

    # Close; start cycle 2 from the closed cycle; it opens with the review.
    coach.close()
    assert coach.asked[-1] == sv("Close this cycle? Nothing more can be added to it afterwards.")
    coach.start_cycle(2)
    review_note = "Det fungerade: Karin fick samtalet dagen innan och var hemma när Esther kom."
    coach.review(action_title, "Done", review_note)

    # The triangle has a text alternative, and the figures have sentences.
    triangle_name = sv("The power triangle of cycle %(number)d", number=2)
    triangle = page.get_by_role("img", name=re.compile("^" + re.escape(triangle_name)))
    expect(triangle).to_be_visible()
    expect(page.get_by_role("table", name=sv("Factors per dimension"))).to_be_visible()
    sentences = coach.region(sv("Making power visible")).locator(".metric-sentence")
    expect(sentences.first).to_have_text(re.compile(r"\w+ \w+ \w+"))

    # The project's history: cycle 1 closed, cycle 2 open.
    page.get_by_role("link", name=sv("Back to %(title)s", title=title)).click()
    coach.in_language()
    history = page.get_by_role("table", name=sv("Cycle history")).locator("tbody")
    expect(history.get_by_role("row")).to_have_count(2)
    first = history.get_by_role("row").filter(has_text=sv("Cycle %(number)s", number=1))
    expect(first.get_by_role("cell").first).to_have_text(sv("Closed"))


def test_it_lets_a_coach_run_a_cycle_in_english(page_en: Page) -> None:
    coach = Coach(page_en, en, "en")
    page = page_en
    log_in_as_coach(page)
    coach.in_language()
    coach.create_project("Home again", "What is best for Esther when she gets home?")
    sven = Person("Sven", "Person in need of care")
    coach.add_member(sven)

    coach.start_cycle(1)
    text = "Nobody knows which day I come home."
    factor = coach.add_factor("Resources", sven, text=text, polarity="Barrier")
    expect(factor).to_contain_text(sven.name)
    coach.move_on("Interaction")
    coach.move_on("Action")
    title = "Call Sven the day before"
    coach.add_action(title, sven, [sven])
    coach.close()

    # This time the next cycle starts from the project page.
    page.get_by_role("link", name="Back to Home again").click()
    coach.start_cycle(2)
    coach.review(title, "Done", "Sven was called on Monday.")
    coach.in_language()
