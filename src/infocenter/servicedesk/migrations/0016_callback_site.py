"""A callback keeps its form's site (the site key of a database distributed by site,
docs/scaling.md): added empty and filled from the forms; 0017 makes it required (its own
transaction: PostgreSQL alters no table with the fill's deferred checks pending)."""

import django.db.models.deletion
from django.db import migrations, models

from infocenter.core.migrating import fill_site_from


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0013_encrypted_secrets"),
        ("servicedesk", "0015_form_site_category_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="callback",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.site",
            ),
        ),
        migrations.RunPython(
            fill_site_from("servicedesk.Callback", "servicedesk.ServiceForm", "form"), migrations.RunPython.noop
        ),
    ]
