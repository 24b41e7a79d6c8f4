"""Load the installation's default catalogue at migrate time, so no page view ever writes it
(GET never changes state) and two first requests can never create two defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import migrations

from powertriangle.catalogue.services import catalogue_store
from powertriangle.triangle.catalogue import default_catalogue_path, load_catalogue


def load_default(apps: Any, schema_editor: Any) -> None:
    Catalogue = apps.get_model("catalogue", "Catalogue")
    CatalogueEntry = apps.get_model("catalogue", "CatalogueEntry")
    Prompt = apps.get_model("catalogue", "Prompt")
    if Catalogue.objects.filter(is_default=True).exists():
        return
    path = Path(settings.POWERTRIANGLE_CATALOGUE_FILE or default_catalogue_path())
    text = path.read_text(encoding="utf-8")
    catalogue_store(
        (Catalogue, CatalogueEntry, Prompt), parsed=load_catalogue(text), text=text, is_default=True
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
