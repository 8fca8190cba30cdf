"""REST API of the service desk (X-7): forms, orders and the residents register, with every
workflow step as an action (``POST /orders/{id}/assign/``). Writes go through ``services``."""

import base64
import binascii

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.api import ScopedObjectMixin
from infocenter.core.calendar import days_span
from infocenter.core.models import Department, Room, User
from infocenter.core.rest import (
    ScopedField,
    StepAction,
    StepActionsMixin,
    VersionIn,
    filter_strictly,
    valid,
)

from . import selectors, services
from .choices import CallbackOutcome, Category, Priority, ReporterKind, Source
from .exports import register_workbook
from .filtersets import FormFilter, OrderFilter, ResidentFilter
from .models import ArchiveBatch, Callback, Resident, ServiceForm, WorkOrder


class ResidentOut(serializers.ModelSerializer):
    room_label = serializers.CharField(source="room", default="")

    class Meta:
        model = Resident
        fields = ["id", "site", "name", "kind", "phone", "phone2", "room", "room_label", "note"]


class ResidentIn(serializers.Serializer):
    site = serializers.IntegerField()
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20)
    phone2 = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=ReporterKind.choices, default=ReporterKind.OWNER)
    room = ScopedField(
        Room, core_selectors.rooms_for, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ResidentViewSet(
    ScopedObjectMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The residents register (业户), searchable with ``q`` by phone, name, pinyin or initials."""

    serializer_class = ResidentOut
    filterset_class = ResidentFilter

    def get_queryset(self):
        return selectors.residents_for(self.request.user, q=self.request.query_params.get("q", ""))

    @extend_schema(request=ResidentIn, responses={201: ResidentOut})
    def create(self, request):
        data = valid(ResidentIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"))
        return Response(
            ResidentOut(services.add_resident(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )


class CallbackOut(serializers.ModelSerializer):
    class Meta:
        model = Callback
        fields = ["id", "called_at", "called_by", "outcome", "satisfaction", "notes"]


class FormOut(serializers.ModelSerializer):
    address = serializers.CharField(read_only=True)
    orders = serializers.SlugRelatedField(many=True, read_only=True, slug_field="serial")
    callbacks = CallbackOut(many=True, read_only=True)

    class Meta:
        model = ServiceForm
        fields = [
            "id",
            "site",
            "serial",
            "state",
            "source",
            "reporter_kind",
            "resident",
            "reporter_name",
            "reporter_phone",
            "room",
            "location",
            "address",
            "category",
            "priority",
            "major",
            "content",
            "received_at",
            "received_by",
            "resolution",
            "resolved_at",
            "reopened_from",
            "orders",
            "callbacks",
            "archive_batch",
            "archived_at",
            "version",
        ]


class FormIn(serializers.Serializer):
    site = serializers.IntegerField()
    source = serializers.ChoiceField(choices=Source.choices)
    reporter_kind = serializers.ChoiceField(choices=ReporterKind.choices)
    reporter_name = serializers.CharField(max_length=50)
    reporter_phone = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    category = serializers.ChoiceField(choices=Category.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    major = serializers.BooleanField(default=False)
    content = serializers.CharField()
    room = ScopedField(
        Room, core_selectors.rooms_for, required=False, allow_null=True, default=None
    )
    location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(required=False, default=None)


class ResolveIn(VersionIn):
    resolution = serializers.CharField()


class DispatchIn(VersionIn):
    department = ScopedField(Department, core_selectors.departments_for)
    assistant = ScopedField(User, core_selectors.people_for)
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class CallbackIn(VersionIn):
    outcome = serializers.ChoiceField(choices=CallbackOutcome.choices)
    satisfaction = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class OrderOut(serializers.ModelSerializer):
    form_serial = serializers.CharField(source="form.serial")

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "site",
            "serial",
            "form",
            "form_serial",
            "department",
            "state",
            "instructions",
            "dispatched_at",
            "assistant",
            "receiver",
            "acknowledged_at",
            "assignee",
            "assigned_at",
            "started_at",
            "result",
            "signed_by_customer",
            "reported_at",
            "return_reason",
            "returned_at",
            "verified_at",
            "closed_at",
            "closed_by",
            "reissue_of",
            "archived_at",
            "version",
        ]


class FormViewSet(
    StepActionsMixin,
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Customer Service Forms (F2): log, handle directly, dispatch, call back."""

    serializer_class = FormOut
    filterset_class = FormFilter
    steps = {
        "resolve": StepAction(services.resolve_form, ResolveIn),
        "callback": StepAction(services.record_callback, CallbackIn),
    }

    def get_queryset(self):
        return (
            selectors.forms_for(self.request.user)
            .prefetch_related("orders", "callbacks")
            .order_by("-received_at", "-id")
        )

    @extend_schema(request=FormIn, responses={201: FormOut})
    def create(self, request):
        data = valid(FormIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"))
        form = services.log_form(request.user, site=site, **data)
        return Response(FormOut(form).data, status=status.HTTP_201_CREATED)

    # A step answered with the order it made, not the form: declared apart from ``steps``.
    @extend_schema(request=DispatchIn, responses={201: OrderOut})
    @action(detail=True, methods=["post"])
    def dispatch_order(self, request, pk=None):
        order = services.dispatch_order(
            request.user, self.get_object(), **valid(DispatchIn, request.data, request=request)
        )
        return Response(OrderOut(order).data, status=status.HTTP_201_CREATED)


class AssignIn(VersionIn):
    assignee = ScopedField(User, core_selectors.people_for)


class ReportIn(VersionIn):
    result = serializers.CharField()
    signed_by_customer = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    signature_png_base64 = serializers.CharField(
        source="signature_png", required=False, allow_blank=True, default=""
    )

    def validate_signature_png_base64(self, value):
        if not value:
            return None
        try:
            data = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError("Not valid base64.") from exc
        if len(data) > 512 * 1024:
            raise serializers.ValidationError("The signature image is larger than 512 KB.")
        return data


class ReturnIn(VersionIn):
    reason = serializers.CharField(allow_blank=True)


class OrderViewSet(
    StepActionsMixin,
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Work Orders (F3) with each workflow step as an action."""

    serializer_class = OrderOut
    filterset_class = OrderFilter
    steps = {
        "acknowledge": StepAction(services.acknowledge_order),
        "assign": StepAction(services.assign_order, AssignIn),
        "start": StepAction(services.start_order),
        "report": StepAction(services.report_result, ReportIn),
        "return_order": StepAction(services.return_order, ReturnIn, "return"),
        "verify": StepAction(services.verify_order),
        "close": StepAction(services.close_in_register),
    }

    def get_queryset(self):
        return selectors.orders_for(self.request.user).order_by("-dispatched_at", "-id")


class RegisterExportIn(serializers.Serializer):
    site = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, data):
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"end": "The end is before the start."})
        return data


@extend_schema(
    parameters=[RegisterExportIn],
    responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes},
)
@api_view(["GET"])
def register_export(request):
    """The register (信息中心记录表) of one site for a date range, as Excel (X-5)."""

    data = valid(RegisterExportIn, request.query_params)
    site = core_selectors.get_site(request.user, data["site"], "sd.view")
    start, end = days_span(data["start"], data["end"])
    forms = filter_strictly(
        FormFilter,
        request.query_params,
        selectors.register_for(request.user, site=site, start=start, end=end),
    )
    body = register_workbook(
        forms, title=f"{site.code}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="register-{site.code}.xlsx"'
    return response


class BatchOut(serializers.ModelSerializer):
    forms = serializers.SlugRelatedField(many=True, read_only=True, slug_field="serial")

    class Meta:
        model = ArchiveBatch
        fields = [
            "id",
            "site",
            "week_start",
            "state",
            "submitted_at",
            "submitted_by",
            "forms",
            "refused",
            "reviewed_at",
            "reviewed_by",
            "review_note",
            "version",
        ]


class BatchIn(serializers.Serializer):
    site = serializers.IntegerField()
    week_start = serializers.DateField()


class BatchReturnIn(VersionIn):
    note = serializers.CharField(allow_blank=True)


class ArchiveBatchViewSet(
    StepActionsMixin,
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Weekly archive batches (SD-12, SD-16): hand over, review, return."""

    serializer_class = BatchOut
    filterset_fields = ["site", "state", "week_start"]
    steps = {
        "approve": StepAction(services.approve_archive_batch),
        "return_batch": StepAction(services.return_archive_batch, BatchReturnIn, "return"),
    }

    def get_queryset(self):
        return selectors.batches_for(self.request.user).prefetch_related("forms")

    @extend_schema(request=BatchIn, responses={201: BatchOut})
    def create(self, request):
        data = valid(BatchIn, request.data)
        site = core_selectors.get_site(request.user, data["site"])
        batch = services.submit_archive_batch(
            request.user, site=site, week_start=data["week_start"]
        )
        return Response(BatchOut(batch).data, status=status.HTTP_201_CREATED)
