from django.db import migrations

from infocenter.core.migrating import require_site


class Migration(migrations.Migration):
    dependencies = [
        ("logbook", "0007_documentversion_site"),
    ]

    operations = [require_site("documentversion")]
