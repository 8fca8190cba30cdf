import django.db.models.deletion
from django.db import migrations, models


def _required(model: str) -> migrations.AlterField:
    return migrations.AlterField(
        model_name=model,
        name="site",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.site"
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("machineroom", "0012_callout_and_result_site"),
    ]

    operations = [_required("callout"), _required("inspectionresult")]
