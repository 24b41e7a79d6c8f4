"""Version 2 of the default catalogue: every entry says where it comes from (paper, thesis or
counterpart), new entries from the paper and the thesis, sources that quote their passage, and
questions that never fix a gender. Older defaults stay for the factors that used them."""

from __future__ import annotations

from django.db import migrations

from powertriangle.catalogue.services import default_catalogue_migration


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_default_catalogue")]
    operations = [migrations.RunPython(default_catalogue_migration, migrations.RunPython.noop)]
