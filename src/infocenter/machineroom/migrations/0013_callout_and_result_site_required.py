from django.db import migrations

from infocenter.core.migrating import require_site


class Migration(migrations.Migration):
    dependencies = [
        ("machineroom", "0012_callout_and_result_site"),
    ]

    operations = [require_site("callout"), require_site("inspectionresult")]
