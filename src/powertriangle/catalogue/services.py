"""Loading catalogues into the database and choosing the one a project uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from powertriangle.catalogue.models import Catalogue, CatalogueEntry, Prompt
from powertriangle.orgs.models import Organisation
from powertriangle.triangle.catalogue import Catalogue as ParsedCatalogue
from powertriangle.triangle.catalogue import (
    CatalogueError,
    default_catalogue_path,
    load_catalogue,
)


def catalogue_store(
    models: tuple[Any, Any, Any], *, parsed: ParsedCatalogue, text: str, is_default: bool
) -> Any:
    """Write a parsed catalogue with the given (Catalogue, CatalogueEntry, Prompt) model classes;
    the data migration passes its historical models, everything else the current ones."""
    catalogue_model, entry_model, prompt_model = models
    catalogue = catalogue_model.objects.create(
        name=parsed.name,
        title_en=parsed.title.get("en", parsed.name),
        title_sv=parsed.title.get("sv", parsed.title.get("en", parsed.name)),
        version=parsed.version,
        is_default=is_default,
        source_text=text,
    )
    entry_model.objects.bulk_create(
        entry_model(
            catalogue=catalogue,
            key=f.key,
            dimension=f.dimension.value,
            polarity=f.polarity.value,
            level=f.level.value if f.level else "",
            text_en=f.text_for("en"),
            text_sv=f.text_for("sv"),
            source=f.source,
            position=i,
        )
        for i, f in enumerate(parsed.factors)
    )
    prompt_model.objects.bulk_create(
        prompt_model(
            catalogue=catalogue,
            key=p.key,
            stage=p.stage.value,
            dimension=p.dimension.value if p.dimension else "",
            text_en=p.text.get("en", ""),
            text_sv=p.text.get("sv", p.text.get("en", "")),
            source=p.source,
            position=i,
        )
        for i, p in enumerate(parsed.prompts)
    )
    return catalogue


def default_catalogue_refresh(models: tuple[Any, Any, Any]) -> Any | None:
    """Store the installation's default catalogue file as the default when the database holds
    none, or only an older version of the same catalogue. A migration calls this with its
    historical models, so an upgrade brings the new entries; projects keep the entries they used.
    Returns what it stored, or None when the stored default is current."""
    catalogue_model = models[0]
    path = Path(settings.POWERTRIANGLE_CATALOGUE_FILE or default_catalogue_path())
    text = path.read_text(encoding="utf-8")
    parsed = load_catalogue(text)
    stored = catalogue_model.objects.filter(is_default=True).order_by("-version", "-id").first()
    if stored is not None and (stored.name != parsed.name or stored.version >= parsed.version):
        return None  # current, or another catalogue the installation chose
    catalogue_model.objects.filter(is_default=True).update(is_default=False)
    return catalogue_store(models, parsed=parsed, text=text, is_default=True)


def default_catalogue_migration(apps: Any, schema_editor: Any) -> None:
    """The data migrations' step (0002 loads the default, later ones bring a newer version)."""
    default_catalogue_refresh(
        (
            apps.get_model("catalogue", "Catalogue"),
            apps.get_model("catalogue", "CatalogueEntry"),
            apps.get_model("catalogue", "Prompt"),
        )
    )


def catalogue_import(
    *, text: str, organisation: Organisation | None = None, is_default: bool = False
) -> Catalogue:
    """Store a catalogue document; with `organisation`, its subtree switches to it."""
    try:
        parsed = load_catalogue(text)
    except CatalogueError as exc:
        raise ValidationError({"catalogue": [str(p) for p in exc.problems]}) from exc
    with transaction.atomic():
        catalogue: Catalogue = catalogue_store(
            (Catalogue, CatalogueEntry, Prompt), parsed=parsed, text=text, is_default=is_default
        )
        if organisation is not None:
            Organisation.objects.filter(pk=organisation.pk).update(catalogue=catalogue)
    return catalogue


def catalogue_default() -> Catalogue:
    """The installation's default catalogue (loaded by a data migration; from its file if the
    database was emptied since)."""
    existing = Catalogue.objects.filter(is_default=True).order_by("-version", "-id").first()
    if existing is not None:
        return existing
    with transaction.atomic():
        default_catalogue_refresh((Catalogue, CatalogueEntry, Prompt))
    return Catalogue.objects.filter(is_default=True).order_by("-version", "-id").get()


def catalogue_for_organisation(organisation: Organisation) -> Catalogue:
    """The nearest catalogue up the organisation tree, else the default one."""
    ids = [int(part) for part in organisation.path.strip("/").split("/") if part]
    chosen = {
        o.pk: o.catalogue
        for o in Organisation.objects.filter(pk__in=ids).select_related("catalogue")
    }
    for pk in reversed(ids):
        catalogue = chosen.get(pk)
        if catalogue is not None:
            return catalogue
    return catalogue_default()
