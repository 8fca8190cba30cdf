"""The machine room's API for equipment loans (MR-13): the head's approval, hand-out and return."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import ScopedField, StepAction, VersionIn, valid

from .. import selectors
from ..filtersets.loans import LoanFilter
from ..models import Equipment, Loan, LoanLine
from ..services import loans
from .common import Scope, SiteRecords, created, optional_text


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
    borrower = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
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
    damaged = ScopedField(
        Equipment,
        selectors.equipment_for,
        many=True,
        required=False,
        default=list,
        help_text="Items of this loan returned damaged.",
    )
    storage = optional_text(max_length=120)
    damage = optional_text()


class LoanViewSet(SiteRecords):
    """Loans (MR-13), the overdue first (filters ``site``, ``state``). ``create`` records a loan
    asked for; the head ``approve``s or ``refuse``s (reason); the desk ``hand_out``s (status on
    loan, a clock to the due date), takes it back (``return``, damaged items → damage reports)
    or ``cancel``s."""

    serializer_class = LoanOut
    filterset_class = LoanFilter
    scope = Scope(selectors.loans_for, selectors.get_loan, prefetch=("lines__equipment",))
    steps = {
        "approve": StepAction(loans.approve_loan, LoanNoteIn),
        "refuse": StepAction(loans.refuse_loan, LoanNoteIn),
        "hand_out": StepAction(loans.hand_out_loan, LoanNoteIn),
        "cancel": StepAction(loans.cancel_loan, LoanNoteIn),
        "return": StepAction(loans.return_loan, LoanReturnIn),
    }

    def step_response(self, loan, result, step):
        """The loan as its list shows it, read again."""
        return Response(LoanOut(self.get_step_record(loan.pk)).data)

    @extend_schema(request=LoanIn, responses={201: LoanOut})
    def create(self, request):
        data = valid(LoanIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.ledger")
        data["lines"] = [
            (selectors.get_equipment(request.user, line["equipment"]), line["quantity"])
            for line in data["lines"]
        ]
        return created(LoanOut, loans.request_loan(request.user, site=site, **data))
