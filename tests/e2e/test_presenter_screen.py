"""The presenter's full-screen switch: the big screen shows only the workshop, and the switch
says which way it goes next (a real gesture in chromium, not a script call)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import DEFAULT_TIMEOUT_MS, Server, seed_live_project
from tests.e2e.support import log_in, open_workshop

pytestmark = pytest.mark.browser


def test_the_presenter_fills_the_screen_without_the_site_around_it(
    server: Server, server_url: str, browser: Browser
) -> None:
    seeded = seed_live_project(server)
    context = browser.new_context(
        base_url=server_url, locale="sv-SE", viewport={"width": 1920, "height": 1080}
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        log_in(page)
        open_workshop(page, seeded["cycle"])

        switch = page.locator("button[data-fullscreen]")
        expect(switch).to_be_visible()
        expect(switch).to_have_attribute("aria-pressed", "false")
        expect(page.locator(".site-header")).to_be_visible()

        switch.click()
        page.wait_for_function("document.fullscreenElement !== null")
        expect(switch).to_have_attribute("aria-pressed", "true")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator(".join-code")).to_be_visible()

        switch.click()
        page.wait_for_function("document.fullscreenElement === null")
        expect(switch).to_have_attribute("aria-pressed", "false")
        expect(page.locator(".site-header")).to_be_visible()
    finally:
        context.close()
