"""Use cases for projects and their members. Order: authorise → validate → write."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.core.access import AnyUser, require_write, writable_organisations
from powertriangle.core.choices import RoleChoice
from powertriangle.core.clock import day_only
from powertriangle.core.errors import ConflictError
from powertriangle.core.text import clean_choice, clean_name, clean_text, name_key
from powertriangle.orgs.models import Organisation
from powertriangle.projects.models import Member, Project

TITLE_MAX = 200
QUESTION_MAX = 500
DESCRIPTION_MAX = 5000
NAME_MAX = 100
PROFESSION_MAX = 100
# The display name of a stand-in (an anonymous workshop's participant): never a person's.
STAND_IN_NAME = "Anonymous participant"


def _validated_project_fields(
    *, title: object, esther_question: object, description: object
) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for field, value, limit, required in (
        ("title", title, TITLE_MAX, True),
        ("esther_question", esther_question, QUESTION_MAX, True),
        ("description", description, DESCRIPTION_MAX, False),
    ):
        try:
            cleaned[field] = clean_text(value, field=field, max_length=limit, required=required)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def project_create(
    *,
    by: AnyUser | None,
    organisation: Organisation,
    title: object,
    esther_question: object,
    description: object = "",
) -> Project:
    if by is not None and not writable_organisations(by).filter(pk=organisation.pk).exists():
        raise Http404
    fields = _validated_project_fields(
        title=title, esther_question=esther_question, description=description
    )
    with transaction.atomic():
        return Project.objects.create(organisation=organisation, **fields)


def project_update(
    *,
    by: AnyUser | None,
    project: Project,
    version: int,
    title: object,
    esther_question: object,
    description: object = "",
) -> Project:
    """Update the project if nobody else has changed it since `version` was read."""
    require_write(by, project)
    fields = _validated_project_fields(
        title=title, esther_question=esther_question, description=description
    )
    with transaction.atomic():
        updated = Project.objects.filter(pk=project.pk, version=version).update(
            **fields, version=F("version") + 1
        )
        if not updated:
            raise ConflictError(_("Someone else changed this project. Reload and try again."))
    project.refresh_from_db()
    return project


def _validated_member_fields(
    *, display_name: object, role: object, profession: object
) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    try:
        cleaned["display_name"] = clean_name(
            display_name, field="display_name", max_length=NAME_MAX
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        cleaned["role"] = clean_choice(role, field="role", choices=list(RoleChoice.values))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        cleaned["profession"] = clean_text(
            profession, field="profession", max_length=PROFESSION_MAX, required=False
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _require_unique_name(
    project: Project, name: str, *, newcomer: bool, exclude: int | None = None
) -> None:
    """Two members of a project never look alike in a list of names: names are compared after
    NFKC, with invisible characters removed and case folded (`core.text.name_key`)."""
    key = name_key(name)
    others = Member.objects.listed().filter(project=project)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if any(name_key(other) == key for other in others.values_list("display_name", flat=True)):
        message = (
            _("That name is already taken. Tap your name in the list.")
            if newcomer
            else _(
                "There is already a member with this name. Add something that tells them "
                "apart, for example an initial."
            )
        )
        raise ValidationError({"display_name": message}, code="name_taken")


def member_add(
    *,
    by: AnyUser | None,
    project: Project,
    display_name: object,
    role: object,
    profession: object = "",
    newcomer: bool = False,
) -> Member:
    """Add a member. `newcomer`: they joined a workshop from a phone under a name of their own
    (the coach sees them marked so)."""
    require_write(by, project)
    fields = _validated_member_fields(display_name=display_name, role=role, profession=profession)
    with transaction.atomic():
        # The project row is locked so that two phones cannot take one name at the same time.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        _require_unique_name(project, fields["display_name"], newcomer=newcomer)
        return Member.objects.create(project=project, newcomer=newcomer, **fields)


def member_add_stand_in(*, project: Project, role: object) -> Member:
    """The member record of someone who joins an anonymous workshop: only the role is kept.

    It is inactive and a stand-in, so no list of members shows it and nobody can speak as it;
    the workshop makes it present, so that presence and the voice metrics count its role.
    """
    fields = _validated_member_fields(display_name=STAND_IN_NAME, role=role, profession="")
    with transaction.atomic():
        return Member.objects.create(
            project=project,
            **fields,
            active=False,
            stand_in=True,
            created_at=day_only(timezone.now()),
        )


def member_update(
    *,
    by: AnyUser | None,
    member: Member,
    display_name: object,
    role: object,
    profession: object = "",
    active: bool = True,
) -> Member:
    require_write(by, member.project)
    fields = _validated_member_fields(display_name=display_name, role=role, profession=profession)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=member.project_id).first()
        _require_unique_name(
            member.project, fields["display_name"], newcomer=False, exclude=member.pk
        )
        # A stand-in stays as it is: it has no name to change and must never become active.
        Member.objects.listed().filter(pk=member.pk).update(**fields, active=bool(active))
    member.refresh_from_db()
    return member
