"""Customer service forms over the API: intake, resolution, dispatch and callback (SD-1…SD-10),
staff submissions (SD-17) and internal feedback (SD-11)."""

from operator import attrgetter

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.api import ScopedObjectMixin
from infocenter.core.choices import DepartmentLevel
from infocenter.core.models import Department, Room, User
from infocenter.core.rest import (
    CheckedByServiceField,
    ClockedList,
    ClocksField,
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
        fields = [
            "id",
            "called_at",
            "called_by",
            "outcome",
            "satisfaction",
            "notes",
            "customer_told",
            "filer_told",
        ]


class FormOut(serializers.ModelSerializer):
    address = serializers.CharField(read_only=True)
    orders = serializers.SlugRelatedField(many=True, read_only=True, slug_field="serial")
    callbacks = CallbackOut(many=True, read_only=True)
    clocks = ClocksField()

    class Meta:
        model = ServiceForm
        list_serializer_class = ClockedList
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
            "pending_until",
            "pending_reason",
            "reopened_from",
            "orders",
            "callbacks",
            "void_reason",
            "void_note",
            "voided_at",
            "voided_by",
            "archive_batch",
            "archived_at",
            "filed_by",
            "receipt_confirmed_at",
            "receipt_confirmed_by",
            "referred_to",
            "referred_at",
            "referred_by",
            "reply",
            "replied_at",
            "replied_by",
            "version",
            "clocks",
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


class LogAndDispatchIn(FormIn):
    """SD-1 and SD-5 in one request (登记并派工): the form's fields, the department and the
    follow-up assistant (one holding the assistant role at the site)."""

    department = ScopedField(
        Department, lambda user: selectors.with_dispatch_facts(core_selectors.departments_for(user))
    )
    # read by the service with the department's heads
    assistant = CheckedByServiceField(User, core_selectors.people_for)
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class LogAndDispatchOut(serializers.Serializer):
    """The form logged and the order dispatched, by id, serial, state and version (read either
    in full at ``forms/{id}/`` and ``orders/{id}/``)."""

    form = serializers.IntegerField(source="form.pk")
    form_serial = serializers.CharField(source="form.serial")
    form_state = serializers.CharField(source="form.state")
    form_version = serializers.IntegerField(source="form.version")
    order = serializers.IntegerField(source="pk")
    order_serial = serializers.CharField(source="serial")
    order_state = serializers.CharField(source="state")
    order_version = serializers.IntegerField(source="version")
    department = serializers.IntegerField(source="department_id")
    assistant = serializers.IntegerField(source="assistant_id")


class ResolveIn(VersionIn):
    resolution = serializers.CharField()


class DispatchIn(VersionIn):
    department = ScopedField(
        Department, lambda user: selectors.with_dispatch_facts(core_selectors.departments_for(user))
    )
    # read by the service with the department's heads
    assistant = CheckedByServiceField(User, core_selectors.people_for)
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class PendingIn(VersionIn):
    until = serializers.DateField(allow_null=True)
    reason = serializers.CharField(max_length=200, allow_blank=True)


class CallbackIn(VersionIn):
    outcome = serializers.ChoiceField(choices=CallbackOutcome.choices)
    satisfaction = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    customer_told = serializers.BooleanField(required=False, allow_null=True, default=None)
    filer_told = serializers.BooleanField(required=False, default=False)


class SubmitIn(serializers.Serializer):
    """SD-17: a staff member's form; without a customer named, the filer is the reporter."""

    site = serializers.IntegerField()
    category = serializers.ChoiceField(choices=Category.choices)
    content = serializers.CharField(max_length=2000)
    room = ScopedField(
        Room, core_selectors.rooms_for, required=False, allow_null=True, default=None
    )
    location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    reporter_name = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    reporter_phone = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    reporter_kind = serializers.ChoiceField(
        choices=ReporterKind.choices, required=False, allow_blank=True, default=""
    )
    photos = serializers.ListField(
        child=serializers.ImageField(), required=False, default=list, max_length=5
    )


class ReferIn(VersionIn):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.exclude(level=DepartmentLevel.SITE)
    )


