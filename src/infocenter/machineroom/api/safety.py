"""The machine room's API for serious events (MR-1, MR-5, MR-6), the head's approvals of power use
(MR-5) and fire-system changes (MR-6), and the site's wattage threshold."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import ScopedField, StepAction, StepActionsMixin, VersionIn, valid

from .. import selectors
from ..choices import EventKind, FireChangeKind
from ..filtersets.safety import EventFilter, FireChangeFilter, PowerPermitFilter
from ..models import Callout, DutyPolicy, FireChange, MachineRoom, PowerPermit, SeriousEvent
from ..services import safety
from .common import SITE, SITE_OF_LIST, Scope, SiteRecords, created, of_site, site_for

# -- serious events (MR-1, MR-5, MR-6) -----------------------------------------------------------


class CalloutOut(serializers.ModelSerializer):
    class Meta:
        model = Callout
        fields = ["id", "person", "on_call", "called_at", "acknowledged_at", "arrived_at"]


class EventOut(serializers.ModelSerializer):
    callouts = CalloutOut(many=True, read_only=True)

    class Meta:
        model = SeriousEvent
        fields = [
            "id",
            "site",
            "room",
            "serial",
            "kind",
            "state",
            "description",
            "measures",
            "occurred_at",
            "reported_by",
            "reported_at",
            "ups_on_battery",
            "generator_called_at",
            "generator_running_at",
            "power_restored_at",
            "outcome",
            "closed_by",
            "closed_at",
            "version",
            "callouts",
        ]


class EventIn(serializers.Serializer):
    room = ScopedField(MachineRoom, selectors.rooms_in_reach)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    description = serializers.CharField()
    measures = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ArrivalIn(serializers.Serializer):
    person = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
    )


class OutageIn(VersionIn):
    ups_on_battery = serializers.BooleanField(allow_null=True)
    generator_called_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    generator_running_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    power_restored_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CloseEventIn(VersionIn):
    outcome = serializers.CharField()


@SITE_OF_LIST
class EventViewSet(SiteRecords):
    """Serious events and hazards (MR-1, MR-5, MR-6): ``create`` calls the on-call staff out at
    once; a person called ``acknowledge``s and ``arrive``s; ``outage`` records the UPS and generator
    procedure; ``close`` with the outcome. Filters: ``site``, ``kind``, ``state``."""

    serializer_class = EventOut
    filterset_class = EventFilter
    scope = Scope(
        selectors.events_for,
        selectors.get_event,
        ("-occurred_at", "-id"),
        prefetch=("callouts",),
    )
    steps = {
        "outage": StepAction(safety.record_outage, OutageIn),
        "close": StepAction(safety.close_event, CloseEventIn),
    }

    @extend_schema(request=EventIn, responses={201: EventOut})
    def create(self, request):
        data = valid(EventIn, request.data, request=request)
        return created(EventOut, safety.report_event(request.user, **data))

    # A callout is a record of its own: acknowledging and arriving answer with it.
    @extend_schema(request=None, responses=CalloutOut)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        event = self.get_step_record(pk)
        return Response(CalloutOut(safety.acknowledge_callout(request.user, event)).data)

    @extend_schema(request=ArrivalIn, responses=CalloutOut)
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        event = self.get_step_record(pk)
        data = valid(ArrivalIn, request.data, request=request)
        return Response(CalloutOut(safety.record_arrival(request.user, event, **data)).data)


PERMIT_FIELDS = [
    "id",
    "site",
    "room",
    "serial",
    "state",
    "equipment",
    "reason",
    "starts_at",
    "ends_at",
    "requested_by",
    "requested_at",
    "decided_by",
    "decided_at",
    "decision_note",
    "finished_at",
    "finish_note",
    "version",
]


class PowerOut(serializers.ModelSerializer):
    class Meta:
        model = PowerPermit
        fields = [*PERMIT_FIELDS, "watts", "supply", "organisation", "lines_checked"]


class FireOut(serializers.ModelSerializer):
    class Meta:
        model = FireChange
        fields = [*PERMIT_FIELDS, "kind", "current", "proposed", "safeguards"]


class PeriodIn(serializers.Serializer):
    room = ScopedField(MachineRoom, selectors.rooms_in_reach)
    equipment = serializers.CharField(max_length=120)
    reason = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class PowerIn(PeriodIn):
    watts = serializers.IntegerField(min_value=1)
    supply = serializers.CharField(max_length=120)
    organisation = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    lines_checked = serializers.BooleanField(required=False, default=False)


class FireIn(PeriodIn):
    kind = serializers.ChoiceField(choices=FireChangeKind.choices)
    current = serializers.CharField(max_length=200)
    proposed = serializers.CharField(max_length=200)
    safeguards = serializers.CharField()


class PermitNoteIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


# The head's decision, the end and the withdrawal of a permit, for each kind of permit.
PERMIT_STEPS = {
    "approve": StepAction(safety.approve_permit, PermitNoteIn),
    "refuse": StepAction(safety.refuse_permit, PermitNoteIn),
    "finish": StepAction(safety.finish_permit, PermitNoteIn),
    "cancel": StepAction(safety.cancel_permit, PermitNoteIn),
}


@SITE_OF_LIST
class PermitViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """What the power-use permits and the fire-system changes share: ``create`` asks the head;
    the head ``approve``s or ``refuse``s (with the reason); ``finish`` records how it was left;
    ``cancel`` withdraws. Filters: ``site``, ``state``."""

    kind = "power"
    input_class = PowerIn

    def get_queryset(self):
        rows = selectors.PERMIT_LISTS[self.kind](self.request.user)
        return of_site(self.request, rows).order_by("-requested_at", "-id")

    def get_step_record(self, pk):
        return selectors.get_permit(self.request.user, self.kind, pk)

    def create(self, request):
        data = valid(self.input_class, request.data, request=request)
        service = safety.request_power if self.kind == "power" else safety.request_fire_change
        return created(self.serializer_class, service(request.user, **data))


class PowerPermitViewSet(PermitViewSet):
    """Power-use permits (MR-5): equipment above the site's wattage, or an outside unit using power."""

    serializer_class, kind, input_class = PowerOut, "power", PowerIn
    filterset_class, steps = PowerPermitFilter, PERMIT_STEPS

    @extend_schema(request=PowerIn, responses={201: PowerOut})
    def create(self, request):
        return super().create(request)


