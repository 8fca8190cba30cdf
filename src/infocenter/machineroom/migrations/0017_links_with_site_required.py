from django.db import migrations

from infocenter.core.migrating import require_site


class Migration(migrations.Migration):
    dependencies = [
        ("machineroom", "0016_links_with_site"),
    ]

    operations = [
        require_site("changenotifieddepartment"),
        require_site("changenotifiedperson"),
        require_site("oncallperson"),
    ]
