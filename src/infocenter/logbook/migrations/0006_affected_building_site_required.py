from django.db import migrations

from infocenter.core.migrating import require_site


class Migration(migrations.Migration):
    dependencies = [
        ("logbook", "0005_affected_building_site"),
    ]

    operations = [require_site("affectedbuilding")]
