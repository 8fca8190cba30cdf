"""Customer service forms over the API: intake, resolution, dispatch and callback (SD-1…SD-10)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.api import ScopedObjectMixin
from infocenter.core.models import Department, Room, User
from infocenter.core.rest import (
    ScopedField,
    StepAction,
    StepActionsMixin,
    VersionIn,
    valid,
)

from .. import selectors, services
from ..choices import CallbackOutcome, Category, Priority, ReporterKind, Source
from ..filtersets import FormFilter
from ..models import Callback, ServiceForm
from . import corrections
from .orders import OrderOut


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
            "void_reason",
            "void_note",
            "voided_at",
            "voided_by",
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


class FormViewSet(
    StepActionsMixin,
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Customer Service Forms (F2): log, handle directly, dispatch, call back, correct and void
    (SD-3)."""

    serializer_class = FormOut
    filterset_class = FormFilter
    steps = {
        "resolve": StepAction(services.resolve_form, ResolveIn),
        "callback": StepAction(services.record_callback, CallbackIn),
        "correct": StepAction(corrections.correct_form, corrections.FormCorrectIn),
        "void": StepAction(services.void_form, corrections.VoidIn),
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
