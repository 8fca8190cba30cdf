"""The machine room's API for inspections (MR-9): checklists and their items, schedules, rounds
(results recorded as JSON, photos as multipart, ``submit`` finishes)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.models import Department
from infocenter.core.rest import VersionIn, valid

from .. import selectors
from ..choices import (
    ChecklistTarget,
    ItemKind,
    RoundState,
)
from ..models import (
    Checklist,
    ChecklistItem,
    InspectionResult,
    InspectionRound,
    InspectionSchedule,
    MachineRoom,
)
from ..services import inspections
from .common import filtered

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
    room = serializers.PrimaryKeyRelatedField(
        queryset=MachineRoom.objects.all(), required=False, allow_null=True, default=None
    )
    device = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True, default=None
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


class ChecklistViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklists (巡检表, MR-9) with their items; ``edit``, ``add_item``, ``remove_item``, ``move_item``.
    Rounds copy the items when made, so edits change only later rounds."""

    serializer_class = ChecklistOut

    def get_queryset(self):
        return filtered(
            self.request,
            selectors.checklists_for(self.request.user).prefetch_related("items"),
            target=ChecklistTarget,
        ).order_by("name")

    @extend_schema(request=NewChecklistIn, responses={201: ChecklistOut})
    def create(self, request):
        data = valid(NewChecklistIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.checklists")
        record = inspections.add_checklist(request.user, site=site, **data)
        return Response(ChecklistOut(record).data, status=status.HTTP_201_CREATED)

    def _record(self, pk):
        return selectors.get_checklist(self.request.user, pk)

    @extend_schema(request=EditChecklistIn, responses=ChecklistOut)
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        record = inspections.update_checklist(
            request.user, self._record(pk), **valid(EditChecklistIn, request.data)
        )
        return Response(ChecklistOut(record).data)

    @extend_schema(request=ChecklistItemIn, responses={201: ChecklistOut})
    @action(detail=True, methods=["post"])
    def add_item(self, request, pk=None):
        record = self._record(pk)
        inspections.add_checklist_item(request.user, record, **valid(ChecklistItemIn, request.data))
        return Response(ChecklistOut(self._record(pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RemoveChecklistItemIn, responses=ChecklistOut)
    @action(detail=True, methods=["post"])
    def remove_item(self, request, pk=None):
        record, data = self._record(pk), valid(RemoveChecklistItemIn, request.data)
        item = record.items.filter(pk=data["item"]).first()
        if item is None:
            raise serializers.ValidationError({"item": [_("Not an item of this checklist.")]})
        inspections.remove_checklist_item(request.user, item, version=data["version"])
        return Response(ChecklistOut(self._record(pk)).data)

    @extend_schema(request=MoveChecklistItemIn, responses=ChecklistOut)
    @action(detail=True, methods=["post"])
    def move_item(self, request, pk=None):
        record, data = self._record(pk), valid(MoveChecklistItemIn, request.data)
        item = record.items.filter(pk=data["item"]).first()
        if item is None:
            raise serializers.ValidationError({"item": [_("Not an item of this checklist.")]})
        inspections.move_checklist_item(request.user, item, version=data["version"], up=data["up"])
        return Response(ChecklistOut(self._record(pk)).data)


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


class InspectionScheduleViewSet(viewsets.ReadOnlyModelViewSet):
    """Schedules (MR-9): an RFC 5545 rule per checklist; the worker makes one round per
    occurrence. ``edit``, ``pause`` and ``resume``."""

    serializer_class = InspectionScheduleOut

    def get_queryset(self):
        return filtered(self.request, selectors.schedules_for(self.request.user)).order_by("name")

    @extend_schema(request=InspectionScheduleIn, responses={201: InspectionScheduleOut})
    def create(self, request):
        data = valid(InspectionScheduleIn, request.data)
        data["checklist"] = selectors.get_checklist(request.user, data["checklist"])
        return Response(
            InspectionScheduleOut(inspections.add_schedule(request.user, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=EditInspectionScheduleIn, responses=InspectionScheduleOut)
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        record = inspections.update_schedule(
            request.user,
            selectors.get_schedule(request.user, pk),
            **valid(EditInspectionScheduleIn, request.data),
        )
        return Response(InspectionScheduleOut(record).data)

    def _toggle(self, request, pk, active):
        record = inspections.set_schedule_active(
            request.user,
            selectors.get_schedule(request.user, pk),
            active=active,
            **valid(VersionIn, request.data),
        )
        return Response(InspectionScheduleOut(record).data)

    @extend_schema(request=VersionIn, responses=InspectionScheduleOut)
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        return self._toggle(request, pk, False)

    @extend_schema(request=VersionIn, responses=InspectionScheduleOut)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._toggle(request, pk, True)


class InspectionResultOut(serializers.ModelSerializer):
    normal_range = serializers.CharField(read_only=True)
    order_serial = serializers.CharField(source="order.serial", default=None, read_only=True)
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


class InspectionPhotoIn(VersionIn):
    result = serializers.IntegerField()
    photo = serializers.ImageField()


class CancelInspectionRoundIn(VersionIn):
    note = serializers.CharField()


class InspectionRoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspection rounds (MR-9). ``record`` saves results (a reading decides its own outcome by
    the range) and with ``submit`` finishes the round, refused while anything required is
    missing; each fault opens a work order (``results[].order``). ``photo`` adds an item's photo
    (multipart); ``cancel`` calls a round off."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        return InspectionRoundDetailOut if self.action != "list" else InspectionRoundOut

    def get_queryset(self):
        qs = filtered(self.request, selectors.rounds_for(self.request.user), state=RoundState)
        if self.action != "list":
            qs = qs.prefetch_related("results__order")
        return qs.order_by("-occurs_at", "-id")

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
        return Response(InspectionRoundDetailOut(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionRecordIn, responses=InspectionRoundDetailOut)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        data = valid(InspectionRecordIn, request.data)
        entries = {e.pop("result"): e for e in data.pop("entries")}
        inspections.record_results(
            request.user, selectors.get_round(request.user, pk), entries=entries, **data
        )
        return self._detail(request, pk)

    @extend_schema(
        request={"multipart/form-data": InspectionPhotoIn}, responses=InspectionRoundDetailOut
    )
    @action(detail=True, methods=["post"])
    def photo(self, request, pk=None):
        data = valid(InspectionPhotoIn, request.data)
        inspections.record_results(
            request.user,
            selectors.get_round(request.user, pk),
            version=data["version"],
            entries={data["result"]: {"photo": data["photo"]}},
        )
        return self._detail(request, pk)

    @extend_schema(request=CancelInspectionRoundIn, responses=InspectionRoundDetailOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        inspections.cancel_round(
            request.user,
            selectors.get_round(request.user, pk),
            **valid(CancelInspectionRoundIn, request.data),
        )
        return self._detail(request, pk)
