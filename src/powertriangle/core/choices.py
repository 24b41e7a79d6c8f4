"""Django choices mirroring the pure vocabulary in powertriangle.triangle.model, with labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DimensionChoice(models.TextChoices):
    RESOURCES = "resources", _("Resources")
    DISCOURSES = "discourses", _("Discourses")
    CONTEXTS = "contexts", _("Contexts")


class PolarityChoice(models.TextChoices):
    BARRIER = "barrier", _("Barrier")
    ENABLER = "enabler", _("Enabler")


class LevelChoice(models.TextChoices):
    PERSON = "person", _("Person")
    UNIT = "unit", _("Unit")
    ORGANISATION = "organisation", _("Organisation")


class StageChoice(models.TextChoices):
    REACTION = "reaction", _("Reaction")
    INTERACTION = "interaction", _("Interaction")
    ACTION = "action", _("Action")
    CLOSED = "closed", _("Closed")


class RoleChoice(models.TextChoices):
    PERSON_IN_NEED_OF_CARE = "person_in_need_of_care", _("Person in need of care")
    RELATIVE = "relative", _("Relative")
    PROFESSIONAL = "professional", _("Professional")
    COACH = "coach", _("Improvement coach")
    MANAGER = "manager", _("Manager")
    SUPPORTER = "supporter", _("Supporter")


class RoleGroupChoice(models.TextChoices):
    CARE_RECEIVERS = "care_receivers", _("Care receivers")
    PROFESSIONALS = "professionals", _("Professionals")
    UNDISCLOSED = "undisclosed", _("Undisclosed")


class ActionKindChoice(models.TextChoices):
    HANDLE_BARRIER = "handle_barrier", _("Handle a barrier")
    REINFORCE_ENABLER = "reinforce_enabler", _("Reinforce an enabler")


class ActionStatusChoice(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DOING = "doing", _("Doing")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")
