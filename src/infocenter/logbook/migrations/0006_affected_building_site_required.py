import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("logbook", "0005_affected_building_site"),
    ]

    operations = [
        migrations.AlterField(
            model_name="affectedbuilding",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.site"
            ),
        ),
    ]
