from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from powertriangle.core.choices import RoleChoice
from powertriangle.triangle.model import Role, RoleGroup, role_group


class Project(models.Model):
    """An improvement project, always guided by its "What is best for Esther?" question."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=200)
    esther_question = models.CharField(_("What is best for Esther?"), max_length=500)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Archived: read only, listed apart, and the only state in which it can be deleted.
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project")

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class MemberQuerySet(models.QuerySet["Member"]):
    def listed(self) -> MemberQuerySet:
        """Members a person can see and choose: everyone but the stand-ins of anonymous
        workshop participants (they only carry a role, for presence and the metrics)."""
        return self.filter(stand_in=False)


class Member(models.Model):
    """A person taking part in a project. Care receivers and relatives have no account.

    A stand-in (`stand_in`) is the member record of someone who joined an anonymous workshop:
    no name, not active, never an author. It counts as present with its role, and is left out
    of every list of members (`Member.objects.listed()`).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    display_name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=32, choices=RoleChoice.choices)
    profession = models.CharField(_("profession"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_members",
    )
    active = models.BooleanField(default=True)
    stand_in = models.BooleanField(default=False, editable=False)
    # Joined a workshop from a phone under a name of their own: marked so for the coach.
    newcomer = models.BooleanField(default=False, editable=False)
    # Only the day for a stand-in: when someone joined an anonymous workshop is not kept.
    created_at = models.DateTimeField(default=timezone.now)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("member")

    def __str__(self) -> str:
        return self.display_name

    @property
    def role_group(self) -> RoleGroup:
        return role_group(Role(self.role))

    @property
    def is_care_receiver(self) -> bool:
        return self.role_group == RoleGroup.CARE_RECEIVERS
