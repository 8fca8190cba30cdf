"""A clean-up release keeps its request's site (the site key of a database distributed by
site, docs/scaling.md): added empty and filled from the requests; 0011 makes it required (its
own transaction: PostgreSQL alters no table with the fill's deferred checks pending)."""

import django.db.models.deletion
from django.db import migrations, models

from infocenter.core.migrating import fill_site_from


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0013_encrypted_secrets"),
        ("machineroom", "0009_indexes_for_desk_rounds_and_ledger"),
    ]

    operations = [
        migrations.AddField(
            model_name="release",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.site",
            ),
        ),
        migrations.RunPython(
            fill_site_from("machineroom.Release", "machineroom.AccessRequest", "request"), migrations.RunPython.noop
        ),
    ]
