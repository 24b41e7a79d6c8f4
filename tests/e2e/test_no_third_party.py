"""0 requests to any other origin, 0 Content-Security-Policy violations and 0 errors of the Nu
Html Checker, on every page a coach and a phone reach, in Swedish and English, with the real CSP
in force.

The crawl (tests/e2e/crawl.py) starts at the login page, logs in and follows every same-origin
link from the project list; phones join each live workshop and follow the links they get. Every
request the browser makes (documents, scripts, styles, images, fonts, fetches by htmx, event
streams) is recorded; so is every console message about the Content-Security-Policy. htmx must
live with the policy: with `includeIndicatorStyles: false` in the htmx-config meta it adds no
<style> element (which style-src 'self' would block).
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request

from tests.e2e.conftest import Server
from tests.e2e.crawl import ensure_stages, new_context, open_all_details, walk_everything
from tests.e2e.vnu import html_errors

pytestmark = pytest.mark.browser


def record_request(into: list[str], request: Request) -> None:
    into.append(request.url)


# Whether htmx has loaded, with our configuration read, and whether the page has <style> elements.
HTMX_STATE = """() => ({
  htmx: typeof window.htmx === "object",
  indicatorStyles: window.htmx ? window.htmx.config.includeIndicatorStyles : null,
  styles: document.querySelectorAll("style").length,
})"""


def test_it_sends_no_request_elsewhere_and_breaks_no_csp_rule(
    browser: Browser, server: Server, server_url: str
) -> None:
    stages = ensure_stages(server)
    own = urlsplit(server_url)
    requests: list[str] = []
    csp_errors: list[str] = []
    htmx_problems: list[str] = []

    def console(language: str, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            where = message.location.get("url", "?")
            csp_errors.append(f"[{language}] {where}: {message.text}")

    def prepare(language: str, context: BrowserContext) -> None:
        context.on("request", partial(record_request, requests))
        context.on("console", partial(console, language))

    with_htmx: list[str] = []
    documents: dict[str, str] = {}  # the HTML as served, for the Nu Html Checker

    def check(language: str, page: Page, path: str) -> None:
        served = page.request.get(page.url)  # a GET again: never changes anything here
        if served.ok and "text/html" in served.headers.get("content-type", ""):
            documents.setdefault(f"[{language}] {path}", served.text())
        open_all_details(page)
        state = page.evaluate(HTMX_STATE)
        if state["htmx"]:  # the phone pages do without it
            with_htmx.append(path)
        if state["styles"] or (state["htmx"] and state["indicatorStyles"] is not False):
            htmx_problems.append(f"[{language}] {path}: {state}")

    scanned = walk_everything(browser, server_url, stages, check, prepare=prepare)

    pages = {language: len(paths) for language, paths in scanned.items()}
    print(f"third-party crawl: {pages} pages, {len(requests)} requests")  # the figures (-s)
    assert all(n >= 10 for n in pages.values()), pages
    foreign = [
        url
        for url in requests
        if (urlsplit(url).scheme, urlsplit(url).netloc) != (own.scheme, own.netloc)
        and urlsplit(url).scheme != "data"
    ]
    assert not foreign, "requests to other origins:\n" + "\n".join(foreign)
    assert not csp_errors, "Content-Security-Policy violations:\n" + "\n".join(csp_errors)
    assert len(with_htmx) >= 10, with_htmx
    assert not htmx_problems, "htmx configuration:\n" + "\n".join(htmx_problems)
    invalid = html_errors(documents)
    print(f"Nu Html Checker: {len(documents)} documents, {len(invalid)} errors")
    assert not invalid, f"{len(invalid)} HTML errors:\n" + "\n".join(invalid[:80])


def test_it_would_notice_a_csp_violation(browser: Browser, server_url: str) -> None:
    # The console check above must be able to fail: an inline script is refused and reported.
    context = new_context(browser, server_url, "en")
    try:
        messages: list[str] = []
        page = context.new_page()
        page.on("console", lambda message: messages.append(message.text))
        page.goto(reverse("accounts:login"))
        page.evaluate(
            """() => { const s = document.createElement("script");
                       s.textContent = "window.ran = true"; document.body.append(s); }"""
        )
        page.wait_for_function("() => document.readyState === 'complete'")
        assert page.evaluate("() => window.ran === undefined")
        assert any("Content Security Policy" in m for m in messages), messages
    finally:
        context.close()
