"""A whole live workshop in three browsers: the coach's big screen and two phones (one in
Swedish, one in English). Phones join by code; a phone's factor appears on the big screen
without a reload; the coach moves every screen on; links, an action and a vote follow; one
phone goes offline, misses an action, comes back and catches up; the coach hides the action and
it leaves the phones without a reload, then hides a factor and its link leaves with it.

The project is seeded in a subprocess (tests/workshops/e2e_seed.py) into the server's own
database; the test process never touches the database."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.e2e.conftest import DEFAULT_TIMEOUT_MS, Server, seed_live_project
from tests.e2e.support import foreign_requests, log_in, open_workshop, record_requests

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _context(browser: Browser, server_url: str, locale: str, **options: object) -> BrowserContext:
    language = locale.split("-")[0]
    context = browser.new_context(
        base_url=server_url,
        locale=locale,
        extra_http_headers={"Accept-Language": f"{locale},{language};q=0.9"},
        **options,  # type: ignore[arg-type]
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context


@pytest.fixture
def contexts(browser: Browser, server_url: str) -> Iterator[list[BrowserContext]]:
    made = [
        _context(browser, server_url, "en-GB", viewport={"width": 1920, "height": 1080}),
        _context(browser, server_url, "sv-SE", viewport=PHONE, is_mobile=True, has_touch=True),
        _context(browser, server_url, "en-GB", viewport=PHONE, is_mobile=True, has_touch=True),
    ]
    try:
        yield made
    finally:
        for context in made:
            context.close()


def _join(phone: Page, code: str) -> None:
    phone.goto("/join")
    phone.locator("input[name=code]").fill(code)
    phone.locator("form.join-form button[type=submit]").click()
    expect(phone.locator("h1")).to_have_count(1)


def _join_as_newcomer(phone: Page, code: str, name: str, role: str) -> None:
    _join(phone, code)
    phone.locator("input[name=display_name]").fill(name)
    phone.locator(f"input[name=role][value={role}]").check()
    phone.locator("form:has(input[name=display_name]) button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/w/\d+/$"))


def _add_factor(phone: Page, dimension: str, polarity: str, text: str = "") -> None:
    phone.locator(f"a.big-choice.dim-{dimension}").click()
    phone.locator(f"a.big-choice.pol-{polarity}").click()
    if text:
        phone.locator("#f-text").fill(text)
    else:
        phone.locator("details.suggestions > summary").click()  # own words come first
        phone.locator("label.pick").first.click()
    phone.locator("form[action$='/factor'] button[type=submit]").click()
    expect(phone.locator("#phone-panel .notice-ok")).to_be_visible()


def test_a_whole_workshop_with_a_big_screen_and_two_phones(
    server: Server, server_url: str, contexts: list[BrowserContext]
) -> None:
    seeded = seed_live_project(server)
    presenter_context, sv_context, en_context = contexts
    presenter = presenter_context.new_page()
    presenter.on("dialog", lambda dialog: dialog.accept())
    sv, en = sv_context.new_page(), en_context.new_page()
    requests = record_requests(sv)

    # The coach prepares and opens the workshop.
    log_in(presenter)
    code = open_workshop(presenter, seeded["cycle"], named=True)
    assert re.fullmatch(r"\d{9}", code)
    presenter.evaluate("window.stillTheSamePage = true")

    # Two phones join by code: one picks her name, one is new.
    _join(sv, code)
    sv.locator("button[name=member]", has_text="Esther").click()
    sv.wait_for_url(re.compile(r"/w/\d+/$"))
    expect(sv.locator("html")).to_have_attribute("lang", "sv")
    _join_as_newcomer(en, code, "Kim", "relative")
    expect(presenter.locator("[data-joined-total]")).to_have_text("2")

    # Reaction: a phone's factor appears on the big screen and the other phone, no reload.
    _add_factor(sv, "resources", "barrier", "För lite tid vid hemgången")
    expect(presenter.locator("#present-board")).to_contain_text("För lite tid vid hemgången")
    expect(presenter.locator("#present-triangle .dot-barrier")).to_have_count(1)
    expect(en.locator("#phone-board")).to_contain_text("För lite tid vid hemgången")
    _add_factor(en, "discourses", "enabler")
    expect(presenter.locator("#present-triangle .dot-enabler")).to_have_count(1)

    # The coach moves every screen on to interaction; a phone links the two factors.
    presenter.locator("#present-stage form button").click()
    expect(sv.locator("#phone-panel")).to_have_class(re.compile(r"\bstage-interaction\b"))
    expect(en.locator("#phone-panel")).to_have_class(re.compile(r"\bstage-interaction\b"))
    values = sv.locator("#l-factor_a option[value]:not([value=''])").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert len(values) == 2
    sv.locator("#l-factor_a").select_option(values[0])
    sv.locator("#l-factor_b").select_option(values[1])
    sv.locator("#l-note").fill("Med mer tid lyssnar vi bättre")
    sv.locator("form[action$='/link'] button[type=submit]").click()
    expect(presenter.locator("#present-board")).to_contain_text("Med mer tid lyssnar vi bättre")
    expect(en.locator("[data-link-list]")).to_contain_text("Med mer tid lyssnar vi bättre")

    # Action. The English phone goes offline and misses an action, then catches up.
    presenter.locator("#present-stage form button").click()
    expect(en.locator("#phone-panel")).to_have_class(re.compile(r"\bstage-action\b"))
    expect(sv.locator("#phone-panel")).to_have_class(re.compile(r"\bstage-action\b"))
    # The stage's panel and its list of what has been said refresh separately: wait for both.
    expect(en.locator("[data-action-list]")).to_be_attached()
    en_context.set_offline(True)
    expect(en.locator("[data-live-status]")).to_be_visible()  # the stream is down
    sv.locator("input[name=kind][value=handle_barrier]").check()
    sv.locator("#a-title").fill("Samma undersköterska varje morgon")
    sv.locator("form[action$='/action'] button[type=submit]").click()
    expect(sv.locator("#phone-panel .notice-ok")).to_be_visible()
    expect(presenter.locator("#present-board")).to_contain_text("Samma undersköterska")
    expect(en.locator("[data-action-list]")).not_to_contain_text("Samma", timeout=1000)
    en_context.set_offline(False)
    expect(en.locator("[data-action-list]")).to_contain_text("Samma undersköterska varje morgon")

    # A vote; the count reaches the big screen.
    en.locator(".vote-button").first.click()
    expect(en.locator("#vote-status")).to_contain_text("You have 2 votes left.")
    expect(en.locator("#vote-status")).to_contain_text("För lite tid vid hemgången")
    expect(presenter.locator("#present-board .wf-votes")).to_contain_text("1")

    # The coach hides the action: it leaves both phones at once (no reload), and the big screen
    # keeps only its place, with "Show again".
    sv.evaluate("window.stillTheSamePhone = true")
    presenter.locator("#present-board .action-list form button").click()
    expect(sv.locator("[data-action-list]")).not_to_contain_text("Samma undersköterska")
    expect(en.locator("[data-action-list]")).not_to_contain_text("Samma undersköterska")
    expect(presenter.locator("#present-board .action-list")).to_contain_text("Hidden by the coach")
    expect(presenter.locator("#present-board")).not_to_contain_text("Samma undersköterska")

    # The coach hides a factor: the link that uses it leaves both phones with it, no reload.
    factor = presenter.locator("#present-board li[data-factor]", has_text="För lite tid")
    factor.locator("form button").click()
    for page in (sv, en):
        expect(page.locator("[data-factor-list=resources]")).not_to_contain_text("För lite tid")
        expect(page.locator("[data-link-list]")).not_to_contain_text("Med mer tid")
    expect(en.locator("#vote-status")).not_to_contain_text("För lite tid")  # the vote's notice
    expect(presenter.locator("#present-board .link-list")).to_contain_text("Hidden with its factor")
    expect(presenter.locator("#present-board")).not_to_contain_text("Med mer tid")
    assert sv.evaluate("window.stillTheSamePhone") is True

    assert presenter.evaluate("window.stillTheSamePage") is True
    assert foreign_requests(requests, server_url) == []


def test_a_phone_s_factor_is_on_the_big_screen_from_its_event_before_any_refetch(
    server: Server, server_url: str, contexts: list[BrowserContext]
) -> None:
    """The big screen shows a new factor from its live event at once (its words as text, in the
    board's order); the board's refetch that follows only adds the coach's Hide. Here every
    refetch of the board fails, and the factor still comes."""
    seeded = seed_live_project(server)
    presenter_context, sv_context, _ = contexts
    presenter = presenter_context.new_page()
    phone = sv_context.new_page()
    log_in(presenter)
    code = open_workshop(presenter, seeded["cycle"], named=True)
    refetched: list[str] = []

    def refuse(route: Route) -> None:
        refetched.append(route.request.url)
        route.abort()

    presenter.route(re.compile(r"/workshops/\d+/present/board"), refuse)
    _join(phone, code)
    phone.locator("button[name=member]", has_text="Esther").click()
    phone.wait_for_url(re.compile(r"/w/\d+/$"))
    text = "Ingen tid att <b>lyssna</b> på kvällen"
    _add_factor(phone, "contexts", "barrier", text)
    item = presenter.locator("#present-board [data-factor-list=contexts] li", has_text=text)
    expect(item).to_be_visible()
    expect(item.locator(".wf-who")).to_have_text("Esther")
    expect(item.locator(".mark")).to_have_class("mark mark-barrier")
    expect(presenter.locator("#present-board b")).to_have_count(0)  # words, never markup
    for _ in range(50):  # the refetch came too, and failed
        if refetched:
            break
        presenter.wait_for_timeout(100)
    assert refetched


def test_a_part_that_failed_to_refresh_is_fetched_again_when_the_stream_is_back(
    server: Server, server_url: str, contexts: list[BrowserContext]
) -> None:
    """The live event arrived but the phone's request for the new list failed (the network
    dropped in between): once the stream reconnects, the list is fetched again."""
    seeded = seed_live_project(server)
    presenter_context, _, phone_context = contexts
    presenter = presenter_context.new_page()
    presenter.on("dialog", lambda dialog: dialog.accept())
    phone = phone_context.new_page()
    log_in(presenter)
    code = open_workshop(presenter, seeded["cycle"])
    _join_as_newcomer(phone, code, "Kim", "relative")
    expect(phone.locator("[data-link-list]")).to_have_count(0)

    failed: list[str] = []

    def refuse(route: Route) -> None:
        failed.append(route.request.url)
        route.abort("internetdisconnected")

    phone.route(re.compile(r"/w/\d+/board(\?.*)?$"), refuse)
    presenter.locator("#present-stage form button").click()
    expect(phone.locator("#phone-panel")).to_have_class(re.compile(r"\bstage-interaction\b"))
    for _ in range(200):  # the board's refresh starts after a random delay of up to 1.6 s
        if failed:
            break
        phone.wait_for_timeout(50)
    assert failed, "the board's refresh was never tried"
    expect(phone.locator("[data-link-list]")).to_have_count(0)

    phone.unroute(re.compile(r"/w/\d+/board(\?.*)?$"))
    phone_context.set_offline(True)
    expect(phone.locator("[data-live-status]")).to_be_visible()
    phone_context.set_offline(False)
    expect(phone.locator("[data-link-list]")).to_be_attached()
    expect(phone.locator("#problem")).to_be_hidden()


def _anonymous_workshop(server: Server, contexts: list[BrowserContext]) -> tuple[Page, Page]:
    """The big screen of an open anonymous workshop, and a phone that joined it as a relative."""
    seeded = seed_live_project(server)
    presenter_context, _, phone_context = contexts
    presenter = presenter_context.new_page()
    phone = phone_context.new_page()
    log_in(presenter)
    code = open_workshop(presenter, seeded["cycle"], anonymous=True)
    _join(phone, code)
    phone.locator("button[name=role][value=relative]").click()  # anonymous: only the role
    phone.wait_for_url(re.compile(r"/w/\d+/$"))
    return presenter, phone


def test_an_anonymous_phone_s_item_reaches_the_big_screen_with_its_batch(
    server: Server, server_url: str, contexts: list[BrowserContext]
) -> None:
    """In an anonymous workshop a phone's item is held and released with the others of a few
    seconds (the server's releaser), then shown on the big screen without a reload."""
    presenter, phone = _anonymous_workshop(server, contexts)
    _add_factor(phone, "contexts", "barrier", "Ingen frågar mig om tider")
    expect(phone.locator("#phone-panel .notice-ok")).to_contain_text("Ingen frågar mig om tider")
    board = presenter.locator("#present-board")
    expect(board).to_contain_text("Ingen frågar mig om tider", timeout=8000)
    expect(phone.locator("#phone-board")).to_contain_text("Ingen frågar mig om tider")


def test_a_phone_puts_anonymous_items_where_a_reload_puts_them(
    server: Server, server_url: str, contexts: list[BrowserContext]
) -> None:
    """workshop.js places each live item by the same shuffle key as the server's board
    (triangle.voice.shuffle_key), so the order on the phone is the reload's order, never the
    order of arrival."""
    _presenter, phone = _anonymous_workshop(server, contexts)
    texts = [f"Punkt nummer {n}" for n in range(1, 7)]
    for text in texts:
        _add_factor(phone, "contexts", "barrier", text)
    board = phone.locator("#phone-board")
    for text in texts:
        expect(board).to_contain_text(text, timeout=8000)
    live = _factor_order(phone)
    # Who said it comes with the event, in the page's language: the same words as a reload.
    live_who = phone.locator("#phone-board [data-factor] .wf-who").all_inner_texts()
    phone.reload()
    for text in texts:
        expect(phone.locator("#phone-board")).to_contain_text(text)
    assert _factor_order(phone) == live
    assert phone.locator("#phone-board [data-factor] .wf-who").all_inner_texts() == live_who
    language = phone.evaluate("() => document.documentElement.lang")
    assert set(live_who) == {{"sv": "Anonym", "en": "Anonymous"}[language]}


def _factor_order(page: Page) -> list[int]:
    ids = page.locator("#phone-board [data-factor]").evaluate_all(
        "items => items.map(item => Number(item.getAttribute('data-factor')))"
    )
    return [int(i) for i in ids]


def test_a_phone_asks_for_own_words_first_and_counts_the_characters(
    server: Server, server_url: str, contexts: list[BrowserContext]
) -> None:
    """The text box comes before the suggestions, which stay folded; the count under the box
    follows what is typed and says by how much a text is too long; the server's refusal keeps
    the text."""
    seeded = seed_live_project(server)
    presenter_context, _, phone_context = contexts
    presenter = presenter_context.new_page()
    phone = phone_context.new_page()
    log_in(presenter)
    code = open_workshop(presenter, seeded["cycle"])
    _join_as_newcomer(phone, code, "Kim", "relative")
    phone.locator("a.big-choice.dim-resources").click()
    phone.locator("a.big-choice.pol-barrier").click()
    form = phone.locator("form[action$='/factor']")
    order = form.evaluate(
        """f => [...f.querySelectorAll("#f-text, details.suggestions")].map(e => e.tagName)"""
    )
    assert order == ["TEXTAREA", "DETAILS"]
    expect(form.locator("details.suggestions")).not_to_have_attribute("open", "")
    expect(form.locator("label.pick").first).to_be_hidden()

    count = phone.locator("#f-text-count")
    phone.locator("#f-text").fill("Ingen tid")
    expect(count).to_have_text("9 of 500 characters")
    expect(count).not_to_have_class(re.compile("char-count-over"))
    too_long = "å" * 510
    phone.locator("#f-text").fill(too_long)
    expect(count).to_have_text("510 characters, 10 too many: write at most 500.")
    expect(count).to_have_class(re.compile("char-count-over"))
    expect(phone.locator("#f-text-count-said")).to_have_text(
        "510 characters, 10 too many: write at most 500."
    )
    form.locator("button[type=submit]").click()
    expect(phone.locator("#f-text_error")).to_contain_text("500")
    expect(phone.locator("#f-text")).to_have_value(too_long)
    expect(phone.locator("#f-text-count")).to_have_text(
        "510 characters, 10 too many: write at most 500."
    )
