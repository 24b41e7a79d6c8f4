"""Pages for projects and their members. Reads go through core.access (404 for anyone without
access), writes through the services; the services' messages are shown next to the fields."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from powertriangle.core.access import can_write, get_project, writable_organisations
from powertriangle.core.errors import ConflictError
from powertriangle.core.onetime import once
from powertriangle.projects import selectors
from powertriangle.projects.forms import (
    ROLE_REWORDED,
    MemberEditForm,
    MemberForm,
    ProjectCreateForm,
    ProjectEditForm,
    apply_errors,
)
from powertriangle.projects.models import Member, Project
from powertriangle.projects.services import (
    member_add,
    member_update,
    project_create,
    project_update,
)

INVALID = 422  # the same page again, with messages next to the fields
CONFLICT = 409


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@login_required
@require_http_methods(["GET", "HEAD"])
def project_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.projects_by_organisation(request.user)
    archived = selectors.projects_by_organisation(request.user, archived=True)
    may_create = writable_organisations(request.user).exists()
    context = {"groups": groups, "archived": archived, "may_create": may_create}
    return render(request, "projects/list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    organisations = writable_organisations(request.user).order_by("path")
    if not organisations.exists():
        raise Http404
    if request.method != "POST":
        form = ProjectCreateForm(organisations=organisations)
        return render(request, "projects/create.html", {"form": form})
    form = ProjectCreateForm(request.POST, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = once(
                request.user,
                data["form_key"],
                "project",
                lambda: project_create(
                    by=request.user,
                    organisation=data["organisation"],
                    title=data["title"],
                    esther_question=data["esther_question"],
                    description=data["description"],
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if made.replayed:
                messages.info(request, _("This project was created already: here it is."))
            else:
                messages.success(request, _("The project was created."))
            return redirect("projects:detail", pk=made.object_id)
    return render(request, "projects/create.html", {"form": form}, status=INVALID)


def _members_context(
    request: HttpRequest,
    project: Project,
    form: MemberForm | None = None,
    *,
    added: Member | None = None,
) -> dict[str, Any]:
    return {
        "project": project,
        "members": selectors.members_of(project),
        "member_form": form if form is not None else MemberForm(initial={"role": ""}),
        "can_write": can_write(request.user, project),
        # Archiving, deleting and people's data rights: also in an archived project.
        "can_manage": can_write(request.user, project, archived=True),
        "added": added,
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request.user, pk)
    cycles = selectors.cycles_of(project)
    open_cycle = next((cycle for cycle in cycles if cycle.is_open), None)
    context = _members_context(request, project)
    context.update(
        {
            "cycles": cycles,
            "open_cycle": open_cycle,
            "next_number": (cycles[0].number + 1) if cycles else 1,
        }
    )
    return render(request, "projects/detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request.user, pk, write=True)
    if request.method != "POST":
        form = ProjectEditForm(
            initial={
                "title": project.title,
                "esther_question": project.esther_question,
                "description": project.description,
                "version": project.version,
            }
        )
        return render(request, "projects/edit.html", {"project": project, "form": form})
    form = ProjectEditForm(request.POST)
    status = INVALID
    conflict = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            project_update(
                by=request.user,
                project=project,
                version=data["version"],
                title=data["title"],
                esther_question=data["esther_question"],
                description=data["description"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except ConflictError:
            # Keep what the person typed, show what is saved now, and let a deliberate
            # second save go through on top of the current version.
            conflict, status = True, CONFLICT
            form = ProjectEditForm({**request.POST.dict(), "version": project.version})
            form.is_valid()
        else:
            messages.success(request, _("The project was saved."))
            return redirect("projects:detail", pk=project.pk)
    context = {"project": project, "form": form, "conflict": conflict}
    return render(request, "projects/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a member. From the detail page htmx swaps the members section in place; without
    JavaScript the form posts here and the browser is sent back to the project."""
    project = get_project(request.user, pk, write=True)
    if request.method != "POST":
        form = MemberForm(initial={"role": ""})
        return render(request, "projects/member_form.html", {"project": project, "form": form})
    form = MemberForm(request.POST)
    member: Member | None = None
    replayed = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = once(
                request.user,
                data["form_key"],
                "member",
                lambda: member_add(
                    by=request.user,
                    project=project,
                    display_name=data["display_name"],
                    role=data["role"],
                    profession=data["profession"],
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc, reworded=ROLE_REWORDED)
        else:
            member, replayed = made.made, made.replayed
    if replayed:  # the same page sent again: the member is there already, nobody new
        messages.info(request, _("This member was added already."))
        if not _is_htmx(request):
            return redirect(reverse("projects:detail", args=[project.pk]) + "#members")
        context = _members_context(request, project, MemberForm(initial={"role": ""}))
        return render(request, "projects/_members.html", context)
    if _is_htmx(request):
        if member is None:
            context = _members_context(request, project, form)
            return render(request, "projects/_members.html", context, status=INVALID)
        # Ready for the next person: the form stays open and htmx focuses the name field.
        fresh = MemberForm(initial={"role": ""})
        fresh.fields["display_name"].widget.attrs["autofocus"] = True
        context = _members_context(request, project, fresh, added=member)
        return render(request, "projects/_members.html", context)
    if member is None:
        context = {"project": project, "form": form}
        return render(request, "projects/member_form.html", context, status=INVALID)
    messages.success(
        request, _("%(name)s was added to the project.") % {"name": member.display_name}
    )
    return redirect(reverse("projects:detail", args=[project.pk]) + "#members")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_member_edit(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = get_project(request.user, pk, write=True)
    member = selectors.member_of(project, member_pk)
    if member is None:
        raise Http404
    context: dict[str, Any] = {"project": project, "member": member}
    if request.method != "POST":
        context["form"] = MemberEditForm(
            initial={
                "display_name": member.display_name,
                "role": member.role,
                "profession": member.profession,
                "active": member.active,
            }
        )
        return render(request, "projects/member_form.html", context)
    form = MemberEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member_update(
                by=request.user,
                member=member,
                display_name=data["display_name"],
                role=data["role"],
                profession=data["profession"],
                active=data["active"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, reworded=ROLE_REWORDED)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(reverse("projects:detail", args=[project.pk]) + "#members")
    context["form"] = form
    return render(request, "projects/member_form.html", context, status=INVALID)
