"""The machine room's API for equipment loans (MR-13): the head's approval, hand-out and return."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.rest import VersionIn, valid

from .. import selectors
from ..choices import LoanState
from ..models import (
    Loan,
    LoanLine,
)
from ..services import loans
from .common import STAFF, filtered, optional_text


class LoanLineOut(serializers.ModelSerializer):
    name = serializers.CharField(source="equipment.__str__", read_only=True)

    class Meta:
        model = LoanLine
        fields = ["equipment", "name", "quantity"]


class LoanOut(serializers.ModelSerializer):
    lines = LoanLineOut(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Loan
        fields = [
            "id",
            "site",
            "serial",
            "state",
            "overdue",
            "borrower",
            "borrower_name",
            "organisation",
            "phone",
            "purpose",
            "due_on",
            "lines",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "handed_out_by",
            "handed_out_at",
            "returned_at",
            "received_by",
            "return_note",
            "version",
        ]

    def get_overdue(self, loan) -> bool:
        return loans.is_overdue(loan)


class LoanLineIn(serializers.Serializer):
    equipment = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, default=1)


class LoanIn(serializers.Serializer):
    site = serializers.IntegerField()
    borrower = serializers.PrimaryKeyRelatedField(
        queryset=STAFF, required=False, allow_null=True, default=None
    )
    borrower_name = optional_text(max_length=60)
    organisation = optional_text(max_length=100)
    phone = optional_text(max_length=20)
    purpose = serializers.CharField()
    due_on = serializers.DateField()
    lines = LoanLineIn(many=True)


class LoanNoteIn(VersionIn):
    note = optional_text()


class LoanReturnIn(VersionIn):
    note = optional_text()
    damaged = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    storage = optional_text(max_length=120)
    damage = optional_text()


class LoanViewSet(viewsets.ReadOnlyModelViewSet):
    """Loans (MR-13), the overdue first (filters ``site``, ``state``). ``create`` records a loan
    asked for; the head ``approve``s or ``refuse``s (reason); the desk ``hand_out``s (status on
    loan, a clock to the due date), takes it back (``return``, damaged items → damage reports)
    or ``cancel``s."""

    serializer_class = LoanOut

    def get_queryset(self):
        qs = filtered(self.request, selectors.loans_for(self.request.user), state=LoanState)
        return qs.prefetch_related("lines__equipment")

    @extend_schema(request=LoanIn, responses={201: LoanOut})
    def create(self, request):
        data = valid(LoanIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.ledger")
        data["lines"] = [
            (selectors.get_equipment(request.user, line["equipment"]), line["quantity"])
            for line in data["lines"]
        ]
        return Response(
            LoanOut(loans.request_loan(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    def _step(self, request, pk, service, serializer_class):
        loan = service(
            request.user,
            selectors.get_loan(request.user, pk),
            **valid(serializer_class, request.data),
        )
        return Response(LoanOut(selectors.get_loan(request.user, loan.pk)).data)

    @extend_schema(request=LoanNoteIn, responses=LoanOut)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, pk, loans.approve_loan, LoanNoteIn)

    @extend_schema(request=LoanNoteIn, responses=LoanOut)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(request, pk, loans.refuse_loan, LoanNoteIn)

    @extend_schema(request=LoanNoteIn, responses=LoanOut)
    @action(detail=True, methods=["post"])
    def hand_out(self, request, pk=None):
        return self._step(request, pk, loans.hand_out_loan, LoanNoteIn)

    @extend_schema(request=LoanNoteIn, responses=LoanOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(request, pk, loans.cancel_loan, LoanNoteIn)

    @extend_schema(request=LoanReturnIn, responses=LoanOut)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def give_back(self, request, pk=None):
        loan = selectors.get_loan(request.user, pk)
        data = valid(LoanReturnIn, request.data)
        items = {
            line.equipment_id: line.equipment for line in loan.lines.select_related("equipment")
        }
        missing = [pk for pk in data["damaged"] if pk not in items]
        if missing:
            raise serializers.ValidationError(
                {"damaged": [_("Choose among the items of this loan.")]}
            )
        data["damaged"] = [items[pk] for pk in data["damaged"]]
        loans.return_loan(request.user, loan, **data)
        return Response(LoanOut(selectors.get_loan(request.user, loan.pk)).data)
