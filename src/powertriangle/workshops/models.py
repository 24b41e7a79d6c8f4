"""A live workshop: a session of one cycle that participants join from their phones.

Anonymity is chosen before the session opens and never changes afterwards. Nothing here ties a
participant to an anonymous contribution: the contributions themselves never store their author
(cycles.services.steps.resolve_voice), and SubmissionKey keeps only which object a form made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from powertriangle.core.ids import random_id


class WorkshopStatus(models.TextChoices):
    DRAFT = "draft", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Workshop(models.Model):
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="workshops")
    anonymous = models.BooleanField(_("anonymous"), default=False)
    status = models.CharField(
        max_length=8, choices=WorkshopStatus.choices, default=WorkshopStatus.DRAFT
    )
    # 128 random bits, for the QR link; only valid while the workshop is open.
    join_token = models.CharField(max_length=32, unique=True)
    # Eight random digits and a check digit while open (core.joincodes); cleared when the
    # workshop closes, so a code is unique among open workshops and stops working at once.
    code = models.CharField(max_length=9, null=True, blank=True, unique=True)
    # Decides the shuffled order of an anonymous workshop's items (never creation order).
    order_salt = models.CharField(max_length=16)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    # The number of the cycle's live event that opened it: its phones receive nothing older.
    opened_seq = models.PositiveBigIntegerField(default=0, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    timer_ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"workshop {self.pk} of cycle {self.cycle_id}"


class Participant(models.Model):
    """Someone who joined from a phone. The cookie holds a random secret; only its hash is here."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey("projects.Member", on_delete=models.CASCADE, related_name="+")
    secret_hash = models.CharField(max_length=64, unique=True)
    # Only the day in an anonymous workshop (workshops.services.participant_join).
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["workshop", "id"]

    def __str__(self) -> str:
        return f"participant {self.pk} of workshop {self.workshop_id}"


class SubmissionKey(models.Model):
    """A form's one-time key, stored in the same transaction as what the form made, so that a
    repeated submit (a double tap, a retry after a lost answer) makes nothing new.

    Deliberately without participant and without a time of day: in an anonymous workshop it
    must not tell who made the object or exactly when.
    """

    # Random: stored with what the form made, a sequential id would tell the order of posts.
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=8)
    object_id = models.PositiveBigIntegerField()
    created_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "key"], name="submission_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
