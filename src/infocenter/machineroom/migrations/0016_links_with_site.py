"""A change's people and departments to notify and a roster day's people on call keep their
record's site (the site key of a database distributed by site, docs/scaling.md). The tables
Django made for the plain many-to-manys stay where they are; they become the explicit
``ChangeNotifiedPerson``, ``ChangeNotifiedDepartment`` and ``OnCallPerson`` in the migration
state only, then gain ``site``, added empty and filled from their records; 0017 makes it
required."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from infocenter.core.migrating import add_site, fill_site


def _link(name: str, table: str, source: str, target: str, to: str, related: str, verbose):
    return migrations.CreateModel(
        name=name,
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                source,
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, to=f"machineroom.{source}"
                ),
            ),
            (
                target,
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name=related, to=to
                ),
            ),
        ],
        options={
            "verbose_name": verbose[0],
            "verbose_name_plural": verbose[1],
            "db_table": table,
            "unique_together": {(source, target)},
        },
    )


def _through(model: str, name: str, to: str, through: str, **options):
    return migrations.AlterField(
        model_name=model,
        name=name,
        field=models.ManyToManyField(blank=True, through=f"machineroom.{through}", to=to, **options),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0014_backuprun_worker"),
        ("machineroom", "0015_lines_and_comments_site_required"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                _link(
                    "ChangeNotifiedDepartment",
                    "machineroom_changerequest_notify_departments",
                    "changerequest",
                    "department",
                    "core.department",
                    "change_notices",
                    ("department to notify", "departments to notify"),
                ),
                _through(
                    "changerequest",
                    "notify_departments",
                    "core.department",
                    "ChangeNotifiedDepartment",
                    related_name="+",
                    verbose_name="departments to notify",
                ),
                _link(
                    "ChangeNotifiedPerson",
                    "machineroom_changerequest_notify_people",
                    "changerequest",
                    "user",
                    settings.AUTH_USER_MODEL,
                    "change_notices",
                    ("person to notify", "people to notify"),
                ),
                _through(
                    "changerequest",
                    "notify_people",
                    settings.AUTH_USER_MODEL,
                    "ChangeNotifiedPerson",
                    related_name="+",
                    verbose_name="people to notify",
                ),
                _link(
                    "OnCallPerson",
                    "machineroom_rosterday_on_call",
                    "rosterday",
                    "user",
                    settings.AUTH_USER_MODEL,
                    "on_call_links",
                    ("person on call", "on call"),
                ),
                _through(
                    "rosterday",
                    "on_call",
                    settings.AUTH_USER_MODEL,
                    "OnCallPerson",
                    related_name="on_call_days",
                    verbose_name="on call",
                ),
            ]
        ),
        add_site("changenotifieddepartment"),
        add_site("changenotifiedperson"),
        add_site("oncallperson"),
        fill_site("machineroom.ChangeNotifiedDepartment", "machineroom.ChangeRequest", "changerequest"),
        fill_site("machineroom.ChangeNotifiedPerson", "machineroom.ChangeRequest", "changerequest"),
        fill_site("machineroom.OnCallPerson", "machineroom.RosterDay", "rosterday"),
    ]
