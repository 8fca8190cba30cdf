"""Corrections over the API (SD-3, SD-12): the bodies of a form's and an order's correction and
of a void, the problems named when a batch is returned, and the corrections queue with its
"fix" step. The correction actions themselves belong to the form and order viewsets."""

import dataclasses

from rest_framework import mixins, serializers, viewsets

from infocenter.core import selectors as core_selectors
from infocenter.core.api import ScopedObjectMixin
from infocenter.core.models import Department, Room, User
from infocenter.core.rest import ScopedField, StepAction, StepActionsMixin, VersionIn

from .. import selectors, services
from ..choices import Category, Priority, ReporterKind, Source, VoidReason
from ..filtersets import ProblemFilter
from ..models import BatchProblem, Resident, ServiceForm, WorkOrder


class FormCorrectIn(VersionIn):
    """The reason and only the fields to correct; the others keep their values."""

    reason = serializers.CharField(max_length=500)
    source = serializers.ChoiceField(choices=Source.choices, required=False)
    reporter_kind = serializers.ChoiceField(choices=ReporterKind.choices, required=False)
    reporter_name = serializers.CharField(max_length=50, required=False)
    reporter_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    major = serializers.BooleanField(required=False)
    content = serializers.CharField(max_length=2000, required=False)
    received_at = serializers.DateTimeField(required=False)
    room = ScopedField(Room, core_selectors.rooms_for, required=False, allow_null=True)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True)
    resident = ScopedField(Resident, selectors.residents_for, required=False, allow_null=True)


def correct_form(actor, form: ServiceForm, *, version: int, reason: str, **given):
    """The API's body → ``services.correct_form`` with the fields not given unchanged."""
    values = dataclasses.replace(services.FormFields.of(form), **given)
    return services.correct_form(actor, form, version=version, reason=reason, values=values)


class VoidIn(VersionIn):
    reason = serializers.ChoiceField(choices=VoidReason.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class OrderCorrectIn(VersionIn):
    reason = serializers.CharField(max_length=500)
    instructions = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    department = ScopedField(Department, core_selectors.departments_for, required=False)


def correct_order(actor, order: WorkOrder, *, version: int, reason: str, **given):
    """The API's body → ``services.correct_order`` with the fields not given unchanged."""
    values = dataclasses.replace(services.OrderFields.of(order), **given)
    return services.correct_order(actor, order, version=version, reason=reason, values=values)


class ProblemIn(serializers.Serializer):
    """A problem named on a form of the batch, or on one of its orders (SD-12)."""

    form = ScopedField(ServiceForm, selectors.forms_for)
    order = ScopedField(
        WorkOrder, selectors.orders_for, required=False, allow_null=True, default=None
    )
    problem = serializers.CharField(max_length=200)
    responsible = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
    )


class ProblemOut(serializers.ModelSerializer):
    form_serial = serializers.CharField(source="form.serial", read_only=True)
    order_serial = serializers.CharField(source="order.serial", read_only=True, default=None)

    class Meta:
        model = BatchProblem
        fields = [
            "id",
            "site",
            "batch",
            "form",
            "form_serial",
            "order",
            "order_serial",
            "problem",
            "responsible",
            "state",
            "created_at",
            "created_by",
            "fixed_at",
            "fixed_by",
            "fix_note",
            "version",
        ]


class FixIn(VersionIn):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ProblemViewSet(
    StepActionsMixin,
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """SD-12: problems named by the data manager on returned batches, in the responsible
    person's queue until marked fixed (``?mine=true&state=open``: one's own to do)."""

    serializer_class = ProblemOut
    filterset_class = ProblemFilter
    steps = {"fix": StepAction(services.fix_batch_problem, FixIn)}

    def get_queryset(self):
        return selectors.problems_for(self.request.user).order_by("state", "created_at", "pk")
