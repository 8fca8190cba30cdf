"""The machine room's API for core-device alarms and network faults (MR-9) with their workflow
steps."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.rest import ScopedField, StepAction, StepActionsMixin, VersionIn, valid

from .. import selectors
from ..choices import AlarmSeverity, FaultKind
from ..filtersets.incidents import AlarmFilter, FaultFilter
from ..models import CoreAlarm, MachineRoom, NetworkFault
from ..services import incidents
from .common import of_site


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


class CoreAlarmViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Core-device alarms (MR-9): ``create`` tells the leaders at once and starts the 15-minute
    response clock; ``respond`` and ``close``."""

    serializer_class = CoreAlarmOut
    filterset_class = AlarmFilter
    steps = {
        "respond": StepAction(incidents.respond_to_alarm, AlarmRespondIn),
        "close": StepAction(incidents.close_alarm, CoreAlarmCloseIn),
    }

    def get_queryset(self):
        qs = of_site(self.request, selectors.alarms_for(self.request.user))
        return qs.order_by("-occurred_at", "-id")

    def get_step_record(self, pk):
        return selectors.get_alarm(self.request.user, pk)

    @extend_schema(request=CoreAlarmIn, responses={201: CoreAlarmOut})
    def create(self, request):
        data = valid(CoreAlarmIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.inspect")
        return Response(
            CoreAlarmOut(incidents.log_alarm(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )


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


class NetworkFaultViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Network and line faults (MR-9): ``check`` (local findings), ``report`` to the upstream
    unit (refused without the findings), ``feedback``, ``close``."""

    serializer_class = NetworkFaultOut
    filterset_class = FaultFilter
    steps = {
        "check": StepAction(incidents.record_local_findings, FaultFindingsIn),
        "report": StepAction(incidents.report_upstream, FaultUpstreamIn),
        "feedback": StepAction(incidents.record_feedback, FaultFeedbackIn),
        "close": StepAction(incidents.close_fault, NetworkFaultCloseIn),
    }

    def get_queryset(self):
        qs = of_site(self.request, selectors.faults_for(self.request.user))
        return qs.order_by("-occurred_at", "-id")

    def get_step_record(self, pk):
        return selectors.get_fault(self.request.user, pk)

    @extend_schema(request=NetworkFaultIn, responses={201: NetworkFaultOut})
    def create(self, request):
        data = valid(NetworkFaultIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.inspect")
        return Response(
            NetworkFaultOut(incidents.log_fault(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )
