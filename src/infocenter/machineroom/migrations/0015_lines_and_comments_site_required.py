from django.db import migrations

from infocenter.core.migrating import require_site


class Migration(migrations.Migration):
    dependencies = [
        ("machineroom", "0014_lines_and_comments_site"),
    ]

    operations = [
        require_site("changecomment"),
        require_site("changeoperation"),
        require_site("checklistitem"),
        require_site("datarequestitem"),
        require_site("keyevent"),
        require_site("loanline"),
        require_site("procurementline"),
    ]
