"""Load the installation's default catalogue at migrate time, so no page view ever writes it
(GET never changes state) and two first requests can never create two defaults."""

from __future__ import annotations

from django.db import migrations

from powertriangle.catalogue.services import default_catalogue_migration


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(default_catalogue_migration, migrations.RunPython.noop)]
