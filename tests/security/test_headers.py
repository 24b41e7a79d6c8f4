"""Security headers on every route, no inline script or style in any page, and production's
transport settings (HSTS, Secure/HttpOnly/SameSite cookies).

Routes come from Django's URL resolver, so a new route is checked the day it is added. Each is
requested with GET, anonymously and as the coach, with real objects in its path (a project, a
cycle, a factor...; see PATH_VALUES in paths.py); whatever the answer (a page, a redirect, 404,
405), it carries the headers. Every HTML page that answers 200 is parsed: no <script> without
src, no <style> element, no style="" or on*="" attribute, no javascript: URL.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponseBase
from django.test import Client

from tests.conftest import World
from tests.security.paths import EVERY, Objects, make_objects, routes
from tests.streams import close_unread

REPO_ROOT = Path(__file__).resolve().parents[2]
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}
UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:")


@pytest.fixture
def objects(world: World) -> Objects:
    return make_objects(world)


def _get(client: Client, path: str) -> HttpResponseBase:
    response: HttpResponseBase = client.get(path)
    close_unread(response)  # an event stream is never read here
    return response


class InlineCode(HTMLParser):
    """Everything in a page that a strict CSP would block, or that needs unsafe-inline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script_without_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value or "" for name, value in attrs}
        if tag == "script" and not names.get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in names.items():
            script_url = name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:")
            if name == "style" or name.startswith("on") or script_url:
                self.found.append(f'<{tag} {name}="{value}">')

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def header_problems(response: HttpResponseBase) -> list[str]:
    problems = []
    csp = csp_directives(response.headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src"))
    if scripts is None:
        problems.append("no script-src or default-src in the Content-Security-Policy")
    elif unsafe := [s for s in scripts if s in UNSAFE_SOURCES or s.startswith("http")]:
        problems.append(f"script-src allows {unsafe}")
    styles = csp.get("style-src", csp.get("default-src", []))
    if unsafe := [s for s in styles if s in UNSAFE_SOURCES]:
        problems.append(f"style-src allows {unsafe}")
    for directive in ("frame-ancestors", "object-src", "base-uri"):
        if csp.get(directive) != ["'none'"]:
            problems.append(f"{directive} is {csp.get(directive)}, not 'none'")
    expected = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}
    for name, value in expected.items():
        if response.headers.get(name) != value:
            problems.append(f"{name} is {response.headers.get(name)!r}, not {value!r}")
    referrer = response.headers.get("Referrer-Policy", "")
    if referrer not in {"no-referrer", "same-origin", "strict-origin"}:
        problems.append(f"Referrer-Policy is {referrer!r}")
    return problems


def test_it_knows_every_path_parameter() -> None:
    unknown = [f"{r.name}: /{r.pattern}" for r in routes() if r.path(objects=EVERY) is None]
    regex = [f"{r.name}: {r.pattern}" for r in routes() if r.regex_only]
    assert not unknown, (
        "these routes have path parameters that tests/security/test_headers.py cannot fill; "
        "add them to PATH_VALUES in tests/security/paths.py (and make such an object in "
        "`make_objects`):\n" + "\n".join(unknown)
    )
    assert not regex, f"routes written as regular expressions cannot be filled in: {regex}"


def participant(world: World, objects: Objects) -> Client:
    """A phone that joined the workshop as Esther, through the QR link's form."""
    phone = Client()
    joined = phone.post(
        f"/w/{objects.workshop}/join", {"token": objects.join_token, "member": world.esther.pk}
    )
    assert joined.status_code == 303, joined.content.decode()[:500]
    return phone


def test_it_sends_strict_headers_on_every_route(world: World, objects: Objects) -> None:
    clients: dict[str, Client] = {
        "anonymous": Client(),
        "coach": world.client_for(world.coach),
        "participant": participant(world, objects),
    }
    problems: dict[str, list[str]] = {}
    pages: list[str] = []
    for route in routes():
        path = route.path(objects) or route.path(None)
        assert path is not None
        for who, client in clients.items():
            response = _get(client, path)
            where = f"{who} GET {path} ({route.name}) → {response.status_code}"
            found = header_problems(response)
            content_type = response.headers.get("Content-Type", "")
            if response.status_code == 200 and content_type.startswith("text/html"):
                pages.append(f"{who} {path}")
                assert not response.streaming
                found += inline_code(response.content.decode())  # type: ignore[attr-defined]
            if found:
                problems[where] = found
    assert not problems, "\n".join(f"{where}: {found}" for where, found in problems.items())
    # The walk reached real pages: the login page, the project list, the cycle workspace, the
    # big screen of a workshop, the QR link's page and a phone's page.
    for expected in (
        "anonymous /accounts/login/",
        "coach /projects/",
        f"coach /cycles/{objects.cycle}/",
        f"coach /workshops/{objects.workshop}/present",
        f"anonymous /w/{objects.join_token}",
        f"participant /w/{objects.workshop}/",
    ):
        assert expected in pages, pages


