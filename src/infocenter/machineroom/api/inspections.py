"""The machine room's API for inspections (MR-9): checklists and their items, schedules, rounds
(results recorded as JSON, photos as multipart, ``submit`` finishes)."""

from functools import partial

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.models import Department
from infocenter.core.parsers import JSONParser
from infocenter.core.rest import ScopedField, StepAction, StepActionsMixin, VersionIn, valid

from .. import selectors
from ..choices import ChecklistTarget, ItemKind
from ..filtersets.inspections import ChecklistFilter, RoundFilter
from ..models import (
    Checklist,
    ChecklistItem,
    InspectionResult,
    InspectionRound,
    InspectionSchedule,
    MachineRoom,
)
from ..services import inspections
from .common import Scope, SiteRecords, create_on_site, create_under, created, of_site

DECIMAL = {
    "max_digits": 10,
    "decimal_places": 2,
    "required": False,
    "allow_null": True,
    "default": None,
}


class ChecklistItemOut(serializers.ModelSerializer):
    normal_range = serializers.CharField(read_only=True)

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "position",
            "label",
            "kind",
            "unit",
            "min_value",
            "max_value",
            "normal_range",
            "photo_required",
            "guidance",
        ]


class ChecklistOut(serializers.ModelSerializer):
    items = ChecklistItemOut(many=True, read_only=True)

    class Meta:
        model = Checklist
        fields = [
            "id",
            "site",
            "name",
            "target",
            "room",
            "device",
            "covers",
            "department",
            "active",
            "version",
            "items",
        ]


class ChecklistIn(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    target = serializers.ChoiceField(choices=ChecklistTarget.choices)
    room = ScopedField(
        MachineRoom, selectors.rooms_for, required=False, allow_null=True, default=None
    )
    device = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    department = ScopedField(
        Department, core_selectors.departments_for, required=False, allow_null=True, default=None
    )


class NewChecklistIn(ChecklistIn):
    site = serializers.IntegerField()


class EditChecklistIn(VersionIn, ChecklistIn):
    active = serializers.BooleanField(default=True)


class ChecklistItemIn(VersionIn):
    label = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    unit = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    min_value = serializers.DecimalField(**DECIMAL)
    max_value = serializers.DecimalField(**DECIMAL)
    photo_required = serializers.BooleanField(default=False)
    guidance = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RemoveChecklistItemIn(VersionIn):
    item = serializers.IntegerField()


class MoveChecklistItemIn(RemoveChecklistItemIn):
    up = serializers.BooleanField()


class ChecklistViewSet(SiteRecords):
    """Checklists (巡检表, MR-9) with their items; ``edit``, ``add_item``, ``remove_item``, ``move_item``.
    Rounds copy the items when made, so edits change only later rounds."""

    serializer_class = ChecklistOut
    filterset_class = ChecklistFilter
    scope = Scope(selectors.checklists_for, selectors.get_checklist, ("name",), ("items",))
    steps = {
        "edit": StepAction(inspections.update_checklist, EditChecklistIn),
        "add_item": StepAction(inspections.add_checklist_item, ChecklistItemIn, created=True),
    }

    @extend_schema(request=NewChecklistIn, responses={201: ChecklistOut})
    def create(self, request):
        return create_on_site(
            request, NewChecklistIn, ChecklistOut, inspections.add_checklist, "mr.checklists"
        )

    def _item(self, pk, serializer_class):
        """The checklist, the body, and the item of the checklist the body names."""
        record, data = self.get_step_record(pk), valid(serializer_class, self.request.data)
        item = record.items.filter(pk=data.pop("item")).first()
        if item is None:
            raise serializers.ValidationError({"item": [_("Not an item of this checklist.")]})
        return item, data

    @extend_schema(request=RemoveChecklistItemIn, responses=ChecklistOut)
    @action(detail=True, methods=["post"])
    def remove_item(self, request, pk=None):
        item, data = self._item(pk, RemoveChecklistItemIn)
        inspections.remove_checklist_item(request.user, item, **data)
        return Response(ChecklistOut(self.get_step_record(pk)).data)

    @extend_schema(request=MoveChecklistItemIn, responses=ChecklistOut)
    @action(detail=True, methods=["post"])
    def move_item(self, request, pk=None):
        item, data = self._item(pk, MoveChecklistItemIn)
        inspections.move_checklist_item(request.user, item, **data)
        return Response(ChecklistOut(self.get_step_record(pk)).data)


class InspectionScheduleOut(serializers.ModelSerializer):
    class Meta:
        model = InspectionSchedule
        fields = [
            "id",
            "site",
            "checklist",
            "name",
            "rule",
            "due_hours",
            "active",
            "next_at",
            "version",
        ]


class InspectionScheduleIn(serializers.Serializer):
    checklist = serializers.IntegerField()
    name = serializers.CharField(max_length=80)
    rule = serializers.CharField(max_length=200)
    due_hours = serializers.IntegerField(min_value=1, max_value=744, default=10)


class EditInspectionScheduleIn(VersionIn):
    name = serializers.CharField(max_length=80)
    rule = serializers.CharField(max_length=200)
    due_hours = serializers.IntegerField(min_value=1, max_value=744)


class InspectionScheduleViewSet(SiteRecords):
    """Schedules (MR-9): an RFC 5545 rule per checklist; the worker makes one round per
    occurrence. ``edit``, ``pause`` and ``resume``."""

    serializer_class = InspectionScheduleOut
    scope = Scope(selectors.schedules_for, selectors.get_schedule, ("name",))
    steps = {
        "edit": StepAction(inspections.update_schedule, EditInspectionScheduleIn),
        "pause": StepAction(partial(inspections.set_schedule_active, active=False)),
        "resume": StepAction(partial(inspections.set_schedule_active, active=True)),
    }

    @extend_schema(request=InspectionScheduleIn, responses={201: InspectionScheduleOut})
    def create(self, request):
        return create_under(
            request,
            InspectionScheduleIn,
            InspectionScheduleOut,
            inspections.add_schedule,
            parent="checklist",
            get=selectors.get_checklist,
        )


class InspectionResultOut(serializers.ModelSerializer):
    normal_range = serializers.CharField(read_only=True)
    order_serial = serializers.CharField(
        source="order.serial", default=None, read_only=True, allow_null=True
    )
    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = InspectionResult
        fields = [
            "id",
            "position",
            "label",
            "kind",
            "unit",
            "min_value",
            "max_value",
            "normal_range",
            "photo_required",
            "outcome",
            "reading",
            "note",
            "has_photo",
            "recorded_by",
            "recorded_at",
            "form",
            "order",
            "order_serial",
        ]

    def get_has_photo(self, obj) -> bool:
        return obj.photo_id is not None


class InspectionRoundOut(serializers.ModelSerializer):
    class Meta:
        model = InspectionRound
        fields = [
            "id",
            "site",
            "serial",
            "checklist",
            "schedule",
            "title",
            "covers",
            "department",
            "occurs_at",
            "due_at",
            "state",
            "submitted_by",
            "submitted_at",
            "note",
            "version",
        ]


class InspectionRoundDetailOut(InspectionRoundOut):
    results = InspectionResultOut(many=True, read_only=True)

    class Meta(InspectionRoundOut.Meta):
        fields = [*InspectionRoundOut.Meta.fields, "results"]


class StartInspectionRoundIn(serializers.Serializer):
    checklist = serializers.IntegerField()
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RoundEntryIn(serializers.Serializer):
    result = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["", "pass", "fail"], required=False, default="")
    reading = serializers.DecimalField(**DECIMAL)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class InspectionRecordIn(VersionIn):
    entries = RoundEntryIn(many=True)
    submit = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, data):
        """The entries keyed by their result, as ``record_results`` takes them."""
        return {**data, "entries": {e.pop("result"): e for e in data["entries"]}}


