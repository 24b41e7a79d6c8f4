"""Export and import through the API: the same documents as the service, paths into the
document for its problems, and the same access rules."""

from __future__ import annotations

from django.test import Client

from powertriangle.accounts.tokens import token_issue
from powertriangle.exchange.services import project_export
from powertriangle.projects.models import Project
from tests.conftest import PASSWORD, World
from tests.integration.test_exchange import rich

__all__ = ["rich"]  # the fixture


def _bearer(world: World, username: str) -> Client:
    key = token_issue(username=username, password=PASSWORD)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def test_it_exports_and_imports_through_the_api(rich: World) -> None:
    alice = _bearer(rich, "alice")
    exported = alice.get(f"/api/v1/projects/{rich.project.pk}/export")
    assert exported.status_code == 200
    document = exported.json()
    assert document == project_export(by=None, project=rich.project)
    response = alice.post(
        "/api/v1/import",
        {"organisation_id": rich.unit.pk, "document": document},
        content_type="application/json",
    )
    assert response.status_code == 201
    project_id = response.json()["project_id"]
    assert Project.objects.get(pk=project_id).organisation == rich.unit
    assert alice.get(f"/api/v1/projects/{project_id}/export").json() == document
    # The manager reads the export but cannot import.
    maria = _bearer(rich, "maria")
    assert maria.get(f"/api/v1/projects/{rich.project.pk}/export").status_code == 200
    refused = maria.post(
        "/api/v1/import",
        {"organisation_id": rich.unit.pk, "document": document},
        content_type="application/json",
    )
    assert refused.status_code == 404


def test_it_reports_document_paths_through_the_api(rich: World) -> None:
    alice = _bearer(rich, "alice")
    document = project_export(by=None, project=rich.project)
    document["cycles"][0]["factors"][3]["dimension"] = "power"
    document["cycles"][0]["factors"][3]["text"] = ""
    before = Project.objects.count()
    response = alice.post(
        "/api/v1/import",
        {"organisation_id": rich.unit.pk, "document": document},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "field": "document.cycles[0].factors[3].dimension",
                "message": "Choose one of: resources, discourses, contexts.",
            },
            {
                "field": "document.cycles[0].factors[3].text",
                "message": "This field cannot be empty.",
            },
        ]
    }
    response = alice.post(
        "/api/v1/import",
        {"organisation_id": rich.unit.pk, "document": []},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "document"
    assert Project.objects.count() == before
