from django.db import migrations

from infocenter.core.migrating import require_site


class Migration(migrations.Migration):
    dependencies = [
        ("staffwork", "0002_milestone_and_target_site"),
    ]

    operations = [require_site("milestone"), require_site("plantarget")]
