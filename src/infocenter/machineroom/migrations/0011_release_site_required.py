import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("machineroom", "0010_release_site"),
    ]

    operations = [
        migrations.AlterField(
            model_name="release",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.site"
            ),
        ),
    ]
