"""The information registry (F5, LOG-3) in the API, with its "now" search."""

import datetime as dt

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.calendar import days_span
from infocenter.core.models import Building, Department
from infocenter.core.rest import (
    ScopedField,
    StepAction,
    StepActionsMixin,
    VersionIn,
    create_on_site,
)

from .. import exports, selectors, services
from ..choices import (
    EntryKind,
    ReportChannel,
)
from ..filtersets import EntryFilter
from ..models import (
    RegistryEntry,
)
from .common import EXPORT, SITE, export, site_for


class EntryOut(serializers.ModelSerializer):
    area = serializers.CharField(read_only=True)

    class Meta:
        model = RegistryEntry
        fields = [
            "id",
            "site",
            "serial",
            "department",
            "kind",
            "title",
            "details",
            "buildings",
            "area",
            "starts_at",
            "ends_at",
            "changed_at",
            "channel",
            "reported_by",
            "recorded_at",
            "recorded_by",
            "late",
            "late_minutes",
            "state",
            "ended_at",
            "end_note",
            "archived_at",
            "version",
        ]


class EntryIn(serializers.Serializer):
    site = serializers.IntegerField()
    department = ScopedField(Department, core_selectors.departments_for)
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    title = serializers.CharField(max_length=120)
    details = serializers.CharField(required=False, allow_blank=True, default="")
    buildings = ScopedField(
        Building, core_selectors.buildings_for, many=True, required=False, default=list
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    changed_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=ReportChannel.choices, default=ReportChannel.SYSTEM)
    reported_by = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class RescheduleIn(VersionIn):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)


class EndIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class WithdrawIn(VersionIn):
    note = serializers.CharField(allow_blank=True)


class EntryViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """The information registry (F5, LOG-3); ``now`` answers "what is in force at the site"
    with the same one-box search as the page (``q=3栋停电``)."""

    serializer_class = EntryOut
    filterset_class = EntryFilter
    steps = {
        "reschedule": StepAction(services.reschedule_entry, RescheduleIn),
        "end": StepAction(services.end_entry, EndIn),
        "withdraw": StepAction(services.withdraw_entry, WithdrawIn),
    }

    def get_queryset(self):
        return selectors.entries_for(self.request.user).order_by("-recorded_at", "-id")

    @extend_schema(request=EntryIn, responses={201: EntryOut})
    def create(self, request):
        return create_on_site(request, EntryIn, EntryOut, services.record_entry, "lb.view")

    @extend_schema(
        parameters=[
            SITE,
            OpenApiParameter("q", str),
            OpenApiParameter("at", OpenApiTypes.DATETIME),
        ],
        responses=EntryOut(many=True),
    )
    @action(detail=False, methods=["get"])
    def now(self, request):
        at = (
            serializers.DateTimeField().to_internal_value(request.query_params["at"])
            if request.query_params.get("at")
            else None
        )
        rows = selectors.now_board(
            request.user, site=site_for(request), q=request.query_params.get("q", ""), at=at
        )
        return Response(EntryOut(rows[:200], many=True).data)

    @extend_schema(
        parameters=[
            SITE,
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=False, methods=["get"])
    def late(self, request):
        """Entries per reporting department in a period, and how many were late (LOG-3)."""
        today = timezone.localdate()
        end = _date(request.query_params.get("end"), today)
        start = _date(request.query_params.get("start"), end - dt.timedelta(days=29))
        since, until = days_span(start, end)
        return Response(
            selectors.late_reports(request.user, site=site_for(request), start=since, end=until)
        )

    @extend_schema(
        parameters=[OpenApiParameter("building", int, required=True)],
        responses=EntryOut(many=True),
    )
    @action(detail=False, methods=["get"], url_path="in-force")
    def in_force(self, request):
        """LOG-3 at intake: what is in force now at one building (entries naming it and those
        for the whole site), soonest ending first; another site's building is a 404."""
        building = selectors.intake_building(
            request.user, building=request.query_params.get("building") or "0"
        )
        rows = selectors.in_force_at_building(request.user, building=building)
        return Response(EntryOut(rows[:100], many=True).data)

    def get_step_record(self, pk):
        return selectors.get_entry(self.request.user, pk)


def _date(raw, default):
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError as exc:
        if raw:
            raise serializers.ValidationError({"date": ["Use the form YYYY-MM-DD."]}) from exc
        return default


@EXPORT
@api_view(["GET"])
def registry_export(request):
    """The information registry (F5) of a site for a date range, as Excel."""
    return export(
        request,
        "registry",
        lambda s, a, b: selectors.entries_for(request.user, site=s).filter(
            recorded_at__gte=a, recorded_at__lt=b
        ),
        exports.entries_workbook,
        EntryFilter,
    )
