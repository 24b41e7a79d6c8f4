"""axe-core on every page a coach reaches, in Swedish and English: 0 violations of any impact
(WCAG 2.0/2.1/2.2 A and AA, and axe's best practices), and touch targets of at least 44 × 44 CSS
pixels on a phone-sized screen.

axe-core is the npm package, vendored in tests/e2e/axe/ (see its README) and put into the page by
the test only: the app never serves it and no CDN is involved. The pages come from a crawl
(tests/e2e/crawl.py) over the login page, the project list, project pages and forms, members,
cycles in every stage, live workshops and their big screens (tests/e2e/seed_stages.py), and the
pages of a phone that joins each workshop; every <details> is opened first so the forms inside
are checked too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server
from tests.e2e.crawl import (
    LANGUAGES,
    PHONE,
    ensure_stages,
    logged_in_page,
    new_context,
    open_all_details,
    walk_everything,
)
from tests.e2e.seed_stages import ACTION_PROJECT, INTERACTION_PROJECT, STAGES_PROJECT

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "axe" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
MIN_TARGET = 44  # CSS pixels, WCAG 2.5.5 (AAA); the project's own bar, above 2.5.8's 24

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 8).map(n => n.target.join(" ")),
    nodes: v.nodes.length,
  }));
}"""

# Touch targets: every visible a, button, input, select, textarea, summary and [role=button]
# must be at least 44 × 44 CSS px. Exceptions, as WCAG 2.5.8 allows:
# - inline: a link inside a sentence (its nearest block is a paragraph, <p>, and the paragraph
#   has text besides the link) — its size is set by the line of text it sits in;
# - a radio button or checkbox counts together with its <label>, which activates it as well;
# - an element moved off screen until it gets focus (the skip link) is measured when focused.
SMALL_TARGETS = """(min) => {
  const selector = "a[href], button, input, select, textarea, summary, [role=button]";
  const small = [];
  const describe = (el) => {
    const name = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    const id = el.id ? "#" + el.id : "";
    return el.tagName.toLowerCase() + id + (name ? " \\"" + name.slice(0, 40) + "\\"" : "");
  };
  const inlineInParagraph = (el) => {
    if (el.tagName !== "A") return false;
    const block = el.parentElement && el.parentElement.closest("p, li, td, th, dd, div");
    if (!block || block.tagName !== "P") return false;
    const own = (el.textContent || "").trim();
    return (block.textContent || "").trim().length > own.length;
  };
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    let rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (rect.right <= 0 || rect.bottom <= 0) {
      el.focus();
      rect = el.getBoundingClientRect();
      el.blur();
    }
    if (inlineInParagraph(el)) continue;
    if ((el.type === "radio" || el.type === "checkbox") && el.labels && el.labels.length) {
      const label = el.labels[0].getBoundingClientRect();
      rect = {
        width: Math.max(rect.width, label.width),
        height: Math.max(rect.height, label.height),
      };
    }
    if (rect.width < min - 0.5 || rect.height < min - 0.5) {
      small.push(describe(el) + " is " + Math.round(rect.width) + "×" + Math.round(rect.height));
    }
  }
  return small;
}"""


