"""The Nu Html Checker (npm `vnu-jar`, run on the machine's Java): the field's own validator of
HTML, on the documents the crawl brought back. `npm ci` at the repository root installs it
(package.json); POWERTRIANGLE_VNU_JAR points elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_jar() -> Path:
    """The checker's jar and Java, or a skip (a failure where CI requires the browser tests)."""
    jar = Path(os.environ.get("POWERTRIANGLE_VNU_JAR", DEFAULT_JAR))
    missing = []
    if not jar.is_file():
        missing.append(f"{jar} (run: npm ci)")
    if shutil.which("java") is None:
        missing.append("java (apt-get install -y openjdk-17-jre-headless)")
    if missing:
        message = "the Nu Html Checker needs " + " and ".join(missing)
        if os.environ.get("POWERTRIANGLE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return jar


def html_errors(documents: dict[str, str]) -> list[str]:
    """Every error (and warning the checker marks as an error) in `documents` (name → HTML),
    as "name:line: message"."""
    jar = vnu_jar()
    with tempfile.TemporaryDirectory() as folder:
        names: dict[str, str] = {}
        for i, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{i:03d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        result = subprocess.run(
            [
                "java",
                "-Xss16m",
                "-jar",
                str(jar),
                "--format",
                "json",
                "--exit-zero-always",
                "--stdout",
                *sorted(str(Path(folder) / p) for p in os.listdir(folder)),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    if result.returncode != 0 or not result.stdout.strip():
        pytest.fail(f"the Nu Html Checker did not run: {result.stderr[-2000:]}")
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url', '?'))}:"
        f"{m.get('lastLine', '?')}: "
        f"{m.get('message', '')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
