"""Browser tests: Debian's chromium driven by Playwright's sync API, against the app served by
uvicorn in a subprocess (ASGI, so live event streams work; pytest-django's live_server is WSGI).

The server gets its own data folder and SQLite database, migrated and seeded in subprocesses
before it starts; the test process never uses Django's database in these tests (Playwright's sync
API and the ORM in one test raise SynchronousOnlyOperation). Playwright, the browser and the server
start once per session, on the first browser test; each test gets a fresh browser context.

Without /usr/bin/chromium the tests skip, unless POWERTRIANGLE_REQUIRE_BROWSER=1 (CI) makes
that a failure. On failure a screenshot goes to test-artifacts/ and the server's log is added to
the report.

The Swedish "coach runs a full cycle" test belongs in tests/e2e/test_full_cycle.py, using
`page_sv`, `server_url` and `support.log_in_as_coach`.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
STARTUP_TIMEOUT = 30.0
SETUP_TIMEOUT = 180.0
LOG_TAIL_LINES = 200
# Playwright's own waits; generous for a loaded 2-core CI machine, short enough to fail fast.
DEFAULT_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def log_tail(self) -> str:
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            return f"(server log unreadable: {exc})"
        return "\n".join(lines[-LOG_TAIL_LINES:])


DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "client", "admin_client"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here is a browser test, and none may use the test process's database."""
    here = Path(__file__).parent
    for item in items:
        if here not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        used = DB_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if used or item.get_closest_marker("django_db"):
            raise pytest.UsageError(
                f"{item.nodeid}: browser tests must not use the test database "
                f"({', '.join(sorted(used)) or 'django_db'}); seed through tests/e2e/seed.py"
            )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _server_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The server always uses its own SQLite file, also when the suite runs on PostgreSQL.
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "POWERTRIANGLE_LANGUAGE"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "powertriangle.settings",
            "POWERTRIANGLE_DATA_DIR": str(data_dir),
            "POWERTRIANGLE_ENV": "local",
            "DEBUG": "false",
            "PYTHONPATH": os.pathsep.join(
                [str(REPO_ROOT), str(REPO_ROOT / "src"), env.get("PYTHONPATH", "")]
            ).rstrip(os.pathsep),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run_step(args: list[str], env: dict[str, str], what: str) -> str:
    """Run a set-up step in a subprocess; fail the test with its output if it fails; its stdout."""
    try:
        result = subprocess.run(
            args,
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=SETUP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} took longer than {SETUP_TIMEOUT:.0f} s: {' '.join(args)}")
    if result.returncode != 0:
        pytest.fail(
            f"{what} failed (exit {result.returncode}): {' '.join(args)}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
        )
    return result.stdout


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"uvicorn exited with {server.process.returncode} before it served /healthz.\n"
                f"--- server log ---\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
                last_error = f"status {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    pytest.fail(
        f"{server.url}/healthz did not answer 200 within {STARTUP_TIMEOUT:.0f} s ({last_error}).\n"
        f"--- server log ---\n{server.log_tail()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app under uvicorn on a free port, with a fresh, migrated and seeded database."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    env = _server_env(data_dir)
    python = sys.executable
    run_step([python, "-m", "powertriangle", "migrate", "--no-input"], env, "migrate")
    run_step([python, "-m", "tests.e2e.seed"], env, "seeding the browser tests' database")
    port = _free_port()
    log = data_dir / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                python,
                "-m",
                "uvicorn",
                "powertriangle.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--lifespan",
                "off",
                "--timeout-graceful-shutdown",
                "1",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    running = Server(url=f"http://127.0.0.1:{port}", log=log, process=process)
    try:
        _wait_healthy(running)
        yield running
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def server_url(server: Server) -> str:
    """The server's origin, without a trailing slash (http://127.0.0.1:<port>)."""
    return server.url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = "chromium is not installed: apt-get install -y chromium (CI installs it)"
        if os.environ.get("POWERTRIANGLE_REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; POWERTRIANGLE_REQUIRE_BROWSER=1 forbids skipping")
        pytest.skip(message)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    try:
        yield chromium
    finally:
        chromium.close()


def _page(browser: Browser, server_url: str, locale: str, accept_language: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=server_url,
        locale=locale,
        extra_http_headers={"Accept-Language": accept_language},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page_sv(browser: Browser, server_url: str) -> Iterator[Page]:
    """A fresh browser context that asks for Swedish; `page.goto("/path")` goes to the server."""
    yield from _page(browser, server_url, "sv-SE", "sv-SE,sv;q=0.9")


@pytest.fixture
def page_en(browser: Browser, server_url: str) -> Iterator[Page]:
    """A fresh browser context that asks for British English."""
    yield from _page(browser, server_url, "en-GB", "en-GB,en;q=0.9")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    outcome = yield
    report = outcome.get_result()
    if not report.failed or report.when == "teardown":
        return
    funcargs = getattr(item, "funcargs", {})
    for name in ("page_sv", "page_en"):
        page = funcargs.get(name)
        if isinstance(page, Page) and not page.is_closed():
            ARTIFACTS.mkdir(exist_ok=True)
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)
            path = ARTIFACTS / f"{stem}-{name}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
                report.sections.append(("screenshot", str(path)))
            except Exception as exc:  # a failed screenshot must not hide the real failure
                report.sections.append(("screenshot", f"not taken: {exc}"))
    running = funcargs.get("server")
    if isinstance(running, Server):
        report.sections.append(("server log (tail)", running.log_tail()))


def seed_into(server: Server, module: str, what: str) -> Any:
    """Run a seed module (`python -m module`) in the server's environment, into its database
    (its data folder is where its log is); what the seed's last line prints, as JSON."""
    env = _server_env(Path(server.log).parent)
    out = run_step([sys.executable, "-m", module], env, what)
    return json.loads(out.strip().splitlines()[-1])


def seed_live_project(server: Server) -> dict[str, int]:
    """A project of its own with a cycle in reaction and four members, seeded into the server's
    database (tests/workshops/e2e_seed.py): {"project": id, "cycle": id}."""
    seeded: dict[str, int] = seed_into(server, "tests.workshops.e2e_seed", "seeding a live project")
    return seeded