CYCLE_STAGE = """() => {
  const workspace = document.querySelector(".cycle-workspace");
  const stage = workspace && [...workspace.classList].find(c => c.startsWith("stage-is-"));
  return stage ? stage.slice("stage-is-".length) : null;
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    # The page's Content-Security-Policy forbids inline scripts; add_script_tag inserts axe as
    # one, so this test's browser context is made with bypass_csp=True. Only here: the CSP
    # itself is tested with it in force (test_no_third_party.py, tests/security/test_headers.py).
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, AXE_TAGS)
    return violations


def small_targets(page: Page) -> list[str]:
    """The controls that are too small on a phone-sized screen."""
    before = page.viewport_size
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    try:
        found: list[str] = page.evaluate(SMALL_TARGETS, MIN_TARGET)
    finally:
        if before is not None:
            page.set_viewport_size(before)
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  " + "\n  ".join(items) for where, items in found.items())


def test_it_has_no_axe_violations_and_large_targets_on_every_page(
    browser: Browser, server: Server, server_url: str
) -> None:
    stages = ensure_stages(server)
    violations: dict[str, list[str]] = {}
    targets: dict[str, list[str]] = {}
    stages_seen: set[tuple[str, str | None]] = set()

    def check(language: str, page: Page, path: str) -> None:
        open_all_details(page)
        where = f"[{language}] {page.url.removeprefix(server_url)}"
        for v in axe_violations(page):
            violations.setdefault(where, []).append(
                f"{v['id']} ({v['impact']}, {v['nodes']} nodes): {v['help']} — "
                + "; ".join(v["targets"])
            )
        if small := small_targets(page):
            targets[where] = small
        stages_seen.add((language, page.evaluate(CYCLE_STAGE)))

    scanned = walk_everything(browser, server_url, stages, check, bypass_csp=True)

    pages = {language: len(paths) for language, paths in scanned.items()}
    print(f"axe scanned {pages} pages")  # shown with -s: the figure for the notes
    for language, paths in scanned.items():
        for kind in ("/accounts/login/", "/projects/", "/cycles/", "/workshops/", "/w/"):
            assert any(path.startswith(kind) for path in paths), f"[{language}] no {kind}: {paths}"
    for language in scanned:
        for stage in ("reaction", "interaction", "action", "closed"):
            assert (language, stage) in stages_seen, f"[{language}] no cycle in {stage}"
    assert not violations, "axe-core violations:\n" + report(violations)
    assert not targets, f"targets smaller than {MIN_TARGET} × {MIN_TARGET} px:\n" + report(targets)


def test_it_has_no_axe_violations_when_forms_show_errors(
    browser: Browser, server: Server, server_url: str
) -> None:
    """Error messages are where forms are most often inaccessible: empty forms are sent (nothing
    is saved) and the answers, whole pages or htmx fragments, are checked like any page."""
    ensure_stages(server)
    found: dict[str, list[str]] = {}
    checked: list[str] = []

    def check(language: str, page: Page, what: str) -> None:
        expect(page.locator(".error-summary, .field-error").first).to_be_visible()
        open_all_details(page)
        checked.append(f"[{language}] {what}")
        problems = [
            f"{v['id']} ({v['impact']}): {'; '.join(v['targets'])}" for v in axe_violations(page)
        ]
        problems += small_targets(page)
        if problems:
            found[f"[{language}] {what}"] = problems

    def send_empty(page: Page, form: str) -> None:
        page.locator(form).locator("button[type=submit]").last.click()

    for language in LANGUAGES:
        context = new_context(browser, server_url, language, bypass_csp=True)
        try:
            page = context.new_page()
            page.goto(reverse("accounts:login"))
            page.locator("input[name=username]").fill("nobody-at-all")
            with page.expect_navigation():
                send_empty(page, "form[action$='/accounts/login/']")
            check(language, page, "login with a wrong password")
            page.close()

            page = logged_in_page(context)
            page.goto(reverse("projects:create"))
            with page.expect_navigation():
                send_empty(page, "main form")
            check(language, page, "new project without a title")
            for title, form in (
                (STAGES_PROJECT, "#dimension-resources form"),
                (INTERACTION_PROJECT, "#links form"),
                (ACTION_PROJECT, "#actions form[action$='/actions/add']"),
            ):
                page.goto(reverse("projects:list"))
                page.get_by_role("link", name=title, exact=True).click()
                page.locator(".current-cycle a").click()
                open_all_details(page)
                send_empty(page, form)  # htmx swaps the section with its errors
                check(language, page, f"{title}: {form} sent empty")
        finally:
            context.close()

    assert len(checked) == 2 * 5, checked
    assert not found, "in error states:\n" + report(found)


def test_it_reports_what_axe_and_the_target_check_find(browser: Browser, server_url: str) -> None:
    # Both checks above must be able to fail: a picture without a text alternative, a field
    # without a label and a tiny standalone link, added to a real page, are all reported.
    context = new_context(browser, server_url, "en", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(reverse("accounts:login"))
        page.evaluate(
            """() => document.querySelector("main").insertAdjacentHTML("beforeend",
                 '<img src="/static/powertriangle/favicon.svg" width="20" height="20">' +
                 '<input type="text" name="nameless">' +
                 '<div><a href="/projects/" id="tiny">x</a></div>')"""
        )
        found = {v["id"]: v for v in axe_violations(page)}
        assert {"image-alt", "label"} <= found.keys(), found
        assert found["label"]["targets"] == ['input[name="nameless"]']
        small = small_targets(page)
        assert any(target.startswith('a#tiny "x" is ') for target in small), small
    finally:
        context.close()
