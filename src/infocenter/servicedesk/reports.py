"""Figures for the managers' dashboard (X-9): volumes by category, source and department, SLA
compliance per clock, daily volumes and the overdue list. Aggregations in the database."""

import datetime as dt

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core.choices import DeadlineState
from infocenter.core.models import Deadline

from .choices import Category, Source
from .models import ServiceForm, WorkOrder

# each clock with its rule (for the API) and the name people know it by (for the pages)
CLOCKS = [
    ("sd.dispatch", "SD-6", _("dispatch time limit")),
    ("sd.arrange", "SD-7", _("arrangement time limit")),
    ("sd.report", "SD-8", _("feedback time limit")),
    ("sd.finish", "SD-14", _("completion time limit")),
]


def dashboard(site, start: dt.datetime, end: dt.datetime) -> dict:
    forms = ServiceForm.objects.filter(site=site, received_at__gte=start, received_at__lt=end)
    orders = WorkOrder.objects.filter(
        site=site, dispatched_at__gte=start, dispatched_at__lt=end, reissue_of=None
    )
    labels_cat, labels_src = dict(Category.choices), dict(Source.choices)
    by_category = [
        (str(labels_cat[r["category"]]), r["n"])
        for r in forms.values("category").annotate(n=Count("id")).order_by("-n")
    ]
    by_source = [
        (str(labels_src[r["source"]]), r["n"])
        for r in forms.values("source").annotate(n=Count("id")).order_by("-n")
    ]
    by_department = [
        (r["department__name"], r["n"])
        for r in orders.values("department__name").annotate(n=Count("id")).order_by("-n")
    ]
    daily = {
        r["day"]: r["n"]
        for r in forms.annotate(
            day=TruncDate("received_at", tzinfo=timezone.get_current_timezone())
        )
        .values("day")
        .annotate(n=Count("id"))
    }
    days = [
        (start.astimezone(timezone.get_current_timezone()).date() + dt.timedelta(days=i))
        for i in range((end - start).days)
    ]
    clocks = Deadline.objects.filter(site=site, started_at__gte=start, started_at__lt=end)
    sla = []
    for kind, rule, name in CLOCKS:
        counts = {
            r["state"]: r["n"]
            for r in clocks.filter(kind=kind).values("state").annotate(n=Count("id"))
        }
        met, breached = counts.get(DeadlineState.MET, 0), counts.get(DeadlineState.BREACHED, 0)
        done = met + breached
        sla.append(
            {
                "rule": rule,
                "name": str(name),
                "kind": kind,
                "met": met,
                "breached": breached,
                "open": counts.get(DeadlineState.SCHEDULED, 0)
                + counts.get(DeadlineState.WARNED, 0),
                "rate": round(100 * met / done, 1) if done else None,
            }
        )
    overdue = list(
        Deadline.objects.filter(
            site=site, kind__startswith="sd.", state=DeadlineState.BREACHED, closed_at__isnull=True
        ).order_by("due_at")[:50]
    )
    return {
        "total": forms.count(),
        "orders": orders.count(),
        "by_category": by_category,
        "by_source": by_source,
        "by_department": by_department,
        "daily": [(d.strftime("%m-%d"), daily.get(d, 0)) for d in days],
        "sla": sla,
        "overdue": overdue,
    }


def overdue_subjects(deadlines) -> dict:
    """The form or order of each overdue clock of ``dashboard`` (two queries), by clock id."""
    ids = {"servicedesk.serviceform": set(), "servicedesk.workorder": set()}
    for d in deadlines:
        ids.setdefault(d.subject_type, set()).add(int(d.subject_id))
    found = {
        ("servicedesk.serviceform", f.pk): f
        for f in ServiceForm.objects.filter(pk__in=ids["servicedesk.serviceform"])
    }
    found |= {
        ("servicedesk.workorder", o.pk): o
        for o in WorkOrder.objects.filter(pk__in=ids["servicedesk.workorder"]).select_related(
            "department"
        )
    }
    return {d.pk: found.get((d.subject_type, int(d.subject_id))) for d in deadlines}
