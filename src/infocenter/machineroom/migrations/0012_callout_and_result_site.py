"""A serious event's callouts and a round's results keep their record's site (the site key of
a database distributed by site, docs/scaling.md): added empty and filled from the events and
the rounds; 0013 makes them required (its own transaction: PostgreSQL alters no table with the
fill's deferred checks pending)."""

import django.db.models.deletion
from django.db import migrations, models

from infocenter.core.migrating import fill_site_from


def _site(model: str) -> migrations.AddField:
    return migrations.AddField(
        model_name=model,
        name="site",
        field=models.ForeignKey(
            null=True,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to="core.site",
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0014_backuprun_worker"),
        ("machineroom", "0011_release_site_required"),
    ]

    operations = [
        _site("callout"),
        _site("inspectionresult"),
        migrations.RunPython(
            fill_site_from("machineroom.Callout", "machineroom.SeriousEvent", "event"),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            fill_site_from("machineroom.InspectionResult", "machineroom.InspectionRound", "round"),
            migrations.RunPython.noop,
        ),
    ]
