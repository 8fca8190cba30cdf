"""The managers' service-desk dashboard (X-9) as JSON, the same figures as the page."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.deadlines import handler_for
from infocenter.core.rest import valid

from .. import reports


class DashboardIn(serializers.Serializer):
    site = serializers.IntegerField()
    days = serializers.ChoiceField(choices=[7, 30, 90, 365], default=30)


class CountOut(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class SlaOut(serializers.Serializer):
    rule = serializers.CharField()
    kind = serializers.CharField()
    met = serializers.IntegerField()
    breached = serializers.IntegerField()
    open = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="Per cent met of those decided.")


class OverdueOut(serializers.Serializer):
    kind = serializers.CharField()
    rule = serializers.CharField()
    due_at = serializers.DateTimeField()
    subject_type = serializers.CharField()
    subject_id = serializers.IntegerField()
    serial = serializers.CharField()
    link = serializers.CharField()


class DashboardOut(serializers.Serializer):
    site = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    total = serializers.IntegerField(help_text="Forms received in the period.")
    orders = serializers.IntegerField(help_text="Work orders dispatched (re-issues aside).")
    by_category = CountOut(many=True)
    by_source = CountOut(many=True)
    by_department = CountOut(many=True)
    daily = CountOut(many=True)
    sla = SlaOut(many=True)
    overdue = OverdueOut(many=True)


@extend_schema(parameters=[DashboardIn], responses=DashboardOut)
@api_view(["GET"])
def dashboard(request):
    """The dashboard of one site over the last ``days`` days (X-9): volumes by category, source,
    department and day, SLA compliance per clock and the overdue items."""
    data = valid(DashboardIn, request.query_params)
    site = core_selectors.get_site(request.user, data["site"])
    permissions.check(request.user, "sd.dashboard", site=site)
    start, end = reports.period_of(data["days"])
    figures = reports.dashboard([site.pk], start, end)
    subjects = reports.overdue_subjects(figures["overdue"])
    counts = {
        key: [{"label": row[0], "count": row[1]} for row in figures[key]]
        for key in ("by_category", "by_source", "by_department", "daily")
    }
    overdue = [
        {
            "kind": d.kind,
            "rule": handler_for(d.kind).label,
            "due_at": d.due_at,
            "subject_type": d.subject_type,
            "subject_id": int(d.subject_id),
            "serial": getattr(subjects.get(d.pk), "serial", ""),
            "link": subjects[d.pk].get_absolute_url() if subjects.get(d.pk) else "",
        }
        for d in figures["overdue"]
    ]
    body = {
        "site": site.pk,
        "start": start,
        "end": end,
        "total": figures["total"],
        "orders": figures["orders"],
        **counts,
        "sla": figures["sla"],
        "overdue": overdue,
    }
    return Response(DashboardOut(body).data)
