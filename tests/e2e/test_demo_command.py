"""The README's demo command on a fresh machine: `powertriangle demo` prepares an empty data folder,
seeds the demo, serves it and says where and how to log in; the demo coach then sees the Esther
project with two closed cycles and an open one.

It runs `python -m powertriangle demo --port <free port>` (the README's `.venv/bin/powertriangle
demo` on another port, so it never clashes with a running demo) in a temporary folder, with none
of this machine's settings in the environment."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from powertriangle.ops.demo import COACH_USERNAME, DEMO_PASSWORD, PROJECT_TITLE
from tests.e2e.support import log_in

pytestmark = pytest.mark.browser

STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
# Settings a developer's shell may carry that a fresh clone would not have.
NOT_ON_A_FRESH_MACHINE = {
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DEBUG",
    "REDIS_URL",
    "SECRET_KEY",
    "STATIC_ROOT",
    "TIME_ZONE",
}


@dataclass(frozen=True)
class Demo:
    url: str
    process: subprocess.Popen[bytes]
    output: Path
    data_dir: Path

    def printed(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _fresh_environment(data_dir: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in NOT_ON_A_FRESH_MACHINE and not name.startswith(("POWERTRIANGLE_", "DJANGO_"))
    }
    env["POWERTRIANGLE_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _wait_until_served(demo: Demo) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if demo.process.poll() is not None:
            pytest.fail(
                f"`powertriangle demo` exited with {demo.process.returncode} before it served "
                f"/healthz.\n--- its output ---\n{demo.printed()}"
            )
        try:
            with urllib.request.urlopen(demo.url + "healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
                last_error = f"status {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    pytest.fail(
        f"{demo.url}healthz did not answer 200 within {STARTUP_TIMEOUT:.0f} s ({last_error}).\n"
        f"--- output of `powertriangle demo` ---\n{demo.printed()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    """`powertriangle demo` running in an empty folder with an empty data folder."""
    workdir = tmp_path / "clone"
    workdir.mkdir()
    port = _free_port()
    output = tmp_path / "demo-output.txt"
    data_dir = tmp_path / "data"
    with output.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "powertriangle", "demo", "--port", str(port)],
            cwd=workdir,
            env=_fresh_environment(data_dir),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    running = Demo(f"http://127.0.0.1:{port}/", process, output, data_dir)
    try:
        _wait_until_served(running)
        yield running
    finally:
        _stop(process)


@pytest.fixture
def demo_page(browser: Browser, demo: Demo) -> Iterator[Page]:
    context = browser.new_context(
        base_url=demo.url.rstrip("/"),
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_it_serves_the_demo_from_a_fresh_folder_and_lets_the_demo_coach_in(
    demo: Demo, demo_page: Page
) -> None:
    printed = demo.printed()
    assert demo.url in printed, printed
    assert COACH_USERNAME in printed, printed
    assert DEMO_PASSWORD in printed, printed
    assert (demo.data_dir / "powertriangle.sqlite3").is_file()

    page = demo_page
    log_in(page, COACH_USERNAME, DEMO_PASSWORD)
    page.get_by_role("link", name=PROJECT_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT_TITLE)

    history = page.get_by_role("table", name="Cycle history")
    rows = history.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(3)
    for number in (1, 2):
        row = rows.filter(has=page.get_by_role("rowheader", name=f"Cycle {number}", exact=True))
        expect(row.get_by_role("cell").first).to_have_text("Closed")
    open_row = rows.filter(has=page.get_by_role("rowheader", name="Cycle 3", exact=True))
    expect(open_row.get_by_role("cell").first).not_to_have_text("Closed")
    expect(page.get_by_text(re.compile(r"^Cycle 3 is open, in the stage: \w+\.$"))).to_be_visible()

    # The open cycle begins with a look back at cycle 2's actions.
    page.get_by_role("link", name="Go to cycle 3", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cycle 3")
    review = page.get_by_role("region", name="Looking back: how did the actions go?")
    expect(review.get_by_role("heading", level=3).first).to_be_visible()
