"""Pages for people's data rights and the end of a project: a member's data (page and JSON
download), erasing a member, archiving a project and deleting an archived one. Only the
project's coaches reach them (404 for anyone else); archived projects included."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from powertriangle.core.access import get_project
from powertriangle.core.choices import RoleChoice
from powertriangle.projects import selectors
from powertriangle.projects.forms import apply_errors
from powertriangle.projects.models import Member, Project
from powertriangle.projects.rights.ending import project_archive, project_delete
from powertriangle.projects.rights.erasure import ErasureMode, erasure_plan, member_erase
from powertriangle.projects.rights.subject import member_data
from powertriangle.projects.rights_forms import ErasureForm, ProjectDeleteForm

INVALID = 422


def _member(request: HttpRequest, pk: int, member_pk: int) -> tuple[Project, Member]:
    project = get_project(request.user, pk, write=True, archived=True)
    member = selectors.member_of(project, member_pk)
    if member is None:
        raise Http404
    return project, member


@login_required
@require_http_methods(["GET", "HEAD"])
def member_data_page(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Everything stored about one member, readable; the same as a JSON file to download."""
    project, member = _member(request, pk, member_pk)
    data = member_data(member)
    role = RoleChoice(member.role).label
    context = {"project": project, "member": member, "data": data, "role_label": role}
    return render(request, "projects/member_data.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def member_data_download(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    _project, member = _member(request, pk, member_pk)
    body = json.dumps(member_data(member), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    # The file is named by ids only: a name in a downloads folder is one more copy of it.
    filename = f"member-{member.project_id}-{member.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_erase_page(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Say what an erasure touches, let the coach choose how, then erase."""
    project, member = _member(request, pk, member_pk)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    context = {"project": project, "member": member, "plan": erasure_plan(member), "form": form}
    if request.method != "POST":
        return render(request, "projects/member_erase.html", context)
    if form.is_valid():
        try:
            member_erase(
                by=request.user, member=member, mode=ErasureMode(form.cleaned_data["mode"])
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The person was erased from the project."))
            return redirect(reverse("projects:detail", args=[project.pk]) + "#members")
    return render(request, "projects/member_erase.html", context, status=INVALID)


@login_required
@require_POST
def project_archive_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request.user, pk, write=True, archived=True)
    archived = request.POST.get("archived") == "1"
    try:
        project_archive(by=request.user, project=project, archived=archived)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if archived:
            messages.success(request, _("The project is archived: it can be read, not changed."))
        else:
            messages.success(request, _("The project is back in use."))
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_delete_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an archived project after a confirmation (a project in use is archived first)."""
    project = get_project(request.user, pk, write=True, archived=True)
    form = ProjectDeleteForm(request.POST if request.method == "POST" else None)
    context = {"project": project, "form": form, "cycles": project.cycles.count()}
    if request.method != "POST":
        return render(request, "projects/delete.html", context)
    if form.is_valid():
        try:
            project_delete(by=request.user, project=project)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The project was deleted."))
            return redirect("projects:list")
    return render(request, "projects/delete.html", context, status=INVALID)