def test_it_flags_inline_code_and_weak_policies() -> None:
    # The checks above must be able to fail.
    html = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script><style>p{}</style>'
        '<a href=" JavaScript:alert(1)">b</a><script src="/static/app.js"></script>'
    )
    assert inline_code(html) == [
        '<p style="color:red">',
        '<p onclick="x()">',
        "<script> without src",
        "<style> element",
        '<a href=" JavaScript:alert(1)">',
    ]
    weak = HttpResponseBase()
    weak.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'"
    )
    assert header_problems(weak) == [
        "script-src allows [\"'unsafe-inline'\"]",
        "frame-ancestors is None, not 'none'",
        "object-src is None, not 'none'",
        "base-uri is None, not 'none'",
        "X-Content-Type-Options is None, not 'nosniff'",
        "X-Frame-Options is None, not 'DENY'",
        "Referrer-Policy is ''",
    ]


def test_it_configures_htmx_to_live_with_the_csp(world: World) -> None:
    html = world.client_for(world.coach).get("/projects/").content.decode()
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert match, "base.html has no htmx-config meta"
    config = json.loads(match[1])
    # htmx 2 injects a <style> for its indicators unless told not to; CSP style-src 'self'
    # would block it (a console error) — and inline eval or script tags must stay off.
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    vendor = REPO_ROOT / "src/powertriangle/core/static/powertriangle/vendor"
    (htmx,) = vendor.glob("htmx-2.*.min.js")
    assert "includeIndicatorStyles" in htmx.read_text(encoding="utf-8")


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from powertriangle.accounts.services import user_create
from powertriangle.orgs.services import organisation_create
unit = organisation_create(name="Unit", kind="unit")
user_create(username="alice", password="a long demo passphrase 42", organisation=unit, role="coach")
client = Client(SERVER_NAME="example.org")
def cookies(response):
    return {name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]),
                   "samesite": m["samesite"]} for name, m in response.cookies.items()}
plain = client.get("/accounts/login/")
forged = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
page = client.get("/accounts/login/", secure=True)
login = client.post("/accounts/login/", {"username": "alice",
                    "password": "a long demo passphrase 42"}, secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location", "")],
    "forged": forged.status_code,
    "page": [page.status_code, dict(page.headers), cookies(page)],
    "login": [login.status_code, dict(login.headers), cookies(login)],
}))
"""


def _probe(tmp_path: Path, **extra: str) -> dict[str, Any]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("POWERTRIANGLE_", "SECURE_", "SESSION_", "CSRF_"))
        and name not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "powertriangle.settings",
            "POWERTRIANGLE_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "example.org",
            "POWERTRIANGLE_DATA_DIR": str(tmp_path),
            "PYTHONPATH": str(REPO_ROOT / "src"),
            **extra,
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return seen


def test_it_believes_x_forwarded_proto_only_behind_a_declared_proxy(tmp_path: Path) -> None:
    assert _probe(tmp_path / "a")["forged"] == 301  # any client could send the header
    assert _probe(tmp_path / "b", POWERTRIANGLE_TRUSTED_PROXY="true")["forged"] == 200


def test_it_uses_hsts_and_secure_cookies_in_production(tmp_path: Path) -> None:
    seen = _probe(tmp_path)

    # Plain HTTP is sent to HTTPS; HTTPS answers carry HSTS for a year or more.
    assert seen["plain"] == [301, "https://example.org/accounts/login/"]
    status, headers, cookies = seen["page"]
    assert status == 200
    hsts = dict(
        [*part.strip().split("="), ""][:2]
        for part in headers["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= 31_536_000
    assert "includeSubDomains" in hsts
    assert cookies["csrftoken"]["secure"] is True
    assert cookies["csrftoken"]["samesite"] in {"Lax", "Strict"}

    status, headers, cookies = seen["login"]
    assert status == 302, "the coach could not log in over HTTPS"
    session = cookies["sessionid"]
    assert session == {"secure": True, "httponly": True, "samesite": session["samesite"]}
    assert session["samesite"] in {"Lax", "Strict"}
    assert "Strict-Transport-Security" in headers
