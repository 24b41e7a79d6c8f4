"""The `powertriangle` commands, called as Django commands in the test process."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.ops.demo import demo_seed
from powertriangle.ops.serve import serve_url, sqlite_warning
from powertriangle.orgs.models import Organisation, OrgMembership
from powertriangle.orgs.services import organisation_create
from powertriangle.projects.models import Project
from powertriangle.triangle.catalogue import default_catalogue_path, load_default_catalogue
from tests.conftest import PASSWORD
from tests.integration.cli_catalogues import BROKEN

DEFAULT_YAML = str(default_catalogue_path())


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English, whatever POWERTRIANGLE_LANGUAGE says."""
    with translation.override("en"):
        yield


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


# ── accounts ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.django_db
def test_it_creates_an_admin_without_questions() -> None:
    output = run("createadmin", "--username", "root", "--password", PASSWORD)
    assert "root" in output
    user = User.objects.get(username="root")
    assert user.is_superuser
    assert user.is_staff
    assert authenticate(username="root", password=PASSWORD) == user


@pytest.mark.django_db
def test_it_reads_the_admin_password_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text(f"{PASSWORD}\nignored second line\n", encoding="utf-8")
    run("createadmin", "--username", "root", "--password-file", str(secret))
    assert authenticate(username="root", password=PASSWORD) is not None


@pytest.mark.django_db
def test_it_refuses_an_admin_that_exists_or_has_no_password(tmp_path: Path) -> None:
    run("createadmin", "--username", "root", "--password", PASSWORD)
    assert "--username: That username is taken." in refused(
        "createadmin", "--username", "root", "--password", PASSWORD
    )
    assert "--password" in refused("createadmin", "--username", "other")
    assert "no such file" in refused(
        "createadmin", "--username", "other", "--password-file", str(tmp_path / "missing")
    )
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_it_adds_a_user_and_creates_the_organisation_path() -> None:
    path = "Region Jönköpings län/Eksjö kommun/Hemtjänst Norr"
    output = run("adduser", "ylva", "--password", PASSWORD, "--org", path, "--role", "manager")
    assert "ylva" in output
    unit = Organisation.objects.get(name="Hemtjänst Norr")
    chain = list(Organisation.objects.filter(pk__in=unit.path.strip("/").split("/")))
    assert [(o.name, o.kind) for o in chain] == [
        ("Region Jönköpings län", "region"),
        ("Eksjö kommun", "municipality"),
        ("Hemtjänst Norr", "unit"),
    ]
    membership = OrgMembership.objects.get(user__username="ylva")
    assert (membership.organisation, membership.role) == (unit, "manager")

    run("adduser", "ulf", "--password", PASSWORD, "--org", f"/{path}/")
    assert Organisation.objects.count() == 3
    assert OrgMembership.objects.get(user__username="ulf").role == "coach"
    assert authenticate(username="ulf", password=PASSWORD) is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "boss"], "--role: choose coach or manager"),
        (["--password", ""], "--password: Enter a password."),
        (["--password", "abc"], "--password: This password is too short."),
        (["--org", "Region//Unit"], "--org: This field cannot be empty."),
        (["--org", ""], "--org: This field cannot be empty."),
    ],
)
def test_it_explains_what_is_wrong_with_a_new_user_and_writes_nothing(
    args: list[str], message: str
) -> None:
    options = {"--password": PASSWORD, "--org": "Region/Unit", "--role": "coach"}
    options.update(zip(args[::2], args[1::2], strict=True))
    flat = [item for pair in options.items() for item in pair]
    assert message in refused("adduser", "vera", *flat)
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_empty_username() -> None:
    assert "USERNAME: This field cannot be empty." in refused(
        "adduser", "  ", "--password", PASSWORD, "--org", "Region/Unit"
    )


# ── catalogues ────────────────────────────────────────────────────────────────────────────


def test_it_finds_the_default_catalogue_valid() -> None:
    catalogue = load_default_catalogue()
    output = run("catalogue", "validate", DEFAULT_YAML)
    expected = f"{len(catalogue.factors)} factors, {len(catalogue.prompts)} prompts"
    assert output.strip() == f"{DEFAULT_YAML}: ok ({expected})"


