from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from powertriangle.catalogue.texts import in_reader_language
from powertriangle.core.choices import (
    ActionKindChoice,
    ActionStatusChoice,
    DimensionChoice,
    LevelChoice,
    PolarityChoice,
    RoleGroupChoice,
    StageChoice,
)
from powertriangle.core.ids import random_id


class Cycle(models.Model):
    """One turn of reaction → interaction → action in a project, numbered from 1."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveIntegerField()
    stage = models.CharField(max_length=12, choices=StageChoice.choices, default="reaction")
    votes_per_member = models.PositiveSmallIntegerField(_("votes per member"), default=3)
    present = models.ManyToManyField(
        "projects.Member", through="Attendance", related_name="cycles_present"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="cycle_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.stage != StageChoice.CLOSED


class CycleStage(models.Model):
    """A stage the cycle has been in, with when it started and ended (the history as rows)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=12, choices=StageChoice.choices)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["cycle", "id"]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.stage}"


class Attendance(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("projects.Member", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "member"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.cycle}"


M = TypeVar("M", bound=models.Model)


class Released(models.Manager[M]):
    """The default manager of contributions and votes: only what has been released.

    An anonymous contribution (or dot) is `held` when it is made and released to every screen,
    page, API answer and export together with the others of a few seconds, in shuffled order
    (cycles.services.release): until then it does not exist for any reader, so neither its
    place in a list nor the moment it appeared can point at the person who just tapped.
    `everything` includes held rows, for the services that must see them."""

    def get_queryset(self) -> models.QuerySet[M]:
        return super().get_queryset().filter(held=False)


class Contribution(models.Model):
    """What factors, links and actions share: who speaks, for whom, and whether anonymously.

    `author` is None when the contribution is anonymous: the author is never stored.
    `voice_group` is the role group the contribution counts for (the represented person's for a
    supported contribution; for anonymous ones, "undisclosed" unless the k-rule allows it).
    `held`: anonymous, and not released to the screens yet (see `Released`).
    """

    # Random, so that ids never tell the order things were said in (core.ids).
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    author = models.ForeignKey(
        "projects.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "projects.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymous = models.BooleanField(default=False)
    voice_group = models.CharField(max_length=16, choices=RoleGroupChoice.choices)
    hidden = models.BooleanField(default=False)
    held = models.BooleanField(default=False, editable=False)
    # Anonymous items keep only the day, never an exact time.
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def speaker(self) -> object:
        """The member whose voice this is: the represented person when supported."""
        return self.on_behalf_of or self.author


class Factor(Contribution):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="factors")
    dimension = models.CharField(_("dimension"), max_length=12, choices=DimensionChoice.choices)
    polarity = models.CharField(
        _("barrier or enabler"), max_length=8, choices=PolarityChoice.choices
    )
    level = models.CharField(_("level"), max_length=12, choices=LevelChoice.choices, blank=True)
    text = models.CharField(_("text"), max_length=500)
    catalogue_entry = models.ForeignKey(
        "catalogue.CatalogueEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = Released["Factor"]()
    everything = models.Manager["Factor"]()

    class Meta:
        ordering = ["cycle", "created_at", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        """The text as the reader reads it: a catalogue pick in the reader's language."""
        return in_reader_language(self.text, self.catalogue_entry_id)


class Link(Contribution):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="links")
    factor_a = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="+")
    factor_b = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("how they affect each other"), max_length=1000)

    objects = Released["Link"]()
    everything = models.Manager["Link"]()

    class Meta:
        ordering = ["cycle", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["factor_a", "factor_b"], name="link_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(factor_a__lt=models.F("factor_b")), name="link_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.note

    @property
    def cross_dimension(self) -> bool:
        return bool(self.factor_a.dimension != self.factor_b.dimension)


class Vote(models.Model):
    """One dot on a factor. A member may put several dots, up to the cycle's limit."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="votes")
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="votes")
    # None for an anonymous voter's dot: it counts, but says nothing of whose it is; their
    # number of dots is kept apart (VoteTally), so that the limit still holds.
    member = models.ForeignKey(
        "projects.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    # Anonymous dots keep only the day, and are held until released like anonymous items.
    created_at = models.DateTimeField()
    held = models.BooleanField(default=False, editable=False)

    objects = Released["Vote"]()
    everything = models.Manager["Vote"]()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"vote {self.member_id} → {self.factor_id}"


class HeldRelease(models.Model):
    """A cycle has held anonymous contributions or dots: release them all at `due_at` (the end
    of the few seconds' window they were made in). Deleted by the release."""

    cycle = models.OneToOneField(
        Cycle, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    due_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"release of cycle {self.cycle_id} at {self.due_at}"


class VoteTally(models.Model):
    """How many dots an anonymous voter has put in a cycle, without which factors: the limit
    per person holds while no vote row names its voter. Removed when their workshop closes."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("projects.Member", on_delete=models.CASCADE, related_name="+")
    used = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "member"], name="vote_tally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.used} dots in {self.cycle_id}"


class Action(Contribution):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKindChoice.choices)
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    factors = models.ManyToManyField(Factor, related_name="actions", blank=True)
    owners = models.ManyToManyField("projects.Member", related_name="owned_actions", blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatusChoice.choices, default="planned"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = Released["Action"]()
    everything = models.Manager["Action"]()

    class Meta:
        ordering = ["cycle", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class ActionReview(models.Model):
    """The review of a previous cycle's action when the next cycle opens."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="review")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(max_length=10, choices=ActionStatusChoice.choices)
    note = models.CharField(_("review note"), max_length=2000, blank=True)
    reviewed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["cycle", "action__created_at", "action_id"]

    def __str__(self) -> str:
        return f"review of {self.action_id} in {self.cycle}"
