"""Walking every page a coach can reach, for the accessibility and third-party tests.

The walk starts at the project list and follows same-origin links (`<a href>`: GETs only, which
never change anything here), breadth first. It discovers pages by itself, so a new page is
checked the day a link to it appears. Bounds keep it fast: at most `limit` pages, and at most
`per_route` pages of one URL pattern (ten member pages say little more than two)."""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import Server, seed_into
from tests.e2e.seed_stages import STAGES_COACH
from tests.e2e.support import PASSWORD, log_in

TIMEOUT_MS = 10_000
LANGUAGES = {"sv": ("sv-SE", "sv-SE,sv;q=0.9"), "en": ("en-GB", "en-GB,en;q=0.9")}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Never follow these, even if a page links to them: event streams never finish loading.
NOT_PAGES = ("/live/",)
PER_ROUTE = {"projects:detail": 10, "cycles:detail": 10, "workshops:phone": 4}


@dataclass(frozen=True)
class Stages:
    """What the stage seed tells: the join tokens of its live workshops (from their QR codes)."""

    workshop_tokens: tuple[str, ...]


_SEEDED: dict[str, Stages] = {}


def ensure_stages(server: Server) -> Stages:
    """Add the projects of tests/e2e/seed_stages.py to the running server's database, once per
    server, in a subprocess like the main seed (its data folder is where its log is)."""
    if server.url not in _SEEDED:
        told = seed_into(server, "tests.e2e.seed_stages", "seeding the stage projects")
        _SEEDED[server.url] = Stages(tuple(told["workshop_tokens"]))
    return _SEEDED[server.url]


def new_context(
    browser: Browser,
    server_url: str,
    language: str,
    *,
    bypass_csp: bool = False,
    viewport: dict[str, int] | None = None,
) -> BrowserContext:
    locale, accept = LANGUAGES[language]
    context = browser.new_context(
        base_url=server_url,
        locale=locale,
        extra_http_headers={"Accept-Language": accept},
        bypass_csp=bypass_csp,
        viewport=viewport or DESKTOP,  # type: ignore[arg-type]
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def route_of(path: str) -> str:
    """The URL pattern's name (`cycles:detail`), or the path itself if nothing resolves it."""
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


@dataclass
class Crawl:
    """What a walk saw: every page's URL, the HTML pages among them, and any failures."""

    server_url: str
    visited: list[str] = field(default_factory=list)
    html_pages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def same_origin(self, url: str) -> bool:
        own, other = urlsplit(self.server_url), urlsplit(url)
        return (own.scheme, own.netloc) == (other.scheme, other.netloc)


def crawl(
    page: Page,
    server_url: str,
    on_page: Callable[[Page, str], None],
    *,
    start: tuple[str, ...] = (),
    limit: int = 60,
    per_route: int = 2,
) -> Crawl:
    """Visit every page reachable from `start` (default: the project list), calling
    `on_page(page, path)` on each HTML page once it has loaded. Up to `PER_ROUTE` pages of
    the patterns named there are visited (every project, so that cycles in every stage are
    reached; a phone's steps), `per_route` of any other."""
    seen = Crawl(server_url)
    queue: deque[str] = deque(server_url + path for path in (start or (reverse("projects:list"),)))
    queued = set(queue)
    per_pattern: Counter[str] = Counter()
    while queue and len(seen.visited) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        pattern = route_of(path)
        if per_pattern[pattern] >= PER_ROUTE.get(pattern, per_route):
            continue
        per_pattern[pattern] += 1
        seen.visited.append(url)
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a file to download (an export): not a page
            raise
        if response is None or response.status >= 400:
            seen.problems.append(f"{path} answered {response.status if response else 'nothing'}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        seen.html_pages.append(path)
        on_page(page, path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target, _fragment = urldefrag(str(href))
            if (
                target not in queued
                and seen.same_origin(target)
                and not urlsplit(target).path.startswith(NOT_PAGES)
            ):
                queued.add(target)
                queue.append(target)
    return seen


def logged_in_page(context: BrowserContext) -> Page:
    """A page of `context` with the stage projects' coach logged in."""
    page = context.new_page()
    log_in(page, STAGES_COACH, PASSWORD)
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("projects:list"))
    return page


def joined_phone(context: BrowserContext, token: str, on_page: Callable[[Page, str], None]) -> Page:
    """A phone that follows a workshop's QR link, is checked on the page that asks who it is,
    and joins (by the first name, or the first role when the workshop is anonymous)."""
    page = context.new_page()
    page.goto(f"/w/{token}", wait_until="load")
    on_page(page, urlsplit(page.url).path)
    with page.expect_navigation():
        page.locator("button.big-choice").first.click()
    return page


def open_all_details(page: Page) -> None:
    """Open every <details>, so checks see the forms inside as well."""
    page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")


def summary(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1)


def walk_everything(
    browser: Browser,
    server_url: str,
    stages: Stages,
    check: Callable[[str, Page, str], None],
    *,
    bypass_csp: bool = False,
    prepare: Callable[[str, BrowserContext], None] | None = None,
) -> dict[str, list[str]]:
    """In each language: the login page; every page the coach reaches from the project list
    (desktop size); and, on a phone-sized screen, each live workshop's join page and the pages a
    phone reaches after joining. `check(language, page, path)` runs on every HTML page and
    `prepare(language, context)` on every new browser context. Returns the HTML pages seen."""
    scanned: dict[str, list[str]] = {}
    for language in LANGUAGES:
        pages: list[str] = []
        scanned[language] = pages

        def on_page(
            page: Page, path: str, language: str = language, pages: list[str] = pages
        ) -> None:
            pages.append(path)
            check(language, page, path)

        for viewport in (DESKTOP, PHONE):
            context = new_context(
                browser, server_url, language, bypass_csp=bypass_csp, viewport=viewport
            )
            try:
                if prepare is not None:
                    prepare(language, context)
                if viewport is DESKTOP:
                    login = context.new_page()
                    crawl(login, server_url, on_page, start=(reverse("accounts:login"),), limit=1)
                    login.close()
                    seen = crawl(logged_in_page(context), server_url, on_page)
                    assert not seen.problems, seen.problems
                    continue
                for token in stages.workshop_tokens:
                    phone = joined_phone(context, token, on_page)
                    start = (urlsplit(phone.url).path,)
                    seen = crawl(phone, server_url, on_page, start=start, limit=4)
                    assert not seen.problems, seen.problems
                    phone.close()
            finally:
                context.close()
    return scanned
