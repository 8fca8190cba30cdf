"""An entry's buildings keep the entry's site (the site key of a database distributed by site,
docs/scaling.md). The many-to-many table Django made stays where it is; it becomes the
explicit ``AffectedBuilding`` in the migration state only, then gains ``site``, added empty and
filled from the entries. 0006 makes it required (its own transaction: PostgreSQL alters no
table with the fill's deferred checks pending)."""

import django.db.models.deletion
from django.db import migrations, models

from infocenter.core.migrating import add_site, fill_site


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0014_backuprun_worker"),
        ("logbook", "0004_phone_tail_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AffectedBuilding",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "registryentry",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="logbook.registryentry",
                            ),
                        ),
                        (
                            "building",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="core.building"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "building affected",
                        "verbose_name_plural": "buildings affected",
                        "db_table": "logbook_registryentry_buildings",
                        "unique_together": {("registryentry", "building")},
                    },
                ),
                migrations.AlterField(
                    model_name="registryentry",
                    name="buildings",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="registry_entries",
                        through="logbook.AffectedBuilding",
                        to="core.building",
                        verbose_name="buildings affected",
                    ),
                ),
            ]
        ),
        add_site("affectedbuilding"),
        fill_site("logbook.AffectedBuilding", "logbook.RegistryEntry", "registryentry"),
    ]