class InspectionPhotoIn(VersionIn):
    """One or several photos of one item: ``photo`` repeated, one part per file."""

    result = serializers.IntegerField()
    photo = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        help_text="One or several image files (a multipart part named photo for each); "
        "all are kept or none, the refused file named.",
    )


class CancelInspectionRoundIn(VersionIn):
    note = serializers.CharField()


class InspectionRoundViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Inspection rounds (MR-9). ``record`` saves results (a reading decides its own outcome by
    the range) and with ``submit`` finishes the round, refused while anything required is
    missing; each fault opens a work order (``results[].order``). ``photo`` adds an item's
    photos (multipart, one or several, all kept or none); ``cancel`` calls a round off."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = RoundFilter
    step_output = InspectionRoundDetailOut
    steps = {
        "record": StepAction(inspections.record_results, InspectionRecordIn),
        "cancel": StepAction(inspections.cancel_round, CancelInspectionRoundIn),
    }

    def get_serializer_class(self):
        return InspectionRoundDetailOut if self.action != "list" else InspectionRoundOut

    def get_queryset(self):
        qs = of_site(self.request, selectors.rounds_for(self.request.user))
        if self.action != "list":
            qs = qs.prefetch_related("results__order")
        return qs.order_by("-occurs_at", "-id")

    def get_step_record(self, pk):
        return selectors.get_round(self.request.user, pk)

    def step_response(self, record, result, step):
        """The round read again, with its results and their work orders."""
        return self._detail(self.request, record.pk)

    def _detail(self, request, pk):
        return Response(
            InspectionRoundDetailOut(
                selectors.rounds_for(request.user).prefetch_related("results__order").get(pk=pk)
            ).data
        )

    @extend_schema(request=StartInspectionRoundIn, responses={201: InspectionRoundDetailOut})
    def create(self, request):
        data = valid(StartInspectionRoundIn, request.data)
        checklist = selectors.get_checklist(request.user, data["checklist"])
        record = inspections.start_round(request.user, checklist=checklist, due_at=data["due_at"])
        return created(InspectionRoundDetailOut, record)

    # Not in ``steps``: a photo comes as multipart only, and a step's body is documented as
    # JSON too.
    @extend_schema(
        request={"multipart/form-data": InspectionPhotoIn},
        responses=InspectionRoundDetailOut,
        description="Add one or several photos of one item: a multipart part named photo for "
        "each file. All are kept or none: a refused file is named with its reason (400, under "
        "r{result}_photo) and nothing is added. Answers the round.",
    )
    @action(detail=True, methods=["post"])
    def photo(self, request, pk=None):
        data = valid(InspectionPhotoIn, request.data)
        inspections.record_results(
            request.user,
            self.get_step_record(pk),
            version=data["version"],
            entries={data["result"]: {"photos": data["photo"]}},
        )
        return self._detail(request, pk)
