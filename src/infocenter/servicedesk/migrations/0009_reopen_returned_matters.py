"""SD-12 for data kept under the old rules: a form still `dispatched` whose latest order (not
one re-issued over the head) was returned unfinished becomes `returned`, so the processor can
re-dispatch it or set it pending.

The deadline engine's Python API (the site's working-day calendar) cannot run in a migration,
so the assistant's follow-up clock is written here as a reminder row due at once: the worker's
next pass fires its first reminder and re-arms it by the site's policy (default every working
day), exactly as for a matter returned today."""

from django.db import migrations
from django.db.models import F
from django.utils import timezone

K_FOLLOW_UP = "sd.follow_up"
OPEN = ("scheduled", "warned")


def reopen_returned_matters(apps, schema_editor):
    ServiceForm = apps.get_model("servicedesk", "ServiceForm")
    WorkOrder = apps.get_model("servicedesk", "WorkOrder")
    SlaPolicy = apps.get_model("servicedesk", "SlaPolicy")
    Deadline = apps.get_model("core", "Deadline")
    now = timezone.now()
    policies = {p.site_id: p for p in SlaPolicy.objects.all()}
    for form in ServiceForm.objects.filter(state="dispatched", orders__state="returned").distinct():
        latest = (
            WorkOrder.objects.filter(form_id=form.pk).exclude(state="escalated").order_by("-pk")
        ).first()
        if latest is None or latest.state != "returned":
            continue
        ServiceForm.objects.filter(pk=form.pk).update(state="returned", version=F("version") + 1)
        key = {"subject_type": "servicedesk.serviceform", "subject_id": str(form.pk)}
        if Deadline.objects.filter(kind=K_FOLLOW_UP, state__in=OPEN, **key).exists():
            continue
        sla = policies.get(form.site_id)
        every = [sla.follow_up_amount, sla.follow_up_unit] if sla else [1, "working_days"]
        Deadline.objects.create(
            site_id=form.site_id,
            kind=K_FOLLOW_UP,
            started_at=latest.returned_at or now,
            due_at=now,
            next_at=now,
            data={"every": every, "reminders": 0},
            **key,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_department_level"),
        ("servicedesk", "0008_corrections_and_voids"),
    ]

    operations = [
        migrations.RunPython(reopen_returned_matters, migrations.RunPython.noop, elidable=True)
    ]