class FireChangeViewSet(PermitViewSet):
    """Fire-system changes (MR-6): the working state or the position of equipment."""

    serializer_class, kind, input_class = FireOut, "fire", FireIn
    filterset_class, steps = FireChangeFilter, PERMIT_STEPS

    @extend_schema(request=FireIn, responses={201: FireOut})
    def create(self, request):
        return super().create(request)


class DutyPolicyOut(serializers.ModelSerializer):
    class Meta:
        model = DutyPolicy
        fields = ["site", "power_threshold_watts", "version"]


class DutyPolicyIn(VersionIn):
    power_threshold_watts = serializers.IntegerField(min_value=100, max_value=100000)


@extend_schema(methods=["GET"], parameters=[SITE], responses=DutyPolicyOut)
@extend_schema(methods=["PUT"], parameters=[SITE], request=DutyPolicyIn, responses=DutyPolicyOut)
@api_view(["GET", "PUT"])
def duty_policy(request):
    """MR-5: the site's wattage above which equipment needs the head's permit (default 1500 W)."""
    if request.method == "PUT":
        site = site_for(request, "mr.manage")
        return Response(
            DutyPolicyOut(
                safety.update_policy(request.user, site=site, **valid(DutyPolicyIn, request.data))
            ).data
        )
    return Response(DutyPolicyOut(safety.policy(site_for(request))).data)
