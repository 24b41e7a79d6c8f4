"""The smallest browser check: the Swedish login page is accessible, self-contained, and lets the
coach in."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.support import (
    PROJECT_TITLE,
    foreign_requests,
    log_in,
    record_requests,
)

pytestmark = pytest.mark.browser


def test_it_serves_a_swedish_login_page_and_lets_the_coach_in(
    page_sv: Page, server_url: str
) -> None:
    requests = record_requests(page_sv)

    page_sv.goto(reverse("accounts:login"))

    expect(page_sv.locator("html")).to_have_attribute("lang", "sv")
    username = page_sv.locator("input[name=username]")
    expect(username).to_be_visible()
    expect(username).to_have_accessible_name(re.compile(r"\w"))
    expect(page_sv.get_by_role("heading", level=1)).to_have_count(1)

    log_in(page_sv)

    expect(page_sv).to_have_url(server_url + reverse("projects:list"))
    expect(page_sv.locator("html")).to_have_attribute("lang", "sv")
    expect(page_sv.get_by_role("link", name=PROJECT_TITLE)).to_be_visible()
    assert requests, "the browser made no requests at all"
    assert foreign_requests(requests, server_url) == []
