"""The machine room's API for core-device alarms and network faults (MR-9) with their workflow
steps."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from infocenter.core.rest import ScopedField, StepAction, VersionIn

from .. import selectors
from ..choices import AlarmSeverity, FaultKind
from ..filtersets.incidents import AlarmFilter, FaultFilter
from ..models import CoreAlarm, MachineRoom, NetworkFault
from ..services import incidents
from .common import Scope, SiteRecords, create_on_site


class CoreAlarmOut(serializers.ModelSerializer):
    class Meta:
        model = CoreAlarm
        fields = [
            "id",
            "site",
            "serial",
            "room",
            "device",
            "occurred_at",
            "text",
            "severity",
            "state",
            "logged_by",
            "logged_at",
            "reported_to",
            "reported_at",
            "response",
            "responded_by",
            "responded_at",
            "outcome",
            "closed_by",
            "closed_at",
            "version",
        ]


class CoreAlarmIn(serializers.Serializer):
    site = serializers.IntegerField()
    device = serializers.CharField(max_length=100)
    text = serializers.CharField()
    severity = serializers.ChoiceField(choices=AlarmSeverity.choices)
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    room = ScopedField(
        MachineRoom, selectors.rooms_for, required=False, allow_null=True, default=None
    )


class AlarmRespondIn(VersionIn):
    response = serializers.CharField()


class CoreAlarmCloseIn(VersionIn):
    outcome = serializers.CharField()


class CoreAlarmViewSet(SiteRecords):
    """Core-device alarms (MR-9): ``create`` tells the leaders at once and starts the 15-minute
    response clock; ``respond`` and ``close``."""

    serializer_class = CoreAlarmOut
    filterset_class = AlarmFilter
    scope = Scope(selectors.alarms_for, selectors.get_alarm, ("-occurred_at", "-id"))
    steps = {
        "respond": StepAction(incidents.respond_to_alarm, AlarmRespondIn),
        "close": StepAction(incidents.close_alarm, CoreAlarmCloseIn),
    }

    @extend_schema(request=CoreAlarmIn, responses={201: CoreAlarmOut})
    def create(self, request):
        return create_on_site(request, CoreAlarmIn, CoreAlarmOut, incidents.log_alarm, "mr.inspect")


class NetworkFaultOut(serializers.ModelSerializer):
    class Meta:
        model = NetworkFault
        fields = [
            "id",
            "site",
            "serial",
            "kind",
            "description",
            "occurred_at",
            "state",
            "logged_by",
            "local_findings",
            "checked_by",
            "checked_at",
            "upstream_unit",
            "upstream_reference",
            "reported_upstream_at",
            "feedback",
            "feedback_at",
            "resolution",
            "closed_by",
            "closed_at",
            "version",
        ]


class NetworkFaultIn(serializers.Serializer):
    site = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=FaultKind.choices)
    description = serializers.CharField()
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    local_findings = serializers.CharField(required=False, allow_blank=True, default="")


class FaultFindingsIn(VersionIn):
    local_findings = serializers.CharField()


class FaultUpstreamIn(VersionIn):
    upstream_unit = serializers.CharField(max_length=100)
    upstream_reference = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    reported_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class FaultFeedbackIn(VersionIn):
    feedback = serializers.CharField()


class NetworkFaultCloseIn(VersionIn):
    resolution = serializers.CharField()


class NetworkFaultViewSet(SiteRecords):
    """Network and line faults (MR-9): ``check`` (local findings), ``report`` to the upstream
    unit (refused without the findings), ``feedback``, ``close``."""

    serializer_class = NetworkFaultOut
    filterset_class = FaultFilter
    scope = Scope(selectors.faults_for, selectors.get_fault, ("-occurred_at", "-id"))
    steps = {
        "check": StepAction(incidents.record_local_findings, FaultFindingsIn),
        "report": StepAction(incidents.report_upstream, FaultUpstreamIn),
        "feedback": StepAction(incidents.record_feedback, FaultFeedbackIn),
        "close": StepAction(incidents.close_fault, NetworkFaultCloseIn),
    }

    @extend_schema(request=NetworkFaultIn, responses={201: NetworkFaultOut})
    def create(self, request):
        return create_on_site(
            request, NetworkFaultIn, NetworkFaultOut, incidents.log_fault, "mr.inspect"
        )