def test_it_lists_every_problem_of_a_catalogue_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="3 problems found"):
        call_command("catalogue", "validate", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{path}:8: ")
    assert "duplicate key" in lines[0]
    assert lines[1].startswith(f"{path}:9: ")
    assert "power" in lines[1]
    assert lines[2].startswith(f"{path}:16: ")
    assert "'sv'" in lines[2]


def test_it_says_when_a_catalogue_file_cannot_be_read(tmp_path: Path) -> None:
    assert "no such file" in refused("catalogue", "validate", str(tmp_path / "nope.yaml"))
    assert "not UTF-8" in refused("catalogue", "validate", _latin1_file(tmp_path))
    assert "is a folder" in refused("catalogue", "validate", str(tmp_path))


def _latin1_file(tmp_path: Path) -> str:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("catalogue: Hemtjänst\n".encode("latin-1"))
    return str(path)


def test_it_prints_the_default_catalogue_to_copy() -> None:
    output = run("catalogue", "export-default")
    assert output == default_catalogue_path().read_text(encoding="utf-8")


@pytest.mark.django_db
def test_it_lets_an_organisation_use_a_catalogue(tmp_path: Path) -> None:
    text = default_catalogue_path().read_text(encoding="utf-8")
    # A renamed key is renamed where a counterpart names it too (the validator checks that).
    ours = text.replace("catalogue: default", "catalogue: eksjo", 1).replace(
        "res-no-time", "res-no-time-eksjo"
    )
    path = tmp_path / "eksjo.yaml"
    path.write_text(ours, encoding="utf-8")
    output = run("catalogue", "use", str(path), "--org", "Region Jönköpings län/Eksjö kommun")
    assert "Eksjö kommun" in output
    municipality = Organisation.objects.get(name="Eksjö kommun")
    unit = organisation_create(name="Hemtjänst Norr", parent=municipality)
    chosen = catalogue_for_organisation(unit)
    assert chosen.name == "eksjo"
    assert chosen.entries.filter(key="res-no-time-eksjo").exists()


@pytest.mark.django_db
def test_it_does_not_use_a_broken_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert "3 problems" in refused("catalogue", "use", str(path), "--org", "Region")
    assert not Organisation.objects.exists()


# ── serving ───────────────────────────────────────────────────────────────────────────────


def test_it_refuses_impossible_server_settings() -> None:
    assert "--port: Choose a port from 1 to 65535." in refused("serve", "--port", "70000")
    assert "--workers" in refused("serve", "--workers", "0")
    assert "--host" in refused("demo", "--host", " ")


def test_it_warns_that_sqlite_wants_one_worker() -> None:
    sqlite = "django.db.backends.sqlite3"
    assert sqlite_warning(1, engine=sqlite) is None
    warning = sqlite_warning(4, engine=sqlite)
    assert warning is not None
    assert "SQLite wants one worker" in warning
    assert sqlite_warning(4, engine="django.db.backends.postgresql") is None


def test_it_shows_a_url_to_open() -> None:
    assert serve_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert serve_url("0.0.0.0", 8080) == "http://127.0.0.1:8080/"  # noqa: S104
    assert serve_url("::1", 8000) == "http://[::1]:8000/"


# ── export and import ─────────────────────────────────────────────────────────────────────


@pytest.mark.django_db
def test_it_round_trips_a_project_through_files(tmp_path: Path) -> None:
    project_id = demo_seed().project_id
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert "first.json" in run("export_project", str(project_id), "--out", str(first))
    text = first.read_text(encoding="utf-8")
    assert "Trygg hemgång" in text  # letters kept as they are (ensure_ascii=False)
    assert json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n" == text

    output = run(
        "import_project", str(first), "--org", "Region Kalmar län/Vimmerby kommun/Hemtjänst"
    )
    imported = Project.objects.exclude(pk=project_id).get()
    assert str(imported.pk) in output
    assert imported.organisation.name == "Hemtjänst"
    run("export_project", str(imported.pk), "--out", str(second))
    assert second.read_text(encoding="utf-8") == text


@pytest.mark.django_db
def test_it_exports_to_standard_output() -> None:
    project_id = demo_seed().project_id
    document = json.loads(run("export_project", str(project_id)))
    assert isinstance(document, dict)


@pytest.mark.django_db
def test_it_explains_bad_export_and_import_input(tmp_path: Path) -> None:
    assert "no project with the id 999" in refused("export_project", "999")
    assert "no project with the id abc" in refused("export_project", "abc")
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "format": "powertriangle",\n  oops\n}\n', encoding="utf-8")
    assert re.search(
        r"broken\.json:3:\d+: not valid JSON", refused("import_project", str(broken), "--org", "R")
    )
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    assert "must hold a JSON object" in refused("import_project", str(listed), "--org", "R")
    assert "no such file" in refused("import_project", str(tmp_path / "none.json"), "--org", "R")
    empty = tmp_path / "empty.json"
    empty.write_text("{}", encoding="utf-8")
    refused("import_project", str(empty), "--org", "R")
    assert not Organisation.objects.exists()
    assert not Project.objects.exists()
