"""Names and helpers shared by the browser tests and their seed script.

The test process never touches Django's models: Playwright's sync API runs an event loop, and
Django refuses ORM calls under one. The seed runs in its own process; URLs are only reversed here,
which needs no database."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page

# The people seeded into the browser tests' own database (see seed.py).
COACH = "alice"
PASSWORD = "a long demo passphrase 42"
PROJECT_TITLE = "Trygg hemgång"
ESTHER_QUESTION = "Vad är bäst för Esther när hon kommer hem från sjukhuset?"


def record_requests(page: Page) -> list[str]:
    """Every URL the page asks for from now on (documents, scripts, styles, images, fetches)."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def foreign_requests(urls: list[str], server_url: str) -> list[str]:
    """The URLs that do not go to our own server."""
    own = server_url.rstrip("/") + "/"
    return [url for url in urls if not url.startswith(own)]


def log_in(page: Page, username: str = COACH, password: str = PASSWORD) -> None:
    """Log in through the real login form, whatever the interface language, and wait for the
    page that follows."""
    page.goto(reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    password_field = page.locator("input[name=password]")
    password_field.fill(password)
    with page.expect_navigation():
        password_field.press("Enter")


def log_in_as_coach(page: Page) -> None:
    log_in(page, COACH, PASSWORD)
    page.wait_for_url(re.compile(re.escape(reverse("projects:list")) + r"$"))


def open_workshop(
    presenter: Page, cycle_id: int, *, named: bool = False, anonymous: bool = False
) -> str:
    """The coach (logged in) prepares a workshop of the cycle and opens it; its join code.
    `named`: names are shown with what people write; `anonymous`: no names are saved (neither:
    the form's default)."""
    presenter.goto(f"/cycles/{cycle_id}/")
    presenter.locator(f"a[href='/workshops/new/{cycle_id}']").click()
    if named:
        presenter.locator("input[name=anonymous][value='0']").check()
    if anonymous:
        presenter.locator("input[name=anonymous][value='1']").check()
    presenter.locator("form[action*='/workshops/new/'] button[type=submit]").click()
    presenter.locator("form[action$='/open'] button[type=submit]").click()
    presenter.wait_for_url(re.compile(r"/workshops/\d+/present$"))
    return presenter.locator(".join-code-value").inner_text().replace(" ", "")
