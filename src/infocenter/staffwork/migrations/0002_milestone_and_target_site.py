"""A project's milestones and a learning plan's targets keep their record's site (the site key of a
database distributed by site, docs/scaling.md): added empty and filled from the projects and the
plans; 0003 makes it required."""

from django.db import migrations

from infocenter.core.migrating import add_site, fill_site


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0014_backuprun_worker"),
        ("staffwork", "0001_staff_work"),
    ]

    operations = [
        add_site("milestone"),
        add_site("plantarget"),
        fill_site("staffwork.Milestone", "staffwork.Project", "project"),
        fill_site("staffwork.PlanTarget", "staffwork.LearningPlan", "plan"),
    ]
