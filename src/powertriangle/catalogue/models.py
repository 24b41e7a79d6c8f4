from __future__ import annotations

from django.db import models
from django.utils.translation import get_language

from powertriangle.core.choices import DimensionChoice, LevelChoice, PolarityChoice, StageChoice


def _pick(en: str, sv: str, lang: str | None = None) -> str:
    lang = (lang or get_language() or "en")[:2]
    return sv if lang == "sv" and sv else en


class Catalogue(models.Model):
    """A factor catalogue and its prompts, loaded from a YAML file (see triangle.catalogue)."""

    name = models.CharField(max_length=100)
    title_en = models.CharField(max_length=200)
    title_sv = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    is_default = models.BooleanField(default=False)
    source_text = models.TextField(help_text="The YAML document it was loaded from.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title()

    def title(self, lang: str | None = None) -> str:
        return _pick(self.title_en, self.title_sv, lang)


class CatalogueEntry(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="entries")
    key = models.SlugField(max_length=80)
    dimension = models.CharField(max_length=12, choices=DimensionChoice.choices)
    polarity = models.CharField(max_length=8, choices=PolarityChoice.choices)
    level = models.CharField(max_length=12, choices=LevelChoice.choices, blank=True)
    text_en = models.CharField(max_length=300)
    text_sv = models.CharField(max_length=300)
    source = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["catalogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "key"], name="entry_key_unique")
        ]
        verbose_name_plural = "catalogue entries"

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: str | None = None) -> str:
        return _pick(self.text_en, self.text_sv, lang)


class Prompt(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="prompts")
    key = models.SlugField(max_length=80)
    stage = models.CharField(max_length=12, choices=StageChoice.choices)
    dimension = models.CharField(max_length=12, choices=DimensionChoice.choices, blank=True)
    text_en = models.CharField(max_length=300)
    text_sv = models.CharField(max_length=300)
    source = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["catalogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "key"], name="prompt_key_unique")
        ]

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: str | None = None) -> str:
        return _pick(self.text_en, self.text_sv, lang)
