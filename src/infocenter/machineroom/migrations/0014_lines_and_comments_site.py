"""A change's comments and operations, a checklist's items, a data request's items, a key's events,
a loan's and a procurement's lines keep their record's site (the site key of a database
distributed by site, docs/scaling.md): added empty and filled from their records; 0015 makes it
required."""

from django.db import migrations

from infocenter.core.migrating import add_site, fill_site


class Migration(migrations.Migration):
    dependencies = [
        ("machineroom", "0013_callout_and_result_site_required"),
    ]

    operations = [
        add_site("changecomment"),
        add_site("changeoperation"),
        add_site("checklistitem"),
        add_site("datarequestitem"),
        add_site("keyevent"),
        add_site("loanline"),
        add_site("procurementline"),
        fill_site("machineroom.ChangeComment", "machineroom.ChangeRequest", "change"),
        fill_site("machineroom.ChangeOperation", "machineroom.ChangeRequest", "change"),
        fill_site("machineroom.ChecklistItem", "machineroom.Checklist", "checklist"),
        fill_site("machineroom.DataRequestItem", "machineroom.DataRequest", "request"),
        fill_site("machineroom.KeyEvent", "machineroom.Key", "key"),
        fill_site("machineroom.LoanLine", "machineroom.Loan", "loan"),
        fill_site("machineroom.ProcurementLine", "machineroom.Procurement", "procurement"),
    ]
