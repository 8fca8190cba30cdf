"""The machine room's API for duty and closing (MR-1): the roster, the duty and closing
checklists and the alerts of a day without them."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import ScopedField, StepAction, VersionIn, valid

from .. import selectors
from ..choices import ClosingItem, DutyItem
from ..filtersets.duty import DutyAlertFilter, RosterFilter
from ..models import ClosingCheck, DutyAlert, DutyCheck, MachineRoom, RosterDay
from ..services import duty
from .common import SITE_OF_LIST, Scope, SiteRecords, created

# -- the roster and the checklists (MR-1) --------------------------------------------------------


class RosterOut(serializers.ModelSerializer):
    class Meta:
        model = RosterDay
        fields = [
            "id",
            "site",
            "room",
            "day",
            "person",
            "on_call",
            "note",
            "planned_by",
            "planned_at",
            "version",
        ]


class ChecklistOut(serializers.Serializer):
    id = serializers.IntegerField()
    site = serializers.IntegerField(source="site_id")
    room = serializers.IntegerField(source="room_id")
    day = serializers.DateField()
    results = serializers.JSONField()
    problems = serializers.IntegerField()
    note = serializers.CharField()
    done_by = serializers.IntegerField(source="done_by_id")
    done_at = serializers.DateTimeField()


class DutyCheckOut(ChecklistOut):
    roster = serializers.IntegerField(source="roster_id")
    on_behalf_of = serializers.IntegerField(source="on_behalf_of_id", allow_null=True)


class ClosingOut(ChecklistOut):
    still_inside = serializers.JSONField()


class PlanIn(serializers.Serializer):
    room = ScopedField(MachineRoom, selectors.rooms_in_reach)
    start = serializers.DateField()
    end = serializers.DateField()
    people = ScopedField(User, core_selectors.people_for, many=True, allow_empty=False)
    on_call = ScopedField(User, core_selectors.people_for, many=True, required=False, default=list)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    replace = serializers.BooleanField(required=False, default=False)


class RosterChangeIn(VersionIn):
    person = ScopedField(User, core_selectors.people_for)
    on_call = ScopedField(User, core_selectors.people_for, many=True, required=False, default=list)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SwapIn(VersionIn):
    other = ScopedField(RosterDay, selectors.roster_for)
    other_version = serializers.IntegerField()


class DutyItemIn(serializers.Serializer):
    ok = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _results_field(items):
    class ResultsIn(serializers.Serializer):
        results = serializers.DictField(
            child=DutyItemIn(), help_text=f"one entry per item: {', '.join(items.values)}"
        )
        note = serializers.CharField(required=False, allow_blank=True, default="")

        def validate_results(self, value):
            unknown = sorted(set(value) - set(items.values))
            if unknown:
                raise serializers.ValidationError(f"Unknown items: {', '.join(unknown)}.")
            return {code: (row["ok"], row["note"]) for code, row in value.items()}

    return ResultsIn


DutyResultsIn = type(VersionIn)("DutyCheckIn", (_results_field(DutyItem), VersionIn), {})


ClosingIn = type(VersionIn)(
    "ClosingIn",
    (_results_field(ClosingItem),),
    {"room": ScopedField(MachineRoom, selectors.rooms_in_reach)},
)


@SITE_OF_LIST
class RosterViewSet(SiteRecords):
    """The duty roster (MR-1): ``plan`` fills a period in turn (the head), ``change`` one day or
    ``swap`` two days' duty persons until their checklists are done, ``duty_check`` records the
    day's checklist (the duty person, or the head on their behalf). Filters: ``site``, ``room``,
    ``start``, ``end``."""

    serializer_class = RosterOut
    filterset_class = RosterFilter
    scope = Scope(selectors.roster_for, selectors.get_roster_day, ("day", "room__name"))
    steps = {
        "change": StepAction(duty.change_roster_day, RosterChangeIn),
        "swap": StepAction(duty.swap_roster_days, SwapIn),
    }

    @extend_schema(request=PlanIn, responses={201: RosterOut(many=True)}, filters=False)
    @action(detail=False, methods=["post"])
    def plan(self, request):
        data = valid(PlanIn, request.data, request=request)
        return Response(
            RosterOut(duty.plan_roster(request.user, **data), many=True).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=DutyResultsIn, responses={201: DutyCheckOut})
    @action(detail=True, methods=["post"])
    def duty_check(self, request, pk=None):
        """The day's checklist is a record of its own: answered with it (201)."""
        check = duty.record_duty_check(
            request.user, self.get_step_record(pk), **valid(DutyResultsIn, request.data)
        )
        return created(DutyCheckOut, check)


@SITE_OF_LIST
class DutyCheckViewSet(SiteRecords):
    """The daily duty checklists (MR-1), filter ``site``; recorded from ``roster/{id}/duty_check/``."""

    serializer_class = DutyCheckOut
    queryset = DutyCheck.objects.none()
    scope = Scope(selectors.duty_checks_for, ordering=("-day", "room__name"))


@SITE_OF_LIST
class ClosingViewSet(SiteRecords):
    """The last-person-out closing checklists (MR-1, MR-5, MR-6): ``create`` closes a room for
    today (refused while visitors are signed in)."""

    serializer_class = ClosingOut
    queryset = ClosingCheck.objects.none()
    scope = Scope(selectors.closings_for, ordering=("-day", "room__name"))

    @extend_schema(request=ClosingIn, responses={201: ClosingOut})
    def create(self, request):
        data = valid(ClosingIn, request.data, request=request)
        return created(ClosingOut, duty.record_closing(request.user, **data))


class AlertOut(serializers.ModelSerializer):
    class Meta:
        model = DutyAlert
        fields = ["id", "site", "room", "day", "kind", "raised_at", "resolved_at"]


@SITE_OF_LIST
class AlertViewSet(SiteRecords):
    """Rostered days whose duty or closing checklist was missing at the evening check (MR-1);
    ``?open=1`` for those still missing. Filters: ``site``, ``kind``."""

    serializer_class = AlertOut
    filterset_class = DutyAlertFilter
    scope = Scope(selectors.duty_alerts_for, ordering=("-day", "room__name", "kind"))
