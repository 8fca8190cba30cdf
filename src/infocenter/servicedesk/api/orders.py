"""Work orders over the API: every step of SD-5…SD-14 as an action."""

from rest_framework import mixins, serializers, viewsets

from infocenter.core import selectors as core_selectors
from infocenter.core.api import ScopedObjectMixin
from infocenter.core.models import User
from infocenter.core.rest import (
    CheckedByServiceField,
    ClockedList,
    ClocksField,
    PlainRows,
    SignatureField,
    StepAction,
    StepActionsMixin,
    VersionIn,
)

from .. import selectors, services
from ..choices import ReportOutcome, Unsigned
from ..filtersets import OrderFilter
from ..models import WorkOrder
from . import corrections
from .photos import OrderPhotosMixin


class OrderOut(PlainRows, serializers.ModelSerializer):
    form_serial = serializers.CharField(source="form.serial")
    clocks = ClocksField()
    acknowledged_by_name = serializers.SerializerMethodField()

    def get_acknowledged_by_name(self, order) -> str:
        """Who acknowledged the order (签收, SD-5): the head or a designated receiver."""
        return str(order.acknowledged_by) if order.acknowledged_by_id else ""

    class Meta:
        model = WorkOrder
        list_serializer_class = ClockedList
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
            "acknowledged_by",
            "acknowledged_by_name",
            "assignee",
            "assigned_at",
            "started_at",
            "result",
            "outcome",
            "signed_by_customer",
            "unsigned",
            "unsigned_note",
            "reported_at",
            "return_reason",
            "returned_at",
            "verified_at",
            "closed_at",
            "closed_by",
            "reissue_of",
            "redispatch_of",
            "archived_at",
            "version",
            "clocks",
        ]


class AssignIn(VersionIn):
    # read by the service with the department's staff
    assignee = CheckedByServiceField(User, core_selectors.people_for)


class ReportIn(VersionIn):
    """SD-8: the result, or with ``outcome`` ``not_soon`` why it cannot be handled soon; the
    customer's drawn signature or name, or ``unsigned`` (no customer to sign: public area,
    internal matter, machine-room order; or the customer refused)."""

    result = serializers.CharField(max_length=4000)
    outcome = serializers.ChoiceField(choices=ReportOutcome.choices, default=ReportOutcome.DONE)
    unsigned = serializers.ChoiceField(
        choices=Unsigned.choices, required=False, allow_blank=True, default=""
    )
    unsigned_note = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    signed_by_customer = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    signature_png_base64 = SignatureField(
        source="signature_png", required=False, allow_blank=True, default=""
    )


class ReturnIn(VersionIn):
    reason = serializers.CharField(allow_blank=True)


class OrderViewSet(
    OrderPhotosMixin,
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
        "correct": StepAction(corrections.correct_order, corrections.OrderCorrectIn),
    }

    def get_queryset(self):
        orders = selectors.orders_for(self.request.user).order_by("-dispatched_at", "-id")
        if self.action == "list":
            # A list row names only its form's serial and who acknowledged it (the other
            # relations are ids): two joins instead of eight.
            orders = orders.select_related(None).select_related("form", "acknowledged_by")
        return orders
