"""Version 2 of the default catalogue: every entry says where it comes from (paper, thesis or
counterpart), new entries from the paper and the thesis, sources that quote their passage, and
questions that never fix a gender. Older defaults stay for the factors that used them."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from powertriangle.catalogue.services import default_catalogue_refresh


def refresh(apps: Any, schema_editor: Any) -> None:
    default_catalogue_refresh(
        (
            apps.get_model("catalogue", "Catalogue"),
            apps.get_model("catalogue", "CatalogueEntry"),
            apps.get_model("catalogue", "Prompt"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_default_catalogue")]
    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
