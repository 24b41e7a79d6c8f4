"""Django's deployment checklist (`check --deploy`) with production settings gives 0 warnings.

It runs the real command line in a subprocess, because production settings are read from the
environment when the settings module is imported: POWERTRIANGLE_ENV=production, a long random
SECRET_KEY, ALLOWED_HOSTS and a fresh data folder. `--fail-level WARNING` makes any warning
a non-zero exit. A second run with local (development) settings must warn, which shows the check
really looks at the settings this test gives it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "powertriangle", "check", "--deploy", "--fail-level", "WARNING"]


def run_check(data_dir: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("POWERTRIANGLE_", "SECURE_", "SESSION_", "CSRF_"))
        and name not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "powertriangle.settings",
            "POWERTRIANGLE_DATA_DIR": str(data_dir),
            "PYTHONPATH": str(REPO_ROOT / "src"),
            **settings,
        }
    )
    return subprocess.run(
        COMMAND, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_it_passes_the_deployment_checklist_with_production_settings(tmp_path: Path) -> None:
    result = run_check(
        tmp_path,
        POWERTRIANGLE_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),  # 80 characters
        ALLOWED_HOSTS="example.org",
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
    assert "WARNINGS" not in output, output
    assert "?:" not in output, output


def test_it_warns_with_development_settings(tmp_path: Path) -> None:
    result = run_check(tmp_path, POWERTRIANGLE_ENV="local", SECRET_KEY="short")

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012"):
        assert warning in output, output