class ReplyIn(VersionIn):
    reply = serializers.CharField(max_length=2000)


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
        "pending": StepAction(services.set_pending, PendingIn),
        "callback": StepAction(services.record_callback, CallbackIn, record_of=attrgetter("form")),
        "confirm_receipt": StepAction(services.confirm_receipt, path="confirm-receipt"),
        "refer": StepAction(services.refer_form, ReferIn),
        "reply": StepAction(services.reply_to_filer, ReplyIn),
        "hand_back": StepAction(services.hand_back_form, path="return"),
        "correct": StepAction(corrections.correct_form, corrections.FormCorrectIn),
        "void": StepAction(services.void_form, corrections.VoidIn),
    }

    def get_queryset(self):
        return selectors.forms_for(self.request.user).order_by("-received_at", "-id")

    # A form is shown with its orders and call-backs, read with the form's site (a page of
    # forms: with the page's sites; ``SiteForeignKey``). A step starts from the form alone: its service returns
    # the record the answer shows.
    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            prefetch_related_objects(page, "orders", "callbacks")
        return page

    def retrieve(self, request, *args, **kwargs):
        form = self.get_object()
        prefetch_related_objects([form], "orders", "callbacks")
        return Response(self.get_serializer(form).data)

    def step_response(self, record, result, step):
        form = step.record_of(result) if step.record_of else result  # a call-back's form
        if isinstance(form, ServiceForm):
            prefetch_related_objects([form], "orders", "callbacks")
            result = form
        return super().step_response(record, result, step)

    @extend_schema(request=FormIn, responses={201: FormOut})
    def create(self, request):
        data = valid(FormIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"))
        form = services.log_form(request.user, site=site, **data)
        return Response(FormOut(form).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LogAndDispatchIn, responses={201: LogAndDispatchOut})
    @action(detail=False, methods=["post"], url_path="log-and-dispatch")
    def log_and_dispatch(self, request):
        """SD-1 and SD-5 in one transaction (登记并派工): the call is logged and its work order
        dispatched, or neither; a refusal names the field."""
        data = valid(LogAndDispatchIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"))
        order = services.log_and_dispatch(request.user, site=site, **data)
        return Response(LogAndDispatchOut(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SubmitIn, responses={201: FormOut})
    @action(detail=False, methods=["post"])
    def submit(self, request):
        """SD-17: any staff member of the site (not the auditor) files a form, photos optional
        (multipart ``photos``); it waits for the processor's receipt confirmation."""
        data = valid(SubmitIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"))
        form = services.submit_form(request.user, site=site, **data)
        return Response(FormOut(form).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=FormOut(many=True))
    @action(detail=False, methods=["get"])
    def mine(self, request):
        """SD-17: the forms the caller filed, newest first, with their state and result."""
        return self._page(selectors.submissions_of(request.user))

    @extend_schema(responses=FormOut(many=True))
    @action(detail=False, methods=["get"])
    def referred(self, request):
        """SD-11: internal feedback referred to the caller's departments, waiting for a reply
        or its return to the control room."""
        permissions.check(request.user, "sd.department")
        return self._page(selectors.referred_to_me(request.user))

    def _page(self, queryset):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(FormOut(page, many=True).data)

    # A step answered with the order it made, not the form: declared apart from ``steps``.
    @extend_schema(request=DispatchIn, responses={201: OrderOut})
    @action(detail=True, methods=["post"])
    def dispatch_order(self, request, pk=None):
        order = services.dispatch_order(
            request.user, self.get_object(), **valid(DispatchIn, request.data, request=request)
        )
        return Response(OrderOut(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DispatchIn, responses={201: OrderOut})
    @action(detail=True, methods=["post"])
    def redispatch(self, request, pk=None):
        """SD-12: a matter returned unfinished goes out again (same or another department)."""
        order = services.redispatch_order(
            request.user, self.get_object(), **valid(DispatchIn, request.data, request=request)
        )
        return Response(OrderOut(order).data, status=status.HTTP_201_CREATED)
