"""A serious event's callouts and a round's results keep their record's site (the site key of a
database distributed by site, docs/scaling.md): added empty and filled from the events and the
rounds; 0013 makes it required."""

from django.db import migrations

from infocenter.core.migrating import add_site, fill_site


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0014_backuprun_worker"),
        ("machineroom", "0011_release_site_required"),
    ]

    operations = [
        add_site("callout"),
        add_site("inspectionresult"),
        fill_site("machineroom.Callout", "machineroom.SeriousEvent", "event"),
        fill_site("machineroom.InspectionResult", "machineroom.InspectionRound", "round"),
    ]
