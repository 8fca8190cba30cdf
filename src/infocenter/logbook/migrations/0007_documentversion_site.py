"""A document's versions keep their record's site (the site key of a database distributed by site,
docs/scaling.md): added empty and filled from the documents; 0008 makes it required."""

from django.db import migrations

from infocenter.core.migrating import add_site, fill_site


class Migration(migrations.Migration):
    dependencies = [
        ("logbook", "0006_affected_building_site_required"),
    ]

    operations = [
        add_site("documentversion"),
        fill_site("logbook.DocumentVersion", "logbook.Document", "document"),
    ]
