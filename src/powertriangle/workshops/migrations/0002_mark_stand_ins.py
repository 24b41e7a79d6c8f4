"""Mark the members made for participants of anonymous workshops as stand-ins.

Nobody can join an anonymous workshop as an existing member, so every member of such a
workshop's participants is a stand-in made when they joined.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def mark(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Member = apps.get_model("projects", "Member")
    Participant = apps.get_model("workshops", "Participant")
    joined = Participant.objects.filter(workshop__anonymous=True).values("member_id")
    Member.objects.filter(pk__in=joined).update(stand_in=True, active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_member_stand_in"),
        ("workshops", "0001_initial"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
